"""The volunteers' check of the privacy and terms pages that profiles point to.

For every site's `privacy_policy_url` and `terms_url`, and every provider's `privacy_notice_url`,
fetch the page politely, keep only its readable text, compare that with the snapshot stored in
`site_profiles/snapshots/`, and say per page what happened:

    unchanged  the text is the same as the snapshot
    changed    the text differs (a short diff shows how)
    moved      the address redirects somewhere else (the new address is given)
    gone       the site answers 404 or 410
    error      the page could not be read (timeout, unknown domain, another status, not HTML)
    new        there is no snapshot yet

Lines that mention DWP, Jobcentre, providers, sharing or the data controller are picked out, and
those that are new since the snapshot are marked, because they are the ones that change a fact.

`sarkit profiles check` is a thin face over `run()`. It exits with `exit_code()`:

    0  every page was read and none changed (or there was nothing to check);
    1  at least one page needs a person: changed, moved, gone, new, or could not be read
       while other pages could;
    2  the check itself failed: the profiles are invalid, the report could not be written,
       a profile's last_checked line could not be updated, or no page at all could be read
       (usually no network).

Network checks report; they never fail the test suite (site_profiles/README.md).
"""

from __future__ import annotations

import contextlib
import difflib
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

import requests
import urllib3
from bs4 import BeautifulSoup, NavigableString, PageElement
from urllib3.util.retry import Retry

from sarkit import clock
from sarkit.letters import long_date
from sarkit.markdown_literal import literal_markdown
from sarkit.profiles import Catalogue, Fact, Provider, Site, Source, load_catalogue
from sarkit.public_web import (
    AddressPolicy,
    BlockedAddress,
    public_only,
    public_session,
    url_problem,
)

USER_AGENT = "sarkit-profile-checker/0.1 (+https://github.com/sarkit/sarkit; volunteers' checker)"
DEFAULT_REPORT = Path("profile-check-report.md")
SNAPSHOTS = "snapshots"
DIFF_LINES = 20

KIND_LABELS = {"privacy": "privacy page", "terms": "terms and conditions"}

# What a volunteer most needs to see: who the data goes to, and who is responsible for it.
KEYWORDS = re.compile(
    r"\b(?:DWP|Department\s+for\s+Work\s+and\s+Pensions|Job\s?centre(?:\s+Plus)?|"
    r"providers?|shar(?:e|es|ed|ing)|(?:joint\s+|data\s+)?controllers?)\b",
    re.IGNORECASE,
)
KEYWORDS_IN_WORDS = "DWP, Jobcentre, providers, sharing or the data controller"

# Tags whose text is not the page's content: code, and the parts every page of a site repeats.
_DROPPED = (
    "head",
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "noscript",
    "template",
    "svg",
    "iframe",
)
_BLOCKS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    )
)
_CELLS = frozenset(("td", "th"))


