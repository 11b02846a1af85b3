"""Site, provider and recipient profiles: load them, check them, start new ones.

Profiles are YAML files in site_profiles/, one per record and named by its id. The JSON Schemas in
site_profiles/schema/ are the contract; the checks here add what a schema can't say (sources that
resolve, real dates, ids that match their files and each other). Every problem names the file, the
line and the field, and says in plain English what to do. The rules are in site_profiles/README.md.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from sarkit import clock, paths
from sarkit.public_web import url_problem

Day = date

FACT_NAMES = (
    "data_controller",
    "use_is_mandatory",
    "provider_access_by_default",
    "dwp_access_by_default",
    "user_can_turn_off_access",
)

FACT_LABELS = {
    "data_controller": "Who controls your data",
    "use_is_mandatory": "Do you have to use it",
    "provider_access_by_default": "Can the provider see your account",
    "dwp_access_by_default": "Can DWP see your account",
    "user_can_turn_off_access": "Can you turn that access off",
    "lawful_basis": "The lawful basis it gives for using your data",
}

VALUE_LABELS = {
    "unknown": "Not known",
    "voluntary": "No, it is voluntary",
    "mandatory": "Yes, it is mandatory",
    "depends": "It depends",
    "yes": "Yes",
    "no": "No",
    "processor": "Processor: it handles your data only for DWP",
    "joint-controller": "Joint controller: it and DWP decide together how your data is used",
    "controller": "Controller: it decides how your data is used",
    "active": "Open",
    "closed": "Closed",
    "consent": "Consent: you agreed, and you can withdraw it",
    "public-task": "Public task: a task in the public interest, or official authority",
    "legitimate-interests": "Legitimate interests",
    "recognised-legitimate-interest": "A recognised legitimate interest",
    "contract": "A contract with you",
    "legal-obligation": "A legal obligation",
}

NATIONS = ("england", "wales", "scotland", "northern-ireland")
NATION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
LAWFUL_BASES = (
    "consent",
    "public-task",
    "legitimate-interests",
    "recognised-legitimate-interest",
    "contract",
    "legal-obligation",
    "depends",
    "unknown",
)

KINDS = {"site": "sites", "provider": "providers", "recipient": "recipients"}
SEEDS_FILE = "seeds.yaml"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE_KEYS = frozenset({"date", "accessed", "from", "until", "last_checked", "verified_on"})


# ---------------------------------------------------------------------------------------------
# The records


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a web page (url), a seed document (seed), or both."""

    title: str
    url: str | None = None
    seed: str | None = None
    date: Day | None = None  # a field named date would hide the type: Day is datetime.date
    accessed: Day | None = None
    quote: str = ""

    @property
    def link(self) -> str | None:
        return self.url


@dataclass(frozen=True)
class Fact:
    """A value with its sources; `history` marks what was true under a scheme that has ended."""

    value: str
    sources: tuple[Source, ...] = ()
    history: bool = False
    note: str = ""

    @property
    def known(self) -> bool:
        return self.value != "unknown"

    @property
    def label(self) -> str:
        """The value in plain English (free-text values, like an organisation, as written)."""
        return VALUE_LABELS.get(self.value, self.value)


