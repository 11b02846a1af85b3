"""The answers: everything a letter needs, validated in one place for the web, CLI and tests.

The JSON shape is fixed by ARCHITECTURE.md ("The answers"). Every key is optional here; which
fields a letter needs is in that letter's metadata, checked by `require()`.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sarkit import clock
from sarkit.deadlines import long_date
from sarkit.messages import N_

Day = date  # Answers has a field named date, which hides the type inside the class


NATIONS = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
SEND_METHODS = {
    "first-class": "first class post",
    "second-class": "second class post",
    "email": "email",
    "by-hand": "by hand",
}
ADVISER_FIELDS = ("name", "organisation", "address", "email", "phone", "reference")
TEXT_FIELDS = (
    "nation",
    "site",
    "site_name",
    "site_url",
    "provider",
    "provider_name",
    "provider_address",
    "name",
    "address",
    "postcode",
    "nino",
    "email",
    "phone",
    "reference",
    "follows",
    "sent_method",
    "reply",
)
DATE_FIELDS = ("told_on", "dob", "sent_on", "reply_on", "decision_on", "date")
KNOWN_KEYS = (
    set(TEXT_FIELDS)
    | set(DATE_FIELDS)
    | {
        "adviser",
        "no_nino",
        "letters",
        "grounds",
        *(f"adviser_{f}" for f in ADVISER_FIELDS),
    }
)

# Longest value accepted per field: generous for real people, small enough to refuse abuse.
MAX_LENGTH = {
    "address": 300,
    "provider_address": 300,
    "adviser_address": 300,
    "site_url": 500,
    "grounds": 1000,
}
DEFAULT_MAX_LENGTH = 120
# Most lines accepted in a multi-line field: a postal address is at most about 8 lines. These,
# with the letters per pack (sarkit.packs), bound the pages one request can make a PDF render.
MAX_LINES = {"address": 10, "provider_address": 10, "adviser_address": 10, "grounds": 20}

LONDON = clock.LONDON
# Every date a letter can hold lies in this range: nobody writing was born before 1900, and no
# letter is dated after 2100. Outside it date arithmetic overflows (9999-12-31 plus a month), so
# the one validator refuses such dates with a sentence instead of letting a page fail.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Each pattern is used with fullmatch: the whole value must fit, and `$` cannot let a trailing
# newline (or, if lost in an edit, anything at all) through.
NINO_RE = re.compile(r"[A-Z]{2}[0-9]{6}[A-D]")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
POSTCODE_RE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SITE_URL_RE = re.compile(r"(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?")
NAME_PUNCTUATION = set(" -.'’")
# Zero-width (non-)joiners are part of how Persian and Indic names are written: between two
# letters they are not controls (_is_control says where else they are).
JOINERS = {"\u200c", "\u200d"}

LABELS = {
    "nation": N_("where you live"),
    "site": N_("the website"),
    "site_name": N_("the website's name"),
    "site_url": N_("the website's address"),
    "provider": N_("who told you to use the website"),
    "provider_name": N_("the organisation's name"),
    "provider_address": N_("the organisation's address"),
    "told_on": N_("the date you were told to use the website"),
    "name": N_("your full name"),
    "address": N_("your address"),
    "postcode": N_("your postcode"),
    "nino": N_("your National Insurance number"),
    "dob": N_("your date of birth"),
    "email": N_("your email address"),
    "phone": N_("your phone number"),
    "sent_on": N_("the date you sent the letter"),
    "reference": N_("the reference"),
    "follows": N_("the letter you sent"),
    "sent_method": N_("how you sent the letter"),
    "reply": N_("what they said"),
    "reply_on": N_("the date of their answer"),
    "decision_on": N_("the date on the decision letter"),
    "grounds": N_("what you want to say, in your own words"),
    "date": N_("the date of the letter"),
}


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. `template` is marked for translation (N_); `params` fill
    its %(name)s places, so the web layer can translate the words and keep the values."""

    field: str
    template: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The problem in English: what the command line prints and the tests read."""
        return self.template % self.params if self.params else self.template


class AnswersError(ValueError):
    """One or more fields are wrong; each error names its field and says what to do."""

    def __init__(self, errors: list[FieldError], partial: Answers | None = None):
        self.errors = errors
        # What could be read despite the errors, so later checks (the fields the letters need)
        # can still run and every problem is shown in one round.
        self.partial = partial
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True)
class Adviser:
    name: str
    organisation: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Answers:
    nation: str = "england"
    site: str = ""
    site_name: str = ""
    site_url: str = ""
    provider: str = ""
    provider_name: str = ""
    provider_address: str = ""
    told_on: date | None = None
    name: str = ""
    address: str = ""
    postcode: str = ""
    nino: str = ""
    no_nino: bool = False
    dob: date | None = None
    email: str = ""
    phone: str = ""
    adviser: Adviser | None = None
    sent_on: date | None = None
    sent_method: str = "first-class"
    reference: str = ""
    follows: str = ""
    reply: str = ""
    reply_on: date | None = None
    decision_on: date | None = None  # the date on a decision notice (a sanction, say)
    grounds: str = ""
    date: date = field(default_factory=lambda: today_in_london())

    @property
    def nino_display(self) -> str:
        """The NI number as people read it: QQ 12 34 56 C."""
        n = self.nino
        return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}" if n else ""

    @property
    def in_northern_ireland(self) -> bool:
        return self.nation == "northern-ireland"

    @property
    def sent_date(self) -> Day:
        """When the first letter was sent: `sent_on`, defaulting to the letter date."""
        return self.sent_on or self.date

    @property
    def postal_lines(self) -> list[str]:
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        return lines + ([self.postcode] if self.postcode else [])

    def to_json(self) -> dict[str, Any]:
        """The answers in ARCHITECTURE.md's JSON shape (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif value is None and f.name in DATE_FIELDS:
                value = ""
            elif isinstance(value, Adviser):
                value = {k: getattr(value, k) for k in ADVISER_FIELDS}
            out[f.name] = value
        return out