class Outcome(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MOVED = "moved"
    GONE = "gone"
    ERROR = "error"
    NEW = "new"


# The order the report and the summary list them in: what needs doing first.
OUTCOME_ORDER = (
    Outcome.CHANGED,
    Outcome.MOVED,
    Outcome.GONE,
    Outcome.NEW,
    Outcome.ERROR,
    Outcome.UNCHANGED,
)

WHAT_TO_DO = {
    Outcome.CHANGED: (
        "Read the changes. If a fact in the profile rests on this page, check that its quote "
        "is still there and still true; change the fact (with this page as its source and "
        "today as `accessed`) if not. Then run `sarkit profiles check --update` to store the "
        "new text."
    ),
    Outcome.MOVED: (
        "Open the new address. If it is the same organisation's page, put the new address in "
        "the profile and check the facts that cite the old one."
    ),
    Outcome.GONE: (
        "The page is no longer there. Look for it on the site; if you find it, put the new "
        "address in the profile. If not, set the address to null and say so in a note. The old "
        "snapshot is kept."
    ),
    Outcome.NEW: (
        "There is no snapshot yet. Read the passages below, check the profile's facts against "
        "the page, then run `sarkit profiles check --update` to store the text."
    ),
    Outcome.ERROR: (
        "The page could not be read this time. Open the address in a browser. If it works, try "
        "the check again later; if it doesn't, treat it as gone."
    ),
    Outcome.UNCHANGED: "Nothing to do.",
}


@dataclass(frozen=True)
class Settings:
    """How politely and how long to wait; the tests shorten the timeouts."""

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    retries: int = 1
    backoff: float = 1.0
    max_bytes: int = 5_000_000
    max_redirects: int = 10
    # However slowly a site drips its page, the check of one page ends after this long.
    page_deadline: float = 60.0
    # Which addresses may be fetched: the public internet only (the tests' servers are local).
    allowed: AddressPolicy = public_only


@dataclass(frozen=True)
class Page:
    """One address a profile points to, and where its snapshot is kept."""

    owner: str  # "site" or "provider"
    owner_id: str
    owner_name: str
    kind: str  # "privacy" or "terms"
    url: str
    profile: Path
    snapshot: Path
    quotes: tuple[str, ...] = ()  # the profile's quotes from this very page

    @property
    def label(self) -> str:
        return f"{self.owner_name}: {KIND_LABELS[self.kind]}"


@dataclass(frozen=True)
class Fetched:
    """What came back: the text (or None) with the final address and status, or an error."""

    text: str | None = None
    final_url: str | None = None
    status: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Passage:
    text: str
    new: bool = False


@dataclass(frozen=True)
class PageResult:
    page: Page
    outcome: Outcome
    detail: str
    text: str | None = None
    final_url: str | None = None
    diff: tuple[str, ...] = ()
    diff_more: int = 0
    passages: tuple[Passage, ...] = ()
    missing_quotes: tuple[str, ...] = ()

    @property
    def new_passages(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.new)


@dataclass
class CheckReport:
    checked_on: date
    results: list[PageResult]
    not_checked: list[str] = field(default_factory=list)  # sites with no address to check
    written: list[Path] = field(default_factory=list)  # files --update changed

    def counts(self) -> Counter:
        return Counter(r.outcome for r in self.results)


@dataclass(frozen=True)
class RunResult:
    """What the command prints (summary to stdout, problems to stderr) and its exit code."""

    exit_code: int
    lines: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    report: CheckReport | None = None


class CheckError(Exception):
    """The check could not do its job; the message says what to fix."""


def exit_code(results: list[PageResult]) -> int:
    """0 nothing changed, 1 something needs a person, 2 no page could be read at all."""
    if results and all(r.outcome is Outcome.ERROR for r in results):
        return 2
    if any(r.outcome is not Outcome.UNCHANGED for r in results):
        return 1
    return 0


# ---------------------------------------------------------------------------------------------
# Which pages


def snapshot_path(directory: Path, owner: str, owner_id: str, kind: str) -> Path:
    """snapshots/<id>-<kind>.txt for a site; providers in snapshots/providers/, apart from them."""
    folder = Path(directory) / SNAPSHOTS
    if owner == "provider":
        folder = folder / "providers"
    return folder / f"{owner_id}-{kind}.txt"


def pages_to_check(catalogue: Catalogue, directory: Path) -> tuple[list[Page], list[str]]:
    """Every page to fetch, and the names of sites that give no address to check."""
    pages: list[Page] = []
    not_checked: list[str] = []
    for site in catalogue.sites.values():
        before = len(pages)
        for kind, url in (("privacy", site.privacy_policy_url), ("terms", site.terms_url)):
            if url:
                pages.append(
                    Page(
                        "site",
                        site.id,
                        site.name,
                        kind,
                        url,
                        site.file,
                        snapshot_path(directory, "site", site.id, kind),
                        _quotes_from(url, _site_sources(site)),
                    )
                )
        if len(pages) == before:
            not_checked.append(site.name)
    for provider in catalogue.providers.values():
        if provider.privacy_notice_url:
            url = provider.privacy_notice_url
            pages.append(
                Page(
                    "provider",
                    provider.id,
                    provider.name,
                    "privacy",
                    url,
                    provider.file,
                    snapshot_path(directory, "provider", provider.id, "privacy"),
                    _quotes_from(url, _provider_sources(provider)),
                )
            )
    return pages, not_checked


def _fact_sources(facts: Iterable[Fact]) -> Iterator[Source]:
    for fact in facts:
        yield from fact.sources


def _site_sources(site: Site) -> Iterator[Source]:
    yield from site.status_sources
    yield from _fact_sources([site.operator, *site.facts.values()])
    for scheme in site.schemes:
        yield from scheme.sources


def _provider_sources(provider: Provider) -> Iterator[Source]:
    yield from provider.role.sources
    yield from provider.contact_sources
    for scheme in provider.schemes:
        yield from scheme.sources


def _quotes_from(url: str, sources: Iterable[Source]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.quote for s in sources if s.url == url and s.quote))


