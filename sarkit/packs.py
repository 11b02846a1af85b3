"""A pack: the chosen letters together, a plain-English cover sheet, and a calendar of due dates."""

from __future__ import annotations

import hashlib
import ipaddress
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sarkit import deadlines
from sarkit.answers import (
    Answers,
    AnswersError,
    FieldError,
    missing,
    parse_answers,
    today_in_london,
)
from sarkit.calendars import CalendarEntry, due_and_reminder, to_ics, with_case
from sarkit.documents import Addressee, LetterDocument, body_text
from sarkit.letters import (
    Letterhead,
    all_letters,
    build_letter,
    claimant_addressed,
    department_name,
    destination_problem,
    get_letter,
    long_date,
    sequence_problem,
)
from sarkit.messages import N_
from sarkit.profiles import Catalogue

# An email link longer than this is cut off by some mail programs and browsers (RFC 6068 sets
# no limit; about 2,000 characters is the safe figure most clients manage).
MAILTO_LIMIT = 2000
AUTHORITY = "authority-to-act"
# Non-personal answers a return link may carry (ARCHITECTURE.md, Principles: never a name, an
# address, an NI number...).
RETURN_FIELDS = ("nation", "site", "provider", "sent_on", "sent_method", "follows", "letters")
# More letters than anyone sends at once: with the line limits in sarkit.answers this bounds
# the pages (and the seconds) one request can ask the PDF renderer for.
MAX_LETTERS = 10


@dataclass(frozen=True)
class Pack:
    docs: tuple[LetterDocument, ...]
    cover: dict[str, Any]


def pack_letter_ids(letter_ids: list[str], adviser: bool) -> list[str]:
    """The chosen letters in their natural order; in adviser mode the client's signed
    authority comes first, added if not chosen."""
    order = list(all_letters())
    ids = sorted(dict.fromkeys(letter_ids), key=lambda i: order.index(i) if i in order else 999)
    if len(ids) > MAX_LETTERS:
        raise AnswersError(
            [
                FieldError(
                    "letters",
                    N_(
                        "Choose %(most)s letters or fewer for one pack. "
                        "You can make another pack for the rest."
                    ),
                    {"most": MAX_LETTERS},
                )
            ]
        )
    if adviser:
        ids = [AUTHORITY] + [i for i in ids if i != AUTHORITY]
    return ids


def letters_for_pack(letter_ids: list[str], answers: Answers) -> list[str]:
    return pack_letter_ids(letter_ids, bool(answers.adviser))


def letters_needs(letter_ids: list[str], adviser: bool) -> list[str]:
    """What these letters need from the answers: the one place this is worked out (each
    letter's `needs`, and in adviser mode the signed authority's too)."""
    specs = all_letters()
    ids = pack_letter_ids([i for i in letter_ids if i in specs], adviser)
    return sorted({need for i in ids for need in get_letter(i).needs})


def send_question(letter_ids: list[str], answers: Answers, catalogue: Catalogue) -> str:
    """What to ask before these letters can go: "" (each has somewhere to go), "journal" (one
    goes to a work coach: through the Universal Credit journal or to the jobcentre's address)
    or "address" (one goes to an organisation whose address no profile gives)."""
    specs = all_letters()
    ids = letters_for_pack([i for i in letter_ids if i in specs], answers)
    recipients = [r for i in ids if (r := claimant_addressed(specs[i], answers, catalogue))]
    if any(r.journal for r in recipients):
        return "journal"
    return "address" if any(not r.reachable for r in recipients) else ""