@dataclass(frozen=True)
class Link:
    """One side of "this provider told people to use this site": with dates, or as history."""

    id: str
    history: bool = False
    from_year: int | None = None
    until_year: int | None = None
    sources: tuple[Source, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Nations:
    """The nations a provider works in; empty when no source says (then it is offered in all)."""

    value: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str = ""

    def include(self, nation: str) -> bool:
        return not self.value or not nation or nation in self.value

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(NATION_NAMES[n] for n in self.value)


UNKNOWN = Fact("unknown")


@dataclass(frozen=True)
class Scheme:
    name: str
    from_year: int | None = None
    until_year: int | None = None
    history: bool = False
    sources: tuple[Source, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    aliases: tuple[str, ...]
    urls: tuple[str, ...]
    summary: str
    status: str
    status_from: date | None
    status_until: date | None
    status_sources: tuple[Source, ...]
    operator: Fact
    used_by: tuple[Link, ...]
    schemes: tuple[Scheme, ...]
    privacy_policy_url: str | None
    terms_url: str | None
    last_checked: date | None
    facts: dict[str, Fact] = field(hash=False)
    file: Path
    status_note: str = ""
    letters_to: str = "operator"  # "department": DWP (DfC in NI) controls it; "site": its operator
    address: tuple[str, ...] = ()  # the operator's, where a source gives it (for letters_to: site)
    email: str | None = None
    web_form: str | None = None
    contact_sources: tuple[Source, ...] = ()

    @property
    def lawful_basis(self) -> Fact:
        return self.facts.get("lawful_basis", UNKNOWN)


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    history: bool
    schemes: tuple[Scheme, ...]
    role: Fact
    sites: tuple[Link, ...]
    address: tuple[str, ...]
    email: str | None
    web_form: str | None
    contact_sources: tuple[Source, ...]
    privacy_notice_url: str | None
    file: Path
    nations: Nations = Nations()
    lawful_basis: Fact = UNKNOWN
    department: bool = False  # part of DWP (Jobcentre Plus) or of DfC (Jobs & Benefits offices)
    phone: str | None = None

    @property
    def reachable(self) -> bool:
        """Whether a source gives somewhere to send a letter (a post, email or web address)."""
        return bool(self.address or self.email or self.web_form)


@dataclass(frozen=True)
class Recipient:
    """Where a letter goes: `name` is the address's first line, `address` the lines after it."""

    id: str
    name: str
    organisation: str
    role: str
    nations: tuple[str, ...]
    address: tuple[str, ...]
    address_sources: tuple[Source, ...]
    email: str | None
    email_sources: tuple[Source, ...]
    web_form: str | None
    web_form_sources: tuple[Source, ...]
    phone: str | None
    phone_sources: tuple[Source, ...]
    whatdotheyknow: str | None
    verified: bool
    verified_on: date | None
    verified_by: str | None
    check_url: str | None
    note: str
    sources: tuple[Source, ...]
    file: Path

    @property
    def needs_checking(self) -> bool:
        return not self.verified


@dataclass(frozen=True)
class Seed:
    """One of the documents the project started from; `date` as the document shows it."""

    id: str
    title: str
    date: str | None
    origin: str
    url: str | None = None


@dataclass(frozen=True)
class Catalogue:
    sites: dict[str, Site] = field(hash=False)
    providers: dict[str, Provider] = field(hash=False)
    recipients: dict[str, Recipient] = field(hash=False)
    seeds: dict[str, Seed] = field(hash=False)

    def site(self, id: str) -> Site | None:
        return self.sites.get(id)

    def provider(self, id: str) -> Provider | None:
        return self.providers.get(id)

    def recipient(self, id: str) -> Recipient | None:
        return self.recipients.get(id)

    def links(self, site: Site, provider: Provider) -> tuple[Link, ...]:
        """What the two profiles say of "this provider told people to use this site"."""
        return (
            *(k for k in site.used_by if k.id == provider.id),
            *(k for k in provider.sites if k.id == site.id),
        )

    def sites_used_by(self, provider_id: str) -> list[Site]:
        """Sites that name the provider in `used_by`, or that the provider names in `sites`:
        those it uses today first, then those it used under an arrangement that has ended."""
        provider = self.providers.get(provider_id)
        if provider is None:
            return []
        linked = [s for s in self.sites.values() if self.links(s, provider)]
        return sorted(linked, key=lambda s: link_is_history(self.links(s, provider), s))

    def in_use_today(self, site: Site) -> bool:
        """Open, or not known to have closed and named by a source about an arrangement that
        has not ended: MyWorkSearch, whose only sources are from 2011, is a thing of the past."""
        if site.status != "unknown":
            return site.status == "active"
        return any(
            not link_is_history(self.links(site, p), site) for p in self.providers_using(site)
        )

    def providers_using(self, site: Site) -> list[Provider]:
        """Providers linked to the site either way, today's first."""
        linked = [p for p in self.providers.values() if self.links(site, p)]
        return sorted(linked, key=lambda p: link_is_history(self.links(site, p), site))


def link_is_history(links: tuple[Link, ...], site: Site) -> bool:
    """A link is history when any side says so, or when the site itself has closed."""
    return site.status == "closed" or any(k.history for k in links)


# ---------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, said so that a volunteer knows what to do."""

    file: str
    field: str
    message: str
    line: int | None = None
    rule: str = ""  # the rule it enforces, as numbered in site_profiles/README.md ("Rules")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{self.message}"


class ProfileError(Exception):
    """The profiles have problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more." if len(problems) > 20 else ""
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The profiles have {count}:\n{shown}{more}")


# ---------------------------------------------------------------------------------------------
# Reading YAML safely, remembering where each field is


@dataclass(frozen=True)
class _Document:
    data: Any
    root: yaml.Node


def _read_yaml(text: str, rel: str) -> tuple[_Document | None, list[Problem]]:
    """Parse with yaml.safe_load only; a file that won't parse becomes a Problem, never a crash."""
    try:
        data, root = _parse(text)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, rel)]
    except ValueError:  # an unquoted date that doesn't exist, like 2018-02-30
        return None, _impossible_dates(yaml.compose(text, Loader=_NODE_LOADER), rel)
    if root is None:
        return None, [
            Problem(
                rel, "", "The file is empty. Start from the file in _templates/.", rule="schema"
            )
        ]
    alias = _first_alias(root)
    if alias is not None:  # a repeated node may refer to itself, or multiply into millions
        return None, [
            Problem(
                rel,
                "",
                "This file repeats a value with & and * (an anchor and "
                "an alias). Profiles don't use them: write the value out in full.",
                alias.start_mark.line + 1,
                "yaml",
            )
        ]
    return _Document(_plain(data), root), _duplicate_keys(root, rel)