# ---------------------------------------------------------------------------------------------
# Fetching, politely


class _PoliteRetry(Retry):
    """urllib3 2 waits nothing before the first retry; we wait `backoff_factor` seconds."""

    def get_backoff_time(self) -> float:
        if not self.history:
            return 0
        return max(super().get_backoff_time(), self.backoff_factor)


def make_session(settings: Settings = Settings()) -> requests.Session:
    """A session with our User-Agent and one retry, after a pause, on connection errors and 5xx."""
    retry = _PoliteRetry(
        total=settings.retries,
        connect=settings.retries,
        status=settings.retries,
        read=False,  # a slow server is not asked twice: it gets the whole read timeout once
        other=0,
        redirect=False,
        backoff_factor=settings.backoff,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    session = public_session(settings.allowed, max_retries=retry)
    session.headers.update(
        {
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Language": "en-GB,en;q=0.8",
        }
    )
    session.max_redirects = settings.max_redirects
    return session


def fetch(session: requests.Session, url: str, settings: Settings = Settings()) -> Fetched:
    """GET one page, following redirects; never raises for a network problem."""
    if problem := url_problem(url, check_host=False):
        return Fetched(error=f"Not fetched: {problem}")
    started = time.monotonic()
    try:
        with session.get(
            url,
            timeout=(settings.connect_timeout, settings.read_timeout),
            stream=True,
            allow_redirects=True,
        ) as response:
            final_url = response.url
            status = response.status_code
            if status in (404, 410):
                return Fetched(final_url=final_url, status=status)
            if not 200 <= status < 300:
                return Fetched(
                    final_url=final_url,
                    status=status,
                    error=f"The site answered with status {status} "
                    f"({response.reason or 'no reason given'}).",
                )
            body = _read_body(response, settings.max_bytes, started + settings.page_deadline)
            if body == _TOO_SLOW:
                return Fetched(
                    final_url=final_url,
                    status=status,
                    error=f"The page took longer than {settings.page_deadline:g} "
                    "seconds to arrive, so it was not read.",
                )
            if body is None:
                return Fetched(
                    final_url=final_url,
                    status=status,
                    error=f"The page is bigger than {settings.max_bytes:,} bytes, "
                    "so it was not read.",
                )
            text, problem = _text_of_response(response, body)
            return Fetched(text=text, final_url=final_url, status=status, error=problem)
    except requests.exceptions.RequestException as error:
        return Fetched(error=describe_network_error(error, settings))


_TOO_SLOW = b"\0too slow"


def _read_body(response: requests.Response, limit: int, deadline: float) -> bytes | None:
    """The body, or None if it passes `limit` bytes, or _TOO_SLOW if it is not in by `deadline`.

    read1 returns whatever has arrived (waiting at most the read timeout), so a page dripped a
    byte at a time is still stopped at the deadline."""
    chunks, size = [], 0
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > limit:
            return None
        if time.monotonic() > deadline:
            return _TOO_SLOW
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, encoding: str | None) -> str:
    """The body as text in the charset the site named; an unknown charset reads as UTF-8."""
    try:
        return body.decode(encoding or "utf-8", "replace")
    except LookupError:  # a charset Python has never heard of, such as x-no-such-charset
        return body.decode("utf-8", "replace")


def _text_of_response(response: requests.Response, body: bytes) -> tuple[str | None, str | None]:
    media = response.headers.get("Content-Type", "text/html").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml", ""):
        # With a charset in the header, trust it; without, let BeautifulSoup read <meta charset>.
        declared = "charset=" in response.headers.get("Content-Type", "").lower()
        return extract_text(_decode(body, response.encoding) if declared else body), None
    if media == "text/plain":
        decoded = _decode(body, response.encoding)
        return _tidy_lines(decoded.splitlines()), None
    return None, (
        f"The address gives a {media} file, not a web page. Check it by hand and "
        "compare it with the profile."
    )