def check_answers(
    data: Mapping[str, Any], letter_ids: list[str], catalogue: Catalogue, *, adviser: bool = False
) -> tuple[Answers, list[str]]:
    """Validate answers for these letters in one pass: every problem at once (a wrong format,
    a missing field the letters need, a letter with nowhere to go), or the answers and the
    warnings about unknown keys. The web form, the command line and a batch all use this.
    `adviser`: an adviser is writing (the journey knows before any adviser field is filled)."""
    try:
        answers, warnings = parse_answers(
            data, site_ids=catalogue.sites, provider_ids=catalogue.providers
        )
        errors: list[FieldError] = []
    except AnswersError as error:
        if error.partial is None:
            raise
        answers, warnings, errors = error.partial, [], list(error.errors)
    seen = {e.field for e in errors}
    specs = all_letters()
    known = [i for i in letter_ids if i in specs]
    try:
        needs = letters_needs(known, adviser or bool(answers.adviser))
    except AnswersError as error:  # too many letters
        raise AnswersError([*errors, *error.errors]) from None
    errors += [e for e in missing(answers, needs) if e.field not in seen]
    seen = {e.field for e in errors}
    if not seen & {"site", "site_name", "provider", "provider_name", "nation"}:
        for i in pack_letter_ids(known, adviser or bool(answers.adviser)):
            problem = destination_problem(specs[i], answers, catalogue) or sequence_problem(
                specs[i], answers
            )
            if problem and problem.field not in seen:
                errors.append(problem)
                seen.add(problem.field)
    if errors:
        raise AnswersError(errors, answers)
    return answers, warnings


def build_pack(
    letter_ids: list[str],
    answers: Answers,
    catalogue: Catalogue,
    letterhead: Letterhead | None = None,
    return_link: str = "",
) -> Pack:
    """Build every chosen letter and the cover sheet that says what to do with them (and, given
    `return_link`, where to come back to)."""
    docs = tuple(
        build_letter(i, answers, catalogue, letterhead)
        for i in letters_for_pack(letter_ids, answers)
    )
    return Pack(docs, {**cover_sheet(docs, answers, letterhead), "return_link": return_link})


def cover_sheet(
    docs: Sequence[LetterDocument], answers: Answers, letterhead: Letterhead | None
) -> dict[str, Any]:
    """What to sign, what to enclose, where each letter goes and how, and when answers are due."""
    rows = [_cover_row(doc, answers) for doc in docs]
    enclose = sorted({e for doc in docs for e in doc.enclosures})
    head = letterhead.lines if (answers.adviser and letterhead and letterhead.name) else ()
    return {
        "made_on": long_date(answers.date),
        # Whose pack this is, at the top: an adviser with a caseload tells the covers apart.
        "client": answers.name,
        "case": case_reference(answers),
        "rows": rows,
        "enclose": enclose,
        "letterhead": head,
        "if_late": "If an answer has not come by its date, use sarkit again: choose "
        '"I have sent a letter" and it will write the next letter for you.',
    }


def _cover_row(doc: LetterDocument, answers: Answers) -> dict[str, Any]:
    recipient = doc.recipient
    dates = doc.extra["dates"]
    if recipient is None:
        to, how = "Keep it with the other letters (it goes in each envelope)", "-"
    else:
        to = (
            ", ".join([recipient.name, *recipient.lines[:1]])
            if recipient.lines
            else (f"{recipient.name} ({recipient.email})" if recipient.email else recipient.name)
        )
        how = _how_to_send(recipient, answers)
    due = long_date(dates.due.due) if dates.due else "No set time in law"
    reach_by = _reach_by(doc)
    return {
        "title": doc.title,
        "to": to,
        "how": how,
        "due": due,
        "sign": doc.signature_lines,
        "check": bool(recipient and recipient.needs_checking),
        "reach_by": long_date(reach_by.due) if reach_by else "",
        "late": bool(reach_by and dates.received > reach_by.due),
    }


def _reach_by(doc: LetterDocument) -> deadlines.Deadline | None:
    """The claimant's own deadline: a reconsideration request must reach them within the month."""
    return doc.extra["dates"].reconsideration if doc.letter_id == deadlines.MR else None


def _how_to_send(recipient: Addressee, answers: Answers) -> str:
    if recipient.journal and not recipient.lines:
        return (
            "Send it to your work coach as a message in your Universal Credit journal. "
            "Note the date you send it."
        )
    if answers.sent_method == "email" and recipient.email:
        return f"Email to {recipient.email}. Save the email you send."
    if recipient.lines:
        return "Post it. Ask the Post Office for proof of postage (it is free)."
    if recipient.email:
        return f"Email to {recipient.email}. Save the email you send."
    return "Find their address first (the letters page says where to look)."