def _first_alias(root: yaml.Node) -> yaml.Node | None:
    """A list or mapping node met twice in the tree: that is what an alias makes."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, yaml.CollectionNode):
            continue
        if id(node) in seen:
            return node
        seen.add(id(node))
        children = (
            node.value
            if isinstance(node, yaml.SequenceNode)
            else [n for pair in node.value for n in pair]
        )
        stack.extend(children)
    return None


# Composing builds nodes (with their line numbers) and never Python objects, so the fast C
# composer is as safe as the pure-Python one; the data itself comes only from yaml.safe_load.
_NODE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of one file's text; the same text is parsed only once."""
    root = yaml.compose(text, Loader=_NODE_LOADER)
    return yaml.safe_load(text), root


def _yaml_problem(error: yaml.YAMLError, rel: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        return Problem(
            rel,
            "",
            "This file uses a YAML tag (like !!python/object) that profiles "
            "may not use. Remove it: a profile holds only text, numbers, dates, lists "
            "and fields.",
            line,
            "yaml",
        )
    return Problem(
        rel,
        "",
        f"This is not valid YAML ({problem}). Check the indentation, the "
        "colons and the quotes on this line and the one before; text that contains "
        "': ' or starts with a symbol needs quotes.",
        line,
        "yaml",
    )


def _impossible_dates(root: yaml.Node, rel: str) -> list[Problem]:
    problems = []
    for node in _scalars(root):
        timestamp = node.tag.endswith(":timestamp") and _DATE.fullmatch(node.value)
        if timestamp and not _real(node.value):
            problems.append(
                Problem(
                    rel,
                    "",
                    f"{node.value} is not a real date. Check the day and the month.",
                    node.start_mark.line + 1,
                    "real-dates",
                )
            )
    return problems or [
        Problem(rel, "", "A value in this file can't be read. Check the dates.", rule="real-dates")
    ]


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _duplicate_keys(node: yaml.Node, rel: str, path: tuple = ()) -> list[Problem]:
    """YAML keeps only the last of two equal keys, silently: report them instead."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(
                    Problem(
                        rel,
                        _dotted((*path, key.value)),
                        "This field appears "
                        "twice here, and YAML keeps only the last one. Merge the "
                        "two into one.",
                        key.start_mark.line + 1,
                        "yaml",
                    )
                )
            seen.add(key.value)
            problems += _duplicate_keys(value, rel, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, rel, (*path, index))
    return problems


def _plain(value: Any) -> Any:
    """JSON-like data: dates as YYYY-MM-DD text (as JSON Schema sees them), keys as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _line(root: yaml.Node | None, path: tuple) -> int | None:
    """The line of the field at `path`, or of the nearest enclosing field that exists."""
    node, line = root, (root.start_mark.line + 1 if root else None)
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _dotted(path: tuple | list) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# ---------------------------------------------------------------------------------------------
# The schema, with its errors said in plain English


def _schema_dir(directory: Path) -> Path:
    own = directory / "schema"
    return own if own.is_dir() else paths.ROOT / "site_profiles" / "schema"


def _validators(sources: tuple[tuple[str, str], ...]) -> dict[str, Draft202012Validator]:
    """One validator per kind from the schema files' (name, text) pairs; `$ref`s between files."""
    schemas = {name: json.loads(text) for name, text in sources}
    registry = Registry().with_resources(
        (name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items()
    )
    return {
        name.removesuffix(".schema.json"): Draft202012Validator(schema, registry=registry)
        for name, schema in schemas.items()
    }


_PREFERENCE = ("enum", "type", "pattern", "minItems", "uniqueItems", "anyOf", "minimum", "maximum")


def _schema_problems(validator: Draft202012Validator, doc: _Document, rel: str) -> list[Problem]:
    best: dict[str, tuple[int, Problem]] = {}
    for error in validator.iter_errors(doc.data):
        for path, message in _explain(error):
            rank = _PREFERENCE.index(error.validator) if error.validator in _PREFERENCE else 99
            key = _dotted(path)
            if key not in best or rank < best[key][0]:
                line = _line(doc.root, path)
                best[key] = (rank, Problem(rel, key, message, line, "schema"))
    return [problem for _, problem in best.values()]


def _explain(error: ValidationError) -> list[tuple[tuple, str]]:
    """Turn one schema error into (field path, plain-English message) pairs."""
    path, value, rule = tuple(error.absolute_path), error.instance, error.validator
    hint = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    if rule == "required":
        return [
            (
                (*path, name),
                f"The field '{name}' is missing. Add it: the file in "
                "_templates/ shows every field, with what to write.",
            )
            for name in error.validator_value
            if name not in value
        ]
    if rule == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            (
                (*path, name),
                f"'{name}' is not a field here. Check its spelling against the "
                "file in _templates/, or remove it.",
            )
            for name in value
            if name not in known
        ]
    if path == () and value is None:
        return [(path, "The file is empty. Start from the file in _templates/.")]
    return [(path, _sentence(rule, value, error.validator_value, hint))]


def _sentence(rule: str, value: Any, expected: Any, hint: str) -> str:
    if isinstance(value, bool) and rule in ("enum", "type", "pattern"):
        return (
            'Write this in quotes, like "yes" or "no": without quotes YAML reads yes '
            f"and no as true and false. {hint}"
        ).strip()
    if rule == "enum":
        return f"{value!r} is not allowed here. Write one of: {', '.join(map(str, expected))}."
    if rule == "type":
        return f"This should be {_kinds(expected)}, not {_kind_of(value)}. {hint}".strip()
    if rule == "pattern":
        if value.strip() == "":
            return f"This is empty. {hint}".strip()
        return f"{value!r} is not in the right form. {hint}".strip()
    if rule == "minItems":
        return f"This list needs at least {expected} entr{'y' if expected == 1 else 'ies'}."
    if rule == "uniqueItems":
        return "This list has the same entry twice. Remove the repeat."
    if rule in ("minimum", "maximum"):
        return f"{value!r} is out of range. {hint}".strip()
    return hint or f"This is not what is expected here: {value!r}."


_KIND_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a set of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _kinds(expected: str | list[str]) -> str:
    names = [_KIND_NAMES.get(e, e) for e in ([expected] if isinstance(expected, str) else expected)]
    return " or ".join(names)


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    for kind, python in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python):
            return _KIND_NAMES[kind]
    return type(value).__name__