def _chain(error: BaseException) -> Iterator[BaseException]:
    """An exception, what it wraps (urllib3 puts the cause in .reason or .args) and its causes."""
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [
            e
            for e in (
                current.__cause__,
                current.__context__,
                getattr(current, "reason", None),
                *current.args,
            )
            if isinstance(e, BaseException)
        ]


def describe_network_error(error: BaseException, settings: Settings = Settings()) -> str:
    """A network failure in plain English, without a traceback."""
    chain = list(_chain(error))
    if blocked := next((e for e in chain if isinstance(e, BlockedAddress)), None):
        return (
            f"Not fetched: {blocked.host} is at {blocked.address}, which is not on the "
            "public internet. A profile may only point to a public web page."
        )
    if any(isinstance(e, urllib3.exceptions.NameResolutionError) for e in chain):
        return (
            "The site's name could not be found (DNS). Check the address for typing "
            "mistakes; the site may have closed."
        )
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        # Checked before timeouts: urllib3 makes "refused" a kind of ConnectTimeoutError.
        return "Could not connect to the site. It may be down, or the address may be wrong."
    if any(
        isinstance(e, urllib3.exceptions.ConnectTimeoutError | requests.ConnectTimeout)
        for e in chain
    ):
        return f"The site did not accept a connection within {settings.connect_timeout:g} seconds."
    if any(
        isinstance(e, urllib3.exceptions.ReadTimeoutError | requests.ReadTimeout) for e in chain
    ):
        return f"The site took longer than {settings.read_timeout:g} seconds to answer."
    if isinstance(error, requests.exceptions.InvalidSchema):
        return "Not fetched: the address redirects to something that is not http or https."
    if isinstance(error, requests.TooManyRedirects):
        return (
            f"The address redirects more than {settings.max_redirects} times, probably in a loop."
        )
    if any(
        isinstance(e, urllib3.exceptions.SSLError | requests.exceptions.SSLError) for e in chain
    ):
        return "The site's security certificate could not be checked (an HTTPS problem)."
    if isinstance(error, requests.ConnectionError):
        return "Could not connect to the site. It may be down, or the address may be wrong."
    return f"The page could not be fetched ({type(error).__name__})."


# ---------------------------------------------------------------------------------------------
# Readable text


def extract_text(html: str | bytes) -> str:
    """The readable text of a page: no code, menus, headers or footers; one paragraph a line.

    One walk over the tree with a stack, in time linear in the page: editing the tree instead
    (inserting line breaks around blocks) costs the depth of nesting at each block, so a page
    of deeply nested tags took quadratic time.
    """
    soup = BeautifulSoup(html, "html.parser")
    parts: list[str] = []
    stack: list[tuple[PageElement, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            parts.append("\n" if node.name in _BLOCKS else " ")
            continue
        if isinstance(node, NavigableString):
            # Comments, the doctype, CDATA and script text are other kinds of string: skipped.
            # Line breaks in the HTML source are just spaces; only blocks start new lines.
            if type(node) is NavigableString:
                parts.append(re.sub(r"\s+", " ", str(node)))
            continue
        if node.name in _DROPPED:
            continue
        if node.name == "br":
            parts.append("\n")
            continue
        if node.name in _BLOCKS:
            parts.append("\n")
        if node.name in _BLOCKS or node.name in _CELLS:
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    return _tidy_lines("".join(parts).split("\n"))


def _tidy_lines(lines: Iterable[str]) -> str:
    return "\n".join(tidy for line in lines if (tidy := " ".join(line.split())))


def keyword_lines(text: str) -> list[str]:
    """The lines that mention DWP, Jobcentre, providers, sharing or the data controller."""
    return [line for line in text.splitlines() if KEYWORDS.search(line)]


def short_diff(old: str, new: str, limit: int = DIFF_LINES) -> tuple[tuple[str, ...], int]:
    """The first `limit` lines of a unified diff, and how many more there were."""
    lines = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), "snapshot", "now", n=1, lineterm=""
        )
    )
    return tuple(lines[:limit]), max(len(lines) - limit, 0)


def _comparable(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split()).casefold()