# --- email links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailLink:
    href: str
    with_body: bool  # False: the letter was too long, so the link opens only address and subject


def mailto_link(doc: LetterDocument) -> EmailLink | None:
    """An RFC 6068 mailto: link with the subject and the letter, or with the subject alone when
    the letter would make it too long; None when the letter has no email address."""
    if not doc.recipient or not doc.recipient.email:
        return None
    address = f"mailto:{urllib.parse.quote(doc.recipient.email, safe='@')}"
    full = {"subject": doc.subject, "body": body_text(doc).replace("\n", "\r\n")}
    link = f"{address}?{urllib.parse.urlencode(full, quote_via=urllib.parse.quote)}"
    if len(link) <= MAILTO_LIMIT:
        return EmailLink(link, with_body=True)
    subject = urllib.parse.urlencode({"subject": doc.subject}, quote_via=urllib.parse.quote)
    return EmailLink(f"{address}?{subject}", with_body=False)


# --- return link and calendar -----------------------------------------------------------------


def return_link(base_url: str, answers: Answers, letter_ids: list[str]) -> str:
    """A link to the reply helper that restores only the non-personal choices."""
    sent = answers.sent_on or answers.date
    params = [
        ("nation", answers.nation),
        ("site", answers.site),
        ("provider", answers.provider),
        ("sent_on", sent.isoformat()),
        ("sent_method", answers.sent_method),
        ("follows", answers.follows),
    ]
    params += [("letters", i) for i in letter_ids]
    query = urllib.parse.urlencode([(k, v) for k, v in params if v])
    return f"{base_url.rstrip('/')}/replies/start?{query}"


def is_local_address(base_url: str) -> bool:
    """Whether a base URL points at this computer (127.0.0.1, localhost, ::1): a link that works
    nowhere else, so it is never handed to a client in a calendar or on a cover sheet."""
    host = (urllib.parse.urlsplit(base_url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def case_reference(answers: Answers) -> str:
    """The adviser's reference for this client's case, or ""."""
    return answers.adviser.reference if answers.adviser else ""


def client_key(answers: Answers) -> str:
    """A fingerprint of whose letters these are: the same person and first letter always give
    the same one, two people never share one, and nothing can be read back from it (a SHA-256
    of the details; the .ics it ends up in is the person's own download)."""
    who = [
        answers.name,
        answers.nino,
        answers.dob.isoformat() if answers.dob else "",
        answers.postcode,
        case_reference(answers),
        answers.reference,
        answers.sent_date.isoformat(),
    ]
    return hashlib.sha256("\n".join(who).encode("utf-8")).hexdigest()


def calendar(pack: Pack, answers: Answers, link: str) -> bytes:
    """An .ics with each due date and a reminder the day after (and, for a request to look at a
    decision again, the day it must reach them), holding no personal data.

    Each event's UID is unique to the client, the letter and its recipient, and the same each
    time the same letter's calendar is made (sarkit.calendars)."""
    come_back = (
        f"When they answer, or if they don't: {link}"
        if link
        else "When they answer, or if they don't, go back to sarkit and choose "
        '"I have sent a letter".'
    )
    client, case = client_key(answers), case_reference(answers)
    entries: list[CalendarEntry] = []
    for doc in pack.docs:
        dates = doc.extra["dates"]
        key = "/".join([client, doc.letter_id, doc.recipient.name if doc.recipient else ""])
        if dates.due:
            description = f"{dates.due.rule}\n{come_back}"
            entries += due_and_reminder(dates.due.due, doc.title, description, key, case)
        reach_by = _reach_by(doc)
        # The claimant's own deadline; once it has passed, the letter asks them to accept it late.
        if reach_by and reach_by.due >= dates.received:
            to = department_name(answers.in_northern_ireland)
            summary = with_case(f"Must reach {to} by {long_date(reach_by.due)}: {doc.title}", case)
            entries.append(
                CalendarEntry(
                    reach_by.due, summary, f"{reach_by.rule}\n{come_back}", f"{key}-reach-by"
                )
            )
    return to_ics(entries, today_in_london())