# ---------------------------------------------------------------------------------------------
# Checks a schema can't express


@dataclass(frozen=True)
class _Context:
    seeds: frozenset[str]
    ids: dict[str, frozenset[str]]  # kind folder -> ids of the files in it
    today: date


def _walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _rule_problems(doc: _Document, rel: str, kind: str, ctx: _Context) -> list[Problem]:
    found: list[tuple[tuple, str, str]] = []
    data = doc.data
    if isinstance(data, dict):
        found += _tagged("id-matches-file", _id_problems(data, Path(rel).stem))
        for path, node in _walk(data):
            found += _node_problems(path, node, ctx)
        found += _tagged("references", _reference_problems(data, kind, ctx))
        if kind == "recipients":
            found += _tagged("recipients", _recipient_problems(data))
        if kind == "sites":
            found += _tagged("letters-to", _letters_to_problems(data))
    return [
        Problem(rel, _dotted(path), message, _line(doc.root, path), rule)
        for path, message, rule in found
    ]


def _tagged(rule: str, found: list[tuple[tuple, str]]) -> list[tuple[tuple, str, str]]:
    return [(path, message, rule) for path, message in found]


def _id_problems(data: dict, stem: str) -> list[tuple[tuple, str]]:
    profile_id = data.get("id")
    if isinstance(profile_id, str) and profile_id != stem:
        return [
            (
                ("id",),
                f"The id is '{profile_id}' but the file is called '{stem}.yaml'. They "
                f"must match: rename the file to {profile_id}.yaml, or change the id.",
            )
        ]
    if not _ID.fullmatch(stem):
        return [
            (
                ("id",),
                f"The file name '{stem}.yaml' is not a valid id. Use lower-case "
                "letters and digits with single hyphens, like find-a-job.yaml.",
            )
        ]
    return []


def _node_problems(path: tuple, node: Any, ctx: _Context) -> list[tuple[tuple, str, str]]:
    found: list[tuple[tuple, str, str]] = []
    if isinstance(node, dict):
        if path and isinstance(node.get("sources"), list) and not node["sources"]:
            found += _tagged("fact-needs-source", _unsourced(path, node))
        if len(path) >= 2 and path[-2] == "sources":
            found += _tagged("source-complete", _unlisted_seed(path, node, ctx))
            found += _tagged("real-dates", _read_too_early(path, node))
        found += _tagged("real-dates", _order_problems(path, node))
        for key, value in node.items():
            if key in _DATE_KEYS:
                found += _tagged("real-dates", _date_problems((*path, key), value, ctx.today))
            if (key == "url" or key.endswith("_url")) and isinstance(value, str):
                found += _tagged("public-urls", _url_problems((*path, key), value))
    return found