def missing_quotes(quotes: Iterable[str], text: str) -> tuple[str, ...]:
    """The profile's quotes that the page no longer contains; cuts ([...], [site], …) allowed."""
    page = _comparable(text)
    missing = []
    for quote in quotes:
        pieces = [_comparable(p).strip(" .,;:") for p in re.split(r"\[[^\]]*\]|…|\.\.\.", quote)]
        if not all(p in page for p in pieces if len(p) >= 4):
            missing.append(quote)
    return tuple(missing)


# ---------------------------------------------------------------------------------------------
# Checking


def check_page(page: Page, fetched: Fetched) -> PageResult:
    """Compare what was fetched with the snapshot and say what happened to the page."""
    moved = fetched.final_url is not None and fetched.final_url != page.url
    if fetched.status in (404, 410):
        detail = f"The site answered {fetched.status}: the page is not there."
        if moved:
            detail += f" (The address first redirected to {fetched.final_url}.)"
        return PageResult(page, Outcome.GONE, detail, final_url=fetched.final_url)
    if fetched.error or fetched.text is None:
        return PageResult(
            page,
            Outcome.ERROR,
            fetched.error or "The page had no text.",
            final_url=fetched.final_url,
        )
    text = fetched.text
    old = page.snapshot.read_text(encoding="utf-8").strip() if page.snapshot.is_file() else None
    old_lines = set(old.splitlines()) if old is not None else set()
    passages = tuple(
        Passage(line, new=old is not None and line not in old_lines) for line in keyword_lines(text)
    )
    diff, more = short_diff(old, text) if old is not None and old != text else ((), 0)
    result = {
        "text": text,
        "final_url": fetched.final_url,
        "diff": diff,
        "diff_more": more,
        "passages": passages,
        "missing_quotes": missing_quotes(page.quotes, text),
    }
    if moved:
        detail = f"The address now redirects to {fetched.final_url}."
        if old is None:
            detail += " There is no snapshot yet."
        elif diff:
            detail += " The text there differs from the snapshot."
        return PageResult(page, Outcome.MOVED, detail, **result)
    if old is None:
        return PageResult(page, Outcome.NEW, "There is no snapshot of this page yet.", **result)
    if diff:
        return PageResult(page, Outcome.CHANGED, "The text differs from the snapshot.", **result)
    return PageResult(page, Outcome.UNCHANGED, "The text is the same as the snapshot.", **result)


def check_pages(
    pages: list[Page], settings: Settings = Settings(), progress: bool = False
) -> list[PageResult]:
    """Fetch and check each page in turn (one at a time: we are guests on these sites)."""
    if progress:  # click's own progress bar, shown only on a terminal
        import click

        bar = click.progressbar(pages, label="Checking pages", file=sys.stderr)
    else:
        bar = contextlib.nullcontext(pages)
    with make_session(settings) as session, bar as items:
        return [_check_one(session, page, settings) for page in items]


def _check_one(session: requests.Session, page: Page, settings: Settings) -> PageResult:
    """One page's result; whatever a page does, the run goes on to the next."""
    try:
        return check_page(page, fetch(session, page.url, settings))
    except Exception as error:  # a page must never stop the volunteers' whole run
        return PageResult(
            page,
            Outcome.ERROR,
            f"The page could not be read ({type(error).__name__}). Check it by hand.",
        )


def check_profiles(
    directory: Path,
    settings: Settings = Settings(),
    progress: bool = False,
    today: date | None = None,
) -> CheckReport:
    """Check every page the profiles in `directory` point to; ProfileError if they are invalid."""
    catalogue = load_catalogue(directory)
    pages, not_checked = pages_to_check(catalogue, directory)
    results = check_pages(pages, settings, progress)
    return CheckReport(today or clock.today(), results, not_checked)


# ---------------------------------------------------------------------------------------------
# --update: new snapshots, and last_checked bumped by editing one line of YAML

_LAST_CHECKED = re.compile(
    r"^last_checked:[ \t]*(?:null|~|\d{4}-\d{2}-\d{2}|'\d{4}-\d{2}-\d{2}'|\"\d{4}-\d{2}-\d{2}\")?"
    r"(?P<rest>[ \t]+#.*)?[ \t]*$",
    re.MULTILINE,
)