# A saved answers file is small: anything bigger is not one (and is refused unread).
SAVED_FILE_LIMIT = 32 * 1024


def saved_file(answers: Answers, letter_ids: list[str]) -> bytes:
    """The answers as the file a person keeps on their own device: the answers JSON the
    command line reads (`--answers`), with the chosen letters."""
    data = {**answers.to_json(), "letters": list(letter_ids)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_saved_file(content: bytes) -> dict[str, Any]:
    """A saved answers file's contents, or AnswersError saying why it is not one."""
    problem = FieldError(
        "answers_file",
        N_("Choose a file of saved answers: the file this site gave you, ending .json."),
    )
    if not content or len(content) > SAVED_FILE_LIMIT:
        raise AnswersError([problem])
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise AnswersError([problem]) from None
    if not isinstance(data, dict):
        raise AnswersError([problem])
    return data


def today_in_london() -> date:
    return clock.today()


def parse_answers(
    data: Mapping[str, Any],
    *,
    site_ids: Iterable[str] | None = None,
    provider_ids: Iterable[str] | None = None,
) -> tuple[Answers, list[str]]:
    """Validate raw answers (JSON or form fields); return them with warnings about unknown keys.

    Raises AnswersError listing every wrong field. Pass the profile ids to check `site` and
    `provider` against them.
    """
    errors: list[FieldError] = []
    warnings = unknown_key_warnings(data)
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = _text(data, name, errors)
    for name in DATE_FIELDS:
        values[name] = _date(data.get(name), name, errors)
    values["no_nino"] = _flag(data.get("no_nino"))
    values["grounds"] = _text(data, "grounds", errors)
    values["adviser"] = _adviser(data, errors)

    _check_choices(values, errors, site_ids, provider_ids)
    values["name"] = _check_name(values["name"], "name", errors)
    values["nino"] = _check_nino(values["nino"], errors)
    values["postcode"] = _check_postcode(values["postcode"], errors)
    for key in ("email",):
        _check_email(values[key], key, errors)
    _check_url(values["site_url"], errors)
    _check_dates(values, errors)
    if not values["date"]:
        values["date"] = today_in_london()
    if not values["nation"]:
        values["nation"] = "england"
    if not values["sent_method"]:
        values["sent_method"] = "first-class"
    if errors:
        bad = {e.field for e in errors}
        partial = {k: (_default(k) if k in bad else v) for k, v in values.items()}
        raise AnswersError(errors, Answers(**partial))
    return Answers(**values), warnings


def _default(name: str) -> Any:
    """An answers field's own default, standing in for a value that could not be read."""
    found = next(f for f in fields(Answers) if f.name == name)
    if found.default is MISSING and found.default_factory is not MISSING:
        return found.default_factory()
    return found.default


def unknown_key_warnings(data: Mapping[str, Any]) -> list[str]:
    """A warning for each key that is not an answers field (they are ignored)."""
    return [f"Ignored unknown field {k!r}." for k in data if k not in KNOWN_KEYS]


def missing(answers: Answers, needs: Iterable[str]) -> list[FieldError]:
    """An error for each field the letters need that the answers lack."""
    needs = list(needs)
    errors = [e for need in needs if (e := _missing(answers, need))]
    # The adviser's name and a way to reach them, in the same round.
    problem = _adviser_unreachable(answers) if "adviser" in needs else None
    if problem and problem.field not in {e.field for e in errors}:
        errors.append(problem)
    return errors


def require(answers: Answers, needs: Iterable[str]) -> None:
    """Raise AnswersError naming each field a letter needs that is missing."""
    if errors := missing(answers, needs):
        raise AnswersError(errors)


# --- field checks -----------------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> str:
    raw = data.get(name)
    if raw is None:
        return ""
    if not isinstance(raw, str):
        errors.append(
            FieldError(name, N_("Enter %(label)s as text."), {"label": LABELS.get(name, name)})
        )
        return ""
    return _clean(raw, name, errors)


def _clean(raw: str, name: str, errors: list[FieldError]) -> str:
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    label = LABELS.get(name, name.replace("_", " "))
    if len(value) > limit:
        errors.append(
            FieldError(
                name,
                N_("Enter %(label)s in %(limit)s characters or fewer."),
                {"label": label, "limit": limit},
            )
        )
        return ""
    lines = MAX_LINES.get(name)
    if lines and value.count("\n") >= lines:
        errors.append(
            FieldError(
                name,
                N_("Enter %(label)s in %(lines)s lines or fewer."),
                {"label": label, "lines": lines},
            )
        )
        return ""
    multiline = name.endswith("address") or name == "grounds"
    if any(_is_control(value, i, multiline) for i in range(len(value))):
        errors.append(
            FieldError(
                name,
                N_("Enter %(label)s using letters, numbers and punctuation only."),
                {"label": label},
            )
        )
        return ""
    return value


def _is_control(value: str, i: int, multiline: bool) -> bool:
    """Whether value[i] is an invisible control: refused, because a letter must show every
    character it holds. A zero-width (non-)joiner counts as writing only between two letters
    (Persian and Indic names); anywhere else (alone, at an end, beside a space) it is hidden."""
    ch = value[i]
    if ch == "\n" and multiline:
        return False
    if ch in JOINERS:
        return not (
            0 < i < len(value) - 1 and _is_letter(value[i - 1]) and _is_letter(value[i + 1])
        )
    # Zl/Zp (U+2028, U+2029) are invisible line breaks: refused like the controls.
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _is_letter(ch: str) -> bool:
    # Marks (Mn, Mc, Me) are part of letters in many scripts: Siân in NFD, अनिल, தமிழ்.
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _flag(raw: object) -> bool:
    return raw in (True, "y", "yes", "true", "on", "1")


def date_range_problem(value: date) -> str | None:
    """Why a date cannot be on a letter (outside EARLIEST_DATE..LATEST_DATE), or None."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"between {EARLIEST_DATE.year} and {LATEST_DATE.year}"


def _date(raw: object, name: str, errors: list[FieldError]) -> date | None:
    if raw in (None, ""):
        return None
    label = LABELS.get(name, name)
    value = _date_value(raw)
    if value is None:
        errors.append(
            FieldError(
                name, N_("Enter %(label)s as a real date, like 2026-11-02."), {"label": label}
            )
        )
        return None
    if problem := date_range_problem(value):
        errors.append(
            FieldError(
                name,
                N_("Enter %(label)s as a date %(problem)s, like 2026-11-02."),
                {"label": label, "problem": problem},
            )
        )
        return None
    return value


def _date_value(raw: object) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


def _adviser(data: Mapping[str, Any], errors: list[FieldError]) -> Adviser | None:
    raw = data.get("adviser")
    if raw is not None and not isinstance(raw, Mapping):
        errors.append(
            FieldError(
                "adviser",
                N_(
                    "Give the adviser's details as name, organisation, "
                    "address, email, phone and reference, or leave it empty."
                ),
            )
        )
        return None
    source = {k: (raw or {}).get(k) for k in ADVISER_FIELDS}
    for k in ADVISER_FIELDS:
        if source[k] in (None, "") and data.get(f"adviser_{k}"):
            source[k] = data.get(f"adviser_{k}")
    clean = {}
    for k in ADVISER_FIELDS:
        value = source[k]
        if value not in (None, "") and not isinstance(value, str):
            errors.append(
                FieldError(
                    f"adviser_{k}", N_("Enter the adviser's %(field)s as text."), {"field": k}
                )
            )
            value = ""
        clean[k] = _clean(value or "", f"adviser_{k}", errors)
    if not any(clean.values()):
        return None
    if not clean["name"]:
        errors.append(
            FieldError(
                "adviser_name",
                N_(
                    "Enter the adviser's name, or leave every "
                    "adviser field empty if you are writing for yourself."
                ),
            )
        )
        return None
    clean["name"] = _check_name(clean["name"], "adviser_name", errors)
    _check_email(clean["email"], "adviser_email", errors)
    return Adviser(**clean)


def _check_choices(
    values: dict[str, Any],
    errors: list[FieldError],
    site_ids: Iterable[str] | None,
    provider_ids: Iterable[str] | None,
) -> None:
    if values["nation"] and values["nation"] not in NATIONS:
        errors.append(
            FieldError(
                "nation",
                N_(
                    "Select England, Wales, Scotland or Northern Ireland "
                    "(england, wales, scotland or northern-ireland)."
                ),
            )
        )
    if values["sent_method"] and values["sent_method"] not in SEND_METHODS:
        errors.append(
            FieldError(
                "sent_method",
                N_("Select how you sent the letter: first-class, second-class, email or by-hand."),
            )
        )
    for key, ids, what in (
        ("site", site_ids, "website"),
        ("provider", provider_ids, "organisation"),
    ):
        value = values[key]
        if value and (not ID_RE.fullmatch(value) or (ids is not None and value not in set(ids))):
            errors.append(
                FieldError(
                    key,
                    N_(
                        "Select a %(what)s from the list, or choose 'not listed' and type its name."
                    ),
                    {"what": what},
                )
            )
    for key in ("follows", "reply"):
        if values[key] and not ID_RE.fullmatch(values[key]):
            errors.append(
                FieldError(key, N_("Select %(label)s from the list."), {"label": LABELS[key]})
            )


def _check_name(value: str, key: str, errors: list[FieldError]) -> str:
    """Names are kept exactly as typed: any letters, spaces, hyphens, full stops, apostrophes."""
    if value and not all(_is_letter(ch) or ch in NAME_PUNCTUATION or ch in JOINERS for ch in value):
        errors.append(
            FieldError(
                key,
                N_("Enter a name using letters, spaces, hyphens, full stops and apostrophes only."),
            )
        )
    return value


def _check_nino(value: str, errors: list[FieldError]) -> str:
    normal = re.sub(r"\s+", "", value).upper()
    if normal and not NINO_RE.fullmatch(normal):
        errors.append(
            FieldError(
                "nino",
                N_("Enter a National Insurance number in the correct format, like QQ 12 34 56 C."),
            )
        )
        return ""
    return normal


def _check_postcode(value: str, errors: list[FieldError]) -> str:
    normal = re.sub(r"\s+", " ", value).upper().strip()
    match = POSTCODE_RE.fullmatch(normal)
    if normal and not match:
        errors.append(FieldError("postcode", N_("Enter a real postcode, like EX1 1EX.")))
        return ""
    return f"{match.group(1)} {match.group(2)}" if match else ""


def _check_email(value: str, key: str, errors: list[FieldError]) -> None:
    if value and not EMAIL_RE.fullmatch(value):
        errors.append(
            FieldError(
                key, N_("Enter an email address in the correct format, like name@example.com.")
            )
        )


def _check_url(value: str, errors: list[FieldError]) -> None:
    if value and not SITE_URL_RE.fullmatch(value):
        errors.append(
            FieldError("site_url", N_("Enter the website's address, like www.example.co.uk."))
        )


def _check_dates(values: dict[str, Any], errors: list[FieldError]) -> None:
    today = today_in_london()
    dob = values["dob"]
    if dob and dob >= today:
        errors.append(FieldError("dob", N_("Enter your date of birth: it must be in the past.")))
    elif dob and not _born_in_range(dob, today):
        errors.append(
            FieldError(
                "dob",
                N_(
                    "Check the year of the date of birth: "
                    "it must be between %(first)s and %(last)s."
                ),
                {"first": str(today.year - OLDEST), "last": str(today.year - YOUNGEST)},
            )
        )
    for key in ("told_on", "reply_on", "decision_on"):
        if values[key] and values[key] > today:
            errors.append(
                FieldError(
                    key, N_("Enter %(label)s: it cannot be in the future."), {"label": LABELS[key]}
                )
            )


# Before any letter sarkit writes about: an earlier year is a slip of the keyboard.
EARLIEST = date(2000, 1, 1)


def reply_date_problem(
    key: str, value: date, *, today: date, sent_on: date | None = None
) -> FieldError | None:
    """Why a date the reply helper asks for cannot be right, or None: the day the letter was
    sent (it has been sent, so not after today), the date of their answer (not before the
    letter went) or of the decision letter (which may come before it). None before 2000."""
    if value > today:
        if key == "sent_on":
            return FieldError(
                key,
                N_(
                    "The date you sent it must be today or in the past. If you have not "
                    "sent it yet, come back when you have."
                ),
            )
        return FieldError(
            key, N_("Enter %(label)s: it cannot be in the future."), {"label": LABELS[key]}
        )
    if value < EARLIEST:
        return FieldError(
            key, N_("Enter %(label)s: it must be after 1 January 2000."), {"label": LABELS[key]}
        )
    if key == "reply_on" and sent_on and value < sent_on:
        return FieldError(
            key,
            N_(
                "Enter %(label)s: it must be the same as or after the day you sent your "
                "letter, %(sent)s."
            ),
            {"label": LABELS[key], "sent": long_date(sent_on)},
        )
    return None


# Nobody claiming is older than this or younger than this (Universal Credit is claimed from 16
# in some cases): a year outside is a slip of the keyboard, and is asked about.
OLDEST, YOUNGEST = 120, 15


def _born_in_range(dob: date, today: date) -> bool:
    return today.year - OLDEST <= dob.year <= today.year - YOUNGEST


# A letter being made now goes soon. A send date more than a week back is nearly always a slip
# (last year's date, a form filled in long ago), and the deadlines worked from it would be wrong.
SEND_DATE_SLACK = timedelta(days=7)


def send_date_problem(raw: object) -> FieldError | None:
    """Why the date given for sending letters made now should be asked again, or None.

    Only the pages where a person says when they will send apply it: a download made later
    from the same answers, or the command line re-making an old letter, keeps its date."""
    value = _date_value(raw)
    today = today_in_london()
    if value is None or value >= today - SEND_DATE_SLACK:
        return None
    return FieldError(
        "date",
        N_(
            "The date you will send the letters is more than a week ago. "
            "Enter the day you will send them: today is %(today)s."
        ),
        {"today": long_date(today)},
    )


def _adviser_unreachable(answers: Answers) -> FieldError | None:
    adviser = answers.adviser
    if adviser and (adviser.address or adviser.email):
        return None
    return FieldError(
        "adviser_address",
        N_("Enter your address, or an email address, so replies can reach you."),
    )


def _address_without_postcode(answers: Answers) -> bool:
    """A person's own address that cannot reach them: no postcode given, and none on its last
    line (the command line's answers often hold it there). An adviser's client may have none."""
    if not answers.address or answers.postcode or answers.adviser:
        return False
    last = re.sub(r"\s+", " ", answers.address.splitlines()[-1]).upper()
    return POSTCODE_RE.search(last) is None


def _missing(answers: Answers, need: str) -> FieldError | None:
    """An error for one need from a letter's metadata, or None when the answers have it."""
    if need == "contact":
        if _address_without_postcode(answers):
            return FieldError(
                "postcode",
                N_(
                    "Enter your postcode, or leave the address empty if "
                    "you do not have a fixed address."
                ),
            )
        if answers.adviser:  # replies go to the adviser (letters.reply_address)
            return _adviser_unreachable(answers)
        if answers.address or answers.email:
            return None
        return FieldError(
            "address",
            N_(
                "Enter your address, or an email address if you have no "
                "fixed address, so they can reply."
            ),
        )
    if need == "nino":
        if answers.nino or answers.no_nino:
            return None
        if answers.adviser:
            return FieldError(
                "nino",
                N_("Enter their National Insurance number, or say they do not have one yet."),
            )
        return FieldError(
            "nino", N_("Enter your National Insurance number, or say you do not have one yet.")
        )
    if need == "site":
        if answers.site or answers.site_name:
            return None
        return FieldError(
            "site_name", N_("Select the website, or type its name if it is not listed.")
        )
    if need == "provider":
        if answers.provider or answers.provider_name:
            return None
        return FieldError(
            "provider_name",
            N_(
                "Select who told you to use the website, or type their name if they are not listed."
            ),
        )
    if need == "adviser":
        if answers.adviser:
            return None
        return FieldError("adviser_name", N_("Enter your name."))
    if need == "name" and not answers.name and answers.adviser:
        return FieldError("name", N_("Enter their full name."))
    value = getattr(answers, need)
    if value in (None, ""):
        return FieldError(need, N_("Enter %(label)s."), {"label": LABELS.get(need, need)})
    return None