def _url_problems(path: tuple, url: str) -> list[tuple[tuple, str]]:
    """The checker fetches these addresses: each must be a public web page (no SSRF)."""
    if problem := url_problem(url):
        return [(path, f"{problem} A profile may only point to a public web page.")]
    return []


def _unsourced(path: tuple, node: dict) -> list[tuple[tuple, str]]:
    """Anything a profile states needs a source; `unknown` and empty details don't."""
    if "value" in node:
        if node["value"] in ("unknown", None, []):  # [] is a list (nations) that no source fills
            return []
        return [
            (
                path,
                f"This says {node['value']!r} but gives no source. Add a source under "
                "sources (title, url or seed, date, accessed, quote), or set the value to "
                "unknown.",
            )
        ]
    details = {k: v for k, v in node.items() if k not in ("sources", "history", "note")}
    if not any(v not in (None, [], "") for v in details.values()):
        return []
    return [
        (
            (*path, "sources"),
            "These details have no source. Add a source (title, url or "
            "seed, date, accessed, quote), or remove the details.",
        )
    ]


def _unlisted_seed(path: tuple, node: dict, ctx: _Context) -> list[tuple[tuple, str]]:
    seed = node.get("seed")
    if not isinstance(seed, str) or seed in ctx.seeds:
        return []
    return [
        (
            (*path, "seed"),
            f"The seed '{seed}' is not listed in seeds.yaml. Use the id of a "
            "listed seed (its file name without .txt), or add it there.",
        )
    ]


def _read_too_early(path: tuple, node: dict) -> list[tuple[tuple, str]]:
    published, accessed = _as_date(node.get("date")), _as_date(node.get("accessed"))
    if not (published and accessed and accessed < published):
        return []
    return [
        (
            (*path, "accessed"),
            f"This says the source was read on {accessed}, before its own "
            f"date ({published}). Check both dates.",
        )
    ]


def _order_problems(path: tuple, node: dict) -> list[tuple[tuple, str]]:
    start, end = node.get("from"), node.get("until")
    if isinstance(start, str) and isinstance(end, str):
        start, end = _as_date(start), _as_date(end)
    ordered = isinstance(start, int | date) and type(start) is type(end)
    if ordered and start > end:  # type: ignore[operator]  # same type, checked just above
        return [
            (
                (*path, "until"),
                f"This ends ({end}) before it starts ({start}). Check 'from' and 'until'.",
            )
        ]
    return []


def _date_problems(path: tuple, value: Any, today: date) -> list[tuple[tuple, str]]:
    if isinstance(value, int) and not isinstance(value, bool) and value > today.year:
        return [
            (
                path,
                f"{value} is in the future. A profile records what has already happened: "
                "check the year, or write null.",
            )
        ]
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return []
    if not _real(value):
        return [(path, f"{value} is not a real date. Check the day and the month.")]
    if date.fromisoformat(value) > today:
        return [
            (
                path,
                f"{value} is in the future. A profile records what has already happened: "
                "check the date.",
            )
        ]
    return []


def _reference_problems(data: dict, kind: str, ctx: _Context) -> list[tuple[tuple, str]]:
    field_name, target = {"sites": ("used_by", "providers"), "providers": ("sites", "sites")}.get(
        kind, (None, None)
    )
    if field_name is None or target is None:
        return []
    refs = _link_ids(data.get(field_name))
    found = [
        (
            (field_name, i),
            f"There is no {target[:-1]} profile '{ref}' ({target}/{ref}.yaml). "
            f"Check the id, or add that profile first.",
        )
        for i, ref in enumerate(refs)
        if isinstance(ref, str) and ref not in ctx.ids[target]
    ]
    found += [
        (
            (field_name, i),
            f"'{ref}' is listed twice. Keep one entry (with its dates and "
            "sources, if it has them).",
        )
        for i, ref in enumerate(refs)
        if isinstance(ref, str) and ref in refs[:i]
    ]
    return found


def _letters_to_problems(data: dict) -> list[tuple[tuple, str]]:
    """Letters go to the department only where a source says the department controls the data."""
    controller = (data.get("facts") or {}).get("data_controller") or {}
    to = data.get("letters_to")
    if to in ("department", "site") and controller.get("value") in ("unknown", None):
        return [
            (
                ("letters_to",),
                f"letters_to is {to}, but the data_controller fact is "
                "unknown. Letters go past the provider only when a source says who controls "
                "the data: source data_controller first, or remove letters_to.",
            )
        ]
    contact = data.get("contact") or {}
    if to == "site" and not any(contact.get(k) for k in ("address", "email", "web_form")):
        return [
            (
                ("letters_to",),
                "letters_to is site, but the site has no contact: give the "
                "sourced address, email or web form of its operator under contact.",
            )
        ]
    return []