def set_last_checked(path: Path, day: date) -> bool:
    """Set the top-level `last_checked:` line to `day`, keeping every other byte of the file.

    Returns whether the file changed. Raises CheckError if there is not exactly one such line.
    """
    text = path.read_text(encoding="utf-8")
    matches = list(_LAST_CHECKED.finditer(text))
    if len(matches) != 1:
        raise CheckError(
            f"{path}: expected one line starting 'last_checked:' at the top level, "
            f"found {len(matches)}. Add `last_checked: null` (see the template in "
            "_templates/site.yaml) and run the check again."
        )
    match = matches[0]
    line = f"last_checked: {day.isoformat()}{match.group('rest') or ''}"
    new_text = text[: match.start()] + line + text[match.end() :]
    if new_text == text:
        return False
    path.write_text(new_text, encoding="utf-8")
    return True


def update_profiles(report: CheckReport) -> list[Path]:
    """Store the new snapshots; set last_checked on sites whose every page answered."""
    written: list[Path] = []
    for result in report.results:
        if result.text is None or result.outcome is Outcome.UNCHANGED:
            continue
        result.page.snapshot.parent.mkdir(parents=True, exist_ok=True)
        result.page.snapshot.write_text(result.text + "\n", encoding="utf-8")
        written.append(result.page.snapshot)
    by_site: dict[Path, list[PageResult]] = {}
    for result in report.results:
        if result.page.owner == "site":
            by_site.setdefault(result.page.profile, []).append(result)
    for profile, results in by_site.items():
        if all(r.outcome is not Outcome.ERROR for r in results) and set_last_checked(
            profile, report.checked_on
        ):
            written.append(profile)
    report.written = written
    return written


# ---------------------------------------------------------------------------------------------
# The report (Markdown) and the summary (terminal)


def md_escape(text: str) -> str:
    """Page text as Markdown that shows it literally (no links, images or HTML from a page)."""
    return literal_markdown(text)


def highlight(text: str) -> str:
    """Escape a passage for Markdown and put the words that matter in bold."""
    # The keywords hold only letters and spaces, which escaping leaves alone.
    return KEYWORDS.sub(lambda match: f"**{match.group(0)}**", md_escape(text))


def _fence(lines: Iterable[str], info: str = "") -> list[str]:
    """A code fence longer than any run of backticks inside, so a page can't close it."""
    body = list(lines)
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *body, fence]


def _count_words(counts: Counter) -> str:
    words = [
        f"{counts[o]} {o.value}{'s' if o is Outcome.ERROR and counts[o] > 1 else ''}"
        for o in OUTCOME_ORDER
        if counts[o]
    ]
    return ", ".join(words) or "nothing"


def render_report(report: CheckReport) -> str:
    """The Markdown report: what needs a person first, each with what to do."""
    counts = report.counts()
    n = len(report.results)
    lines = [
        f"# Profile check, {long_date(report.checked_on)}",
        "",
        f"Checked {n} page{'s' if n != 1 else ''}: {_count_words(counts)}.",
        "",
        f"User-Agent: `{USER_AGENT}`",
        "",
    ]
    if report.not_checked:
        lines += [
            "Sites with no privacy or terms address to check: "
            + ", ".join(md_escape(name) for name in report.not_checked)
            + ".",
            "",
        ]
    if report.written:
        lines += ["`--update` wrote: " + ", ".join(f"`{p.name}`" for p in report.written) + ".", ""]
    attention = [
        r
        for o in OUTCOME_ORDER
        if o is not Outcome.UNCHANGED
        for r in report.results
        if r.outcome is o
    ]
    if attention:
        lines += ["## Needs a person", ""]
        for result in attention:
            lines += _result_section(result)
    unchanged = [r for r in report.results if r.outcome is Outcome.UNCHANGED]
    if unchanged:
        lines += ["## Unchanged", ""]
        lines += [f"- {md_escape(r.page.label)}: <{r.page.url}>" for r in unchanged]
        lines += [""]
        for result in unchanged:
            if result.missing_quotes:
                lines += _result_section(result)
    lines += [
        "## How to read this report",
        "",
        "- **changed**: the page's text differs from the snapshot. The diff shows removed "
        "lines with `-` and added lines with `+`.",
        "- **moved**: the address redirects somewhere else.",
        "- **gone**: the site says the page is not there (404 or 410).",
        "- **error**: the page could not be read this time.",
        "- **new**: there is no snapshot to compare with yet.",
        f"- Passages are the lines that mention {KEYWORDS_IN_WORDS}; the words are in **bold**, "
        "and **New:** marks a passage that was not in the snapshot.",
        "- The check never changes a fact. A person reads the page and changes the profile "
        "(see CONTRIBUTING.md).",
        "",
    ]
    return "\n".join(lines)


def _result_section(result: PageResult) -> list[str]:
    page = result.page
    lines = [
        f"### {md_escape(page.label)}: {result.outcome.value}",
        "",
        f"- Profile: `{page.profile.parent.name}/{page.profile.name}`",
        f"- Address: <{page.url}>",
    ]
    if result.final_url and result.final_url != page.url:
        lines.append(f"- Now at: <{result.final_url}>")
    lines += [
        f"- What happened: {md_escape(result.detail)}",
        f"- What to do: {WHAT_TO_DO[result.outcome]}",
        "",
    ]
    if result.diff:
        lines += ["What changed:", "", *_fence(result.diff, "diff")]
        if result.diff_more:
            lines.append(f"… and {result.diff_more} more lines of changes.")
        lines.append("")
    if result.passages and result.outcome is not Outcome.UNCHANGED:
        new_first = sorted(result.passages, key=lambda p: not p.new)
        lines += [f"Passages that mention {KEYWORDS_IN_WORDS}:", ""]
        for passage in new_first:
            lines += [f"> {'**New:** ' if passage.new else ''}{highlight(passage.text)}", ""]
    if result.missing_quotes:
        lines += [
            "The profile quotes this page, but these quotes are no longer on it. Check "
            "the facts that use them:",
            "",
        ]
        lines += [f"- “{md_escape(q)}”" for q in result.missing_quotes]
        lines.append("")
    return lines


def summary_lines(report: CheckReport, report_path: Path | None = None) -> list[str]:
    """The terminal summary: one line a page, then the counts and what to do next."""
    width = max((len(r.page.label) for r in report.results), default=0)
    lines = [
        f"{r.outcome.value:<9}  {r.page.label:<{width}}  "
        + (f"{r.page.url} -> {r.final_url}" if r.outcome is Outcome.MOVED else r.page.url)
        for o in OUTCOME_ORDER
        for r in report.results
        if r.outcome is o
    ]
    lines.append(f"Checked {len(report.results)} page(s): {_count_words(report.counts())}.")
    new_passages = sum(len(r.new_passages) for r in report.results)
    if new_passages:
        lines.append(f"{new_passages} new passage(s) mention {KEYWORDS_IN_WORDS}.")
    if report_path is not None:
        lines.append(f"The report is in {report_path}.")
    code = exit_code(report.results)
    if report.written:
        lines.append(
            f"Updated {len(report.written)} file(s): "
            + ", ".join(p.name for p in report.written)
            + "."
        )
    elif code == 1:
        lines.append(
            "Something needs a person: read the report, update the profiles, then run "
            "`sarkit profiles check --update`."
        )
    return lines


def run(
    directory: Path,
    report_path: Path = DEFAULT_REPORT,
    update: bool = False,
    settings: Settings = Settings(),
    progress: bool = False,
    today: date | None = None,
) -> RunResult:
    """`sarkit profiles check`: check, write the report, update if asked, say how it went."""
    from sarkit.profiles import ProfileError

    try:
        report = check_profiles(directory, settings, progress, today)
    except ProfileError as error:
        return RunResult(
            2, errors=(str(error), "Fix the profiles first: run `sarkit profiles validate`.")
        )
    code = exit_code(report.results)
    errors: list[str] = []
    if code == 2:
        errors.append("No page could be read. Check your internet connection and try again.")
    elif update:
        try:
            update_profiles(report)
        except (CheckError, OSError) as error:
            errors.append(f"Could not update the profiles: {error}")
            code = 2
    try:
        report_path.write_text(render_report(report), encoding="utf-8")
    except OSError as error:
        errors.append(
            f"Could not write the report to {report_path}: {error.strerror}. Choose "
            "another place with --report FILE.md."
        )
        return RunResult(2, tuple(summary_lines(report)), tuple(errors), report)
    return RunResult(code, tuple(summary_lines(report, report_path)), tuple(errors), report)