def _recipient_problems(data: dict) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    if data.get("role") == "sar" and data.get("whatdotheyknow"):
        found.append(
            (
                ("whatdotheyknow",),
                "WhatDoTheyKnow publishes every request, so it must "
                "never be offered for a request for someone's own data. Write null.",
            )
        )
    if data.get("verified") is True and not (data.get("verified_on") and data.get("verified_by")):
        found.append(
            (
                ("verified",),
                "A verified recipient needs verified_on (the date) and "
                "verified_by (who checked). Add them, or set verified to false.",
            )
        )
    if data.get("verified") is False and (data.get("verified_on") or data.get("verified_by")):
        found.append(
            (
                ("verified",),
                "verified is false, so verified_on and verified_by must be "
                "null. Set verified to true only if a person checked the details.",
            )
        )
    has_details = any(data.get(k) for k in ("address", "email", "web_form"))
    if data.get("verified") is False and has_details and not data.get("check_url"):
        found.append(
            (
                ("check_url",),
                "Details nobody has checked need a check_url: the page "
                "where a person can check them before they send.",
            )
        )
    return found


def _real(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _as_date(value: Any) -> date | None:
    if isinstance(value, str) and _DATE.fullmatch(value) and _real(value):
        return date.fromisoformat(value)
    return None


# ---------------------------------------------------------------------------------------------
# Validation over a whole folder


@dataclass(frozen=True)
class _Snapshot:
    """Everything a check depends on, so that a result can be reused until something changes."""

    directory: Path
    today: date
    schemas: tuple[tuple[str, str], ...]
    seeds: str | None
    files: tuple[tuple[str, str, str | None], ...]  # folder, file name, text (None: not UTF-8)


def _snapshot(directory: Path) -> _Snapshot:
    schemas = tuple(
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(_schema_dir(directory).glob("*.schema.json"))
    )
    seeds = directory / SEEDS_FILE
    files = tuple((folder, path.name, _text(path)) for folder, path in _profile_files(directory))
    return _Snapshot(
        directory, clock.today(), schemas, _text(seeds) if seeds.is_file() else None, files
    )


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _profile_files(directory: Path) -> Iterator[tuple[str, Path]]:
    for folder in KINDS.values():
        for path in sorted((directory / folder).glob("*")):
            if path.is_file() and not path.name.startswith("."):
                yield folder, path


def _document(text: str | None, rel: str) -> tuple[_Document | None, list[Problem]]:
    if text is None:
        return None, [
            Problem(rel, "", "The file can't be read as text. Save it as UTF-8.", rule="yaml")
        ]
    return _read_yaml(text, rel)


def _seed_problems(
    snap: _Snapshot, validator: Draft202012Validator
) -> tuple[dict[str, dict], list[Problem]]:
    """The seeds listed in seeds.yaml (by id) and the problems with that file."""
    if snap.seeds is None:
        return {}, [
            Problem(
                SEEDS_FILE,
                "",
                "seeds.yaml is missing. It lists the seed documents that sources may cite.",
                rule="seeds",
            )
        ]
    doc, problems = _read_yaml(snap.seeds, SEEDS_FILE)
    if doc is None:
        return {}, problems
    problems += _schema_problems(validator, doc, SEEDS_FILE)
    seeds: dict[str, dict] = {}
    for index, entry in enumerate(doc.data if isinstance(doc.data, list) else []):
        seed_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(seed_id, str):
            continue
        if seed_id in seeds:
            problems.append(
                Problem(
                    SEEDS_FILE,
                    f"[{index}].id",
                    f"The seed '{seed_id}' is listed twice. Remove the repeat.",
                    _line(doc.root, (index,)),
                    "seeds",
                )
            )
        seeds[seed_id] = entry
        problems += _seed_date_problems(doc, index, entry.get("date"), snap.today)
    return seeds, problems


def _seed_date_problems(doc: _Document, index: int, shown: Any, today: date) -> list[Problem]:
    """A seed's date may be partial (2011-11, as the document shows it): check what it gives."""
    if not isinstance(shown, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", shown):
        return []
    full = "-".join([*shown.split("-"), "01", "01"][:3])
    field_path, line = f"[{index}].date", _line(doc.root, (index, "date"))
    if not _real(full):
        return [Problem(SEEDS_FILE, field_path, f"{shown} is not a real date.", line, "real-dates")]
    if date.fromisoformat(full) > today:
        return [Problem(SEEDS_FILE, field_path, f"{shown} is in the future.", line, "real-dates")]
    return []


def _stray_file(rel: str, folder: str) -> Problem:
    return Problem(
        rel,
        "",
        f"{folder}/ holds only profiles named <id>.yaml. Rename this file "
        "to end in .yaml, or move it elsewhere.",
        rule="id-matches-file",
    )


@dataclass(frozen=True)
class _Result:
    problems: tuple[Problem, ...]
    parsed: dict[str, dict[str, Any]]  # folder -> id -> checked data
    seeds: dict[str, dict]


# The recipients a letter can be addressed to (sarkit.letters picks one by role and nation):
# without any of them the site would start and then fail on a letter, so they are required.
REQUIRED_RECIPIENTS = ("dwp-right-of-access", "dwp-foi", "dfc-right-of-access", "dfc-foi", "ico")


@functools.lru_cache(maxsize=8)
def _check(snap: _Snapshot) -> _Result:
    validators = _validators(snap.schemas)
    seeds, problems = _seed_problems(snap, validators["seeds"])
    ids = {
        folder: frozenset(
            name.removesuffix(".yaml")
            for f, name, _ in snap.files
            if f == folder and name.endswith(".yaml")
        )
        for folder in KINDS.values()
    }
    ctx = _Context(frozenset(seeds), ids, snap.today)
    parsed: dict[str, dict[str, Any]] = {folder: {} for folder in KINDS.values()}
    for folder, name, text in snap.files:
        rel = f"{folder}/{name}"
        if not name.endswith(".yaml"):
            problems.append(_stray_file(rel, folder))
            continue
        doc, found = _document(text, rel)
        if doc is not None:
            validator = validators[folder.removesuffix("s")]
            found += _schema_problems(validator, doc, rel) + _rule_problems(doc, rel, folder, ctx)
            parsed[folder][name.removesuffix(".yaml")] = doc.data
        problems += found
    for missing in sorted(set(REQUIRED_RECIPIENTS) - ids["recipients"]):
        problems.append(
            Problem(
                f"recipients/{missing}.yaml",
                "",
                (
                    f"This file is missing: the letters need the recipient {missing!r} "
                    f"(its name and address). Restore it from git."
                ),
            )
        )
    problems.sort(key=lambda p: (p.file, p.line or 0, p.field))
    return _Result(tuple(problems), parsed, seeds)


def validate_profiles(directory: Path) -> list[Problem]:
    """Every problem in every profile, in one run; never raises on a bad file."""
    directory = Path(directory)
    if not directory.is_dir():
        return [Problem(".", "", f"There is no profiles folder at {directory}.")]
    return list(_check(_snapshot(directory)).problems)


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read every profile; raises ProfileError listing all problems if any file is wrong.

    Until a file changes, later calls return the same Catalogue: treat it as read-only.
    """
    directory = Path(directory) if directory is not None else paths.profiles_dir()
    if not directory.is_dir():
        raise ProfileError(validate_profiles(directory))
    return _catalogue(_snapshot(directory))


@functools.lru_cache(maxsize=8)
def _catalogue(snap: _Snapshot) -> Catalogue:
    result = _check(snap)
    # A non-public address is refused by `profiles validate` (and so by CI), but does not stop
    # the catalogue loading: the checker refuses such places itself when it connects, which is
    # what protects it, and its tests point profiles at their own loopback servers.
    problems = [p for p in result.problems if p.rule != "public-urls"]
    if problems:
        raise ProfileError(problems)
    folder = snap.directory
    return Catalogue(
        sites={
            i: _site(d, folder / "sites" / f"{i}.yaml")
            for i, d in sorted(result.parsed["sites"].items())
        },
        providers={
            i: _provider(d, folder / "providers" / f"{i}.yaml")
            for i, d in sorted(result.parsed["providers"].items())
        },
        recipients={
            i: _recipient(d, folder / "recipients" / f"{i}.yaml")
            for i, d in sorted(result.parsed["recipients"].items())
        },
        seeds={
            i: Seed(i, d["title"], d.get("date"), d["origin"], d.get("url"))
            for i, d in sorted(result.seeds.items())
        },
    )


# ---------------------------------------------------------------------------------------------
# From checked data to records


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _sources(items: list[dict] | None) -> tuple[Source, ...]:
    return tuple(
        Source(
            s["title"],
            s.get("url"),
            s.get("seed"),
            _day(s.get("date")),
            _day(s.get("accessed")),
            s.get("quote", ""),
        )
        for s in items or ()
    )


def _fact(data: dict) -> Fact:
    return Fact(
        str(data["value"]),
        _sources(data["sources"]),
        data.get("history", False),
        data.get("note", ""),
    )


def _links(items: list) -> tuple[Link, ...]:
    return tuple(
        Link(i)
        if isinstance(i, str)
        else Link(
            i["id"],
            i["history"],
            i.get("from"),
            i.get("until"),
            _sources(i["sources"]),
            i.get("note", ""),
        )
        for i in items
    )


def _link_ids(items: Any) -> list[Any]:
    """The ids in a used_by or sites list, whichever way each entry is written."""
    if not isinstance(items, list):
        return []
    return [i.get("id") if isinstance(i, dict) else i for i in items]


def _schemes(items: list[dict]) -> tuple[Scheme, ...]:
    return tuple(
        Scheme(
            s["name"],
            s["from"],
            s["until"],
            s["history"],
            _sources(s["sources"]),
            s.get("note", ""),
        )
        for s in items
    )


def _site(d: dict, file: Path) -> Site:
    status = d["status"]
    return Site(
        id=d["id"],
        name=d["name"],
        aliases=tuple(d["aliases"]),
        urls=tuple(d["urls"]),
        summary=d["summary"].strip(),
        status=status["value"],
        status_from=_day(status["from"]),
        status_until=_day(status["until"]),
        status_sources=_sources(status["sources"]),
        operator=_fact(d["operator"]),
        used_by=_links(d["used_by"]),
        schemes=_schemes(d["schemes"]),
        privacy_policy_url=d["privacy_policy_url"],
        terms_url=d["terms_url"],
        last_checked=_day(d["last_checked"]),
        facts={name: _fact(fact) for name, fact in d["facts"].items()},
        file=file,
        status_note=status.get("note", ""),
        letters_to=d.get("letters_to", "operator"),
        address=tuple((d.get("contact") or {}).get("address") or ()),
        email=(d.get("contact") or {}).get("email"),
        web_form=(d.get("contact") or {}).get("web_form"),
        contact_sources=_sources((d.get("contact") or {}).get("sources")),
    )


def _provider(d: dict, file: Path) -> Provider:
    contact = d["contact"]
    return Provider(
        id=d["id"],
        name=d["name"],
        aliases=tuple(d["aliases"]),
        summary=d["summary"].strip(),
        history=d["history"],
        schemes=_schemes(d["schemes"]),
        role=_fact(d["role"]),
        sites=_links(d["sites"]),
        address=tuple(contact["address"] or ()),
        email=contact["email"],
        web_form=contact["web_form"],
        contact_sources=_sources(contact["sources"]),
        privacy_notice_url=d["privacy_notice_url"],
        file=file,
        nations=Nations(
            tuple(d["nations"]["value"]),
            _sources(d["nations"]["sources"]),
            d["nations"].get("note", ""),
        ),
        lawful_basis=_fact(d["lawful_basis"]) if "lawful_basis" in d else UNKNOWN,
        department=d.get("department", False),
        phone=contact.get("phone"),
    )


def _recipient(d: dict, file: Path) -> Recipient:
    address, email, form, phone = (
        d.get(k) or {} for k in ("address", "email", "web_form", "phone")
    )
    return Recipient(
        id=d["id"],
        name=d["name"],
        organisation=d["organisation"],
        role=d["role"],
        nations=tuple(d["nations"]),
        address=tuple(address.get("lines", ())),
        address_sources=_sources(address.get("sources")),
        email=email.get("value"),
        email_sources=_sources(email.get("sources")),
        web_form=form.get("url"),
        web_form_sources=_sources(form.get("sources")),
        phone=phone.get("value"),
        phone_sources=_sources(phone.get("sources")),
        whatdotheyknow=d["whatdotheyknow"],
        verified=d["verified"],
        verified_on=_day(d["verified_on"]),
        verified_by=d["verified_by"],
        check_url=d["check_url"],
        note=d.get("note", "").strip(),
        sources=_sources(d.get("sources")),
        file=file,
    )


# ---------------------------------------------------------------------------------------------
# Starting a new profile


def slugify(name: str) -> str:
    """An id from a name: 'Reed in Partnership' -> 'reed-in-partnership'."""
    without_apostrophes = re.sub(r"['\u2019]", "", name)  # "Siân's" -> "sians", not "sian-s"
    ascii_name = unicodedata.normalize("NFKD", without_apostrophes).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")


def new_profile(kind: str, name: str, directory: Path | None = None) -> Path:
    """Write a starter profile from _templates/<kind>.yaml, with the id made from the name."""
    if kind not in KINDS:
        raise ValueError(
            f"There is no kind of profile called {kind!r}. Choose site, provider or recipient."
        )
    profile_id = slugify(name)
    if not profile_id:
        raise ValueError("Give a name with at least one letter or digit in it.")
    directory = Path(directory) if directory is not None else paths.profiles_dir()
    target = directory / KINDS[kind] / f"{profile_id}.yaml"
    text = _template(kind, directory).replace("__ID__", profile_id)
    text = text.replace("__NAME__", json.dumps(name.strip(), ensure_ascii=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise FileExistsError(
            f"There is already a {kind} profile at {target}. Edit that file, "
            "or choose a different name."
        ) from None
    return target


def _template(kind: str, directory: Path) -> str:
    own = directory / "_templates" / f"{kind}.yaml"
    path = own if own.is_file() else paths.ROOT / "site_profiles" / "_templates" / f"{kind}.yaml"
    return path.read_text(encoding="utf-8")
