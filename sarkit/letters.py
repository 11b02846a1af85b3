"""Letter types as content: each is one Markdown+Jinja file in letters/ with YAML metadata on top.

Adding a letter is adding a file (and its tests). This module reads those files, works out who a
letter goes to and the dates it mentions, renders the body once, and returns a LetterDocument
that every output format is written from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sarkit import deadlines, paths
from sarkit.answers import Answers, AnswersError, FieldError, require
from sarkit.deadlines import long_date as long_date  # re-exported: how letters write dates
from sarkit.documents import Addressee, LetterDocument, markdown_to_blocks
from sarkit.markdown_literal import literal_markdown
from sarkit.messages import N_
from sarkit.profiles import Catalogue, Fact, Provider, Site

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
# Who a letter goes to. work-coach: the claimant's work coach, as a Universal Credit journal
# message; decision-maker: DWP (DfC in NI) at the address on the decision letter, or the journal.
ROLES = (
    "dwp-access",
    "dwp-foi",
    "provider",
    "site-operator",
    "controller",
    "ico",
    "none",
    "work-coach",
    "decision-maker",
)
# Which letter a follow-up answers when `follows` is not given (ARCHITECTURE.md, "The answers").
DEFAULT_FOLLOWS = {
    "sar-reminder": "dwp-sar",
    "foi-internal-review": "dwp-foi",
    "ico-complaint": "dwp-sar",
    "controller-complaint": "dwp-sar",
    "sar-clarification": "dwp-sar",
    "sar-extension-query": "dwp-sar",
    "sar-incomplete": "dwp-sar",
    "sar-refusal-challenge": "dwp-sar",
    "letter-before-claim": "dwp-sar",
    "provider-requirement": "provider-questions",
    "erasure": "site-sar",
}
# Who receives a letter that answers another (role `controller`).
CONTROLLER_OF = {
    "dwp-sar": "dwp-access",
    "dwp-foi": "dwp-foi",
    "site-sar": "site-operator",
    "provider-questions": "provider",
    "objection": "provider",
    "erasure": "provider",
    "sensitive-data": "dwp-access",
}
LETTER_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
FINAL_DATE_DAYS = 14


class LetterError(ValueError):
    """A letter id that does not exist, or a letter file that is broken."""


@dataclass(frozen=True)
class LetterSpec:
    id: str
    title: str
    summary: str
    to: str
    needs: tuple[str, ...]
    deadline: str | None
    subject: str
    group: str  # first | follow-up | reply | authority | more (before and after a sanction)
    follows: tuple[str, ...]
    enclosures: tuple[str, ...]
    cc: str | None
    order: int  # where it comes in a pack and on the letters page (lower first)
    path: Path
    # "first-due": a complaint that an answer is late may not be made before that answer is due
    # (unless a reply type says what went wrong instead: a refusal can come at any time).
    not_before: str | None = None
    # Replies this letter may only follow (a letter before claim comes after a complaint that did
    # not put things right); empty: any.
    after_replies: tuple[str, ...] = ()
    adviser_only: bool = False

    @property
    def template_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Letterhead:
    """The organisation running the site, printed on adviser letters and cover sheets."""

    name: str = ""
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    charity_number: str = ""
    logo: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        if not self.name:
            return ()
        contact = " · ".join(x for x in (self.phone, self.email) if x)
        charity = f"Registered charity number {self.charity_number}" if self.charity_number else ""
        return tuple(x for x in (self.name, ", ".join(self.address), contact, charity) if x)


@dataclass(frozen=True)
class SiteInfo:
    """The job-search site as a letter names it, from its profile or from what was typed."""

    name: str
    url: str
    profile: Site | None


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    address: tuple[str, ...]
    profile: Provider | None


@dataclass(frozen=True)
class LetterDates:
    """Dates a letter states: when this letter is due an answer, and for follow-ups, the first."""

    received: date
    due: deadlines.Deadline | None
    first_sent: date
    first_received: date
    first_due: deadlines.Deadline | None
    first_extended: date | None  # the latest date if the first request's answer was extended
    overdue_days: int
    final_date: date  # a short final date: 14 days after they receive this letter, a working day
    answer_by: date  # the final date, but never before the first answer was due
    ack_due: date  # a complaint's acknowledgement: 30 days beginning on receipt (s.164A)
    # the last day to ask for a decision to be looked at again, from the decision's date
    reconsideration: deadlines.Deadline | None = None


@cache
def _load_specs(directory: Path) -> dict[str, LetterSpec]:
    specs = {}
    for path in sorted(directory.glob("*.md")):
        if not LETTER_FILE.fullmatch(path.name):  # partials (_*.md) and README.md
            continue
        spec = _read_spec(path)
        specs[spec.id] = spec
    return dict(sorted(specs.items(), key=lambda item: (item[1].order, item[0])))


def all_letters(directory: Path | None = None) -> dict[str, LetterSpec]:
    """Every letter type, by id, in the order people meet them (`order`, then id)."""
    return _load_specs(directory or paths.LETTERS_DIR)


def get_letter(letter_id: str, directory: Path | None = None) -> LetterSpec:
    specs = all_letters(directory)
    if letter_id not in specs:
        raise LetterError(
            f"There is no letter called {letter_id!r}. Run `sarkit letters` to see the letter ids."
        )
    return specs[letter_id]


def _read_spec(path: Path) -> LetterSpec:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise LetterError(f"{path.name}: start the file with metadata between two '---' lines.")
    meta = yaml.safe_load(match.group(1)) or {}
    if meta.get("id") != path.stem:
        raise LetterError(f"{path.name}: the id in the metadata must be {path.stem!r}.")
    if meta.get("to") not in ROLES:
        raise LetterError(f"{path.name}: 'to' must be one of {', '.join(ROLES)}.")
    return LetterSpec(
        id=meta["id"],
        title=meta["title"],
        summary=meta.get("summary", ""),
        to=meta["to"],
        needs=tuple(meta.get("needs", ())),
        deadline=meta.get("deadline"),
        subject=meta["subject"],
        group=meta.get("group", "first"),
        follows=tuple(meta.get("follows", ())),
        enclosures=tuple(meta.get("enclosures", ())),
        cc=meta.get("cc"),
        order=int(meta.get("order", 100)),
        path=path,
        not_before=meta.get("not_before"),
        after_replies=tuple(meta.get("after_replies", ())),
        adviser_only=bool(meta.get("adviser_only", False)),
    )


class BodyLoader(FileSystemLoader):
    """Loads a letter's body: the metadata above it is read once, by `_read_spec`."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        match = FRONT_MATTER.match(source)
        return (match.group(2) if match else source), filename, uptodate


@cache
def _environment(directory: Path, markdown: bool = True) -> Environment:
    """Bodies are Markdown, so values are escaped for it; one-line fields (subject, enclosures)
    are plain text, where values go in as they are."""
    env = Environment(
        loader=BodyLoader(str(directory)),
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown or plain text, never HTML
        finalize=escape_markdown if markdown else _plain_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env


def escape_markdown(value: object) -> object:
    """Typed text and profile text can't become Markdown structure: it shows as it is."""
    if isinstance(value, str):
        return literal_markdown(value)
    if isinstance(value, date):
        return long_date(value)
    return "" if value is None else value


def _plain_value(value: object) -> object:
    if isinstance(value, date):
        return long_date(value)
    return "" if value is None else value


# --- building a letter ------------------------------------------------------------------------


def build_letter(
    letter_id: str,
    answers: Answers,
    catalogue: Catalogue,
    letterhead: Letterhead | None = None,
    directory: Path | None = None,
) -> LetterDocument:
    """Render one letter for these answers. Raises AnswersError naming any missing field."""
    spec = get_letter(letter_id, directory)
    require(answers, spec.needs)
    if problem := destination_problem(spec, answers, catalogue) or sequence_problem(spec, answers):
        raise AnswersError([problem])
    context = letter_context(spec, answers, catalogue)
    env = _environment(spec.path.parent)
    plain = _environment(spec.path.parent, markdown=False)
    body_markdown = env.get_template(spec.template_name).render(context)
    head = letterhead if (answers.adviser and letterhead and letterhead.name) else None
    return LetterDocument(
        letter_id=spec.id,
        title=spec.title,
        sender=_sender(answers, spec),
        recipient=context["recipient"],
        date=long_date(answers.date),
        references=_references(spec, answers),
        subject=plain.from_string(spec.subject).render(context).strip(),
        salutation=_salutation(spec),
        body=markdown_to_blocks(body_markdown),
        closing="" if spec.group == "authority" or spec.to == "work-coach" else "Yours faithfully,",
        signature=_signature(answers, spec),
        enclosures=tuple(plain.from_string(e).render(context).strip() for e in spec.enclosures)
        + _adviser_enclosures(spec, answers, context["follows"]),
        letterhead=head.lines if head else (),
        logo=bool(head and head.logo),
        copy_to=context["cc"],
        signature_lines=spec.group == "authority",
        extra={
            "dates": context["dates"],
            "spec": spec,
            "site": context["site"],
            "northern_ireland": answers.in_northern_ireland,
        },
    )


def letter_context(spec: LetterSpec, answers: Answers, catalogue: Catalogue) -> dict[str, Any]:
    """Everything a letter template may use."""
    site = site_info(answers, catalogue)
    provider = provider_info(answers, catalogue)
    follows = answers.follows or DEFAULT_FOLLOWS.get(spec.id, "")
    ni = answers.in_northern_ireland
    return {
        "a": answers,
        "adviser": answers.adviser,
        "site": site,
        "provider": provider,
        "follows": follows,
        "follows_title": _title_or_id(follows),
        "foi": is_foi(spec, follows),
        "recipient": recipient_for(spec.to, answers, catalogue, follows),
        "cc": recipient_for(spec.cc, answers, catalogue, follows) if spec.cc else None,
        "dates": letter_dates(spec, answers, follows),
        "basis": lawful_basis(answers, catalogue),
        # The regulator's name comes from its recipient profile only, so that one edit there
        # renames it everywhere when the Information Commission takes over.
        "regulator": _regulator(catalogue),
        "dept": "the Department for Communities"
        if ni
        else "the Department for Work and Pensions (DWP)",
        "dept_short": department_name(ni),
        "ni": ni,
        "today": answers.date,
        "reply_address": reply_address(answers),
    }


def reply_address(answers: Answers) -> str:
    """Where replies go by post, on one line. Letters name it rather than say "the address
    above": the same words go into an email body, which has no address above."""
    if answers.adviser:
        lines = [x.strip() for x in answers.adviser.address.splitlines() if x.strip()]
        return ", ".join(x for x in (answers.adviser.organisation, *lines) if x)
    return ", ".join(answers.postal_lines)


def lawful_basis(answers: Answers, catalogue: Catalogue) -> Fact:
    """The basis the provider's own notice gives, else the site's; unknown makes letters ask."""
    provider = catalogue.provider(answers.provider) if answers.provider else None
    if provider and provider.lawful_basis.known:
        return provider.lawful_basis
    site = catalogue.site(answers.site) if answers.site else None
    return site.lawful_basis if site else Fact("unknown")


def _regulator(catalogue: Catalogue) -> str:
    profile = catalogue.recipient("ico")
    if profile is None:  # a required recipient: profiles.load_catalogue refuses to start without it
        raise LetterError("The recipient profile 'ico' is missing from site_profiles.")
    return profile.organisation


def _title_or_id(letter_id: str) -> str:
    specs = all_letters()
    return specs[letter_id].title if letter_id in specs else letter_id


def site_info(answers: Answers, catalogue: Catalogue) -> SiteInfo:
    profile = catalogue.site(answers.site) if answers.site else None
    if profile:
        url = profile.urls[0] if profile.urls else ""
        return SiteInfo(profile.name, url, profile)
    return SiteInfo(answers.site_name or "the job-search website", answers.site_url, None)


def provider_info(answers: Answers, catalogue: Catalogue) -> ProviderInfo:
    """The provider as a letter names it. A profile's own address wins; where its sources give
    none, the address the claimant typed (from the provider's letters, say) is used instead."""
    profile = catalogue.provider(answers.provider) if answers.provider else None
    typed = tuple(x.strip() for x in answers.provider_address.splitlines() if x.strip())
    if profile:
        return ProviderInfo(profile.name, profile.address if profile.reachable else typed, profile)
    return ProviderInfo(answers.provider_name or "the organisation", typed, None)


WORK_COACH = "My work coach"


def department_name(northern_ireland: bool) -> str:
    """The department that decides benefits, as a sentence names it: DfC in Northern Ireland."""
    return "the Department for Communities" if northern_ireland else "DWP"


def recipient_for(
    role: str, answers: Answers, catalogue: Catalogue, follows: str = ""
) -> Addressee | None:
    """Resolve a letter's `to` role into a name and address. DfC replaces DWP in NI."""
    if role == "controller":
        role = CONTROLLER_OF.get(follows, "dwp-access")
    if role == "none":
        return None
    if role == "work-coach":  # their own work coach, through the journal (there in NI too)
        return Addressee(WORK_COACH, (), journal=True)
    if role == "decision-maker":
        # The "appropriate office" is the address on the decision letter (SI 2013/381 reg 2):
        # no profile can know it, so the letter goes by the journal or to that address.
        dept = department_name(answers.in_northern_ireland)
        return Addressee(f"The decision maker, {dept}", (), journal=True)
    if role in ("dwp-access", "dwp-foi", "ico"):
        return _recipient_profile(_recipient_id(role, answers), catalogue)
    provider = provider_info(answers, catalogue)
    site = site_info(answers, catalogue)
    department = bool(provider.profile and provider.profile.department)
    if role == "site-operator":
        # A request for the data goes to whoever controls it: DWP (DfC in Northern Ireland) for
        # its own sites and for its own jobcentres, never their contractor (Adzuna, say).
        if site.profile and site.profile.letters_to == "site":  # its own notice: it controls it
            own = site.profile
            return Addressee(
                own.operator.value,
                own.address,
                email=own.email or "",
                web_form=own.web_form or "",
                check_url=own.privacy_policy_url or "",
            )
        if department or (site.profile and site.profile.letters_to == "department"):
            return _recipient_profile(_recipient_id("dwp-access", answers), catalogue)
        if not (answers.provider or answers.provider_name):
            operator = site.profile.operator.value if site.profile else ""
            name = (
                operator if operator and operator != "unknown" else f"The operator of {site.name}"
            )
            check = (site.profile.privacy_policy_url if site.profile else "") or site.url
            return Addressee(name, (), verified=False, check_url=check or "")
    if department:  # the work coach: through the journal, or posted to the office they named
        return Addressee(
            f"{WORK_COACH}, {provider.name}", provider.address, journal=not provider.address
        )
    profile = provider.profile
    return Addressee(
        provider.name,
        provider.address,
        email=profile.email or "" if profile and profile.reachable else "",
        web_form=profile.web_form or "" if profile and profile.reachable else "",
        check_url=(profile.privacy_notice_url or "") if profile else "",
    )


def claimant_addressed(
    spec: LetterSpec, answers: Answers, catalogue: Catalogue
) -> Addressee | None:
    """Where the letter goes when that is the provider or the site's operator (whose address,
    unless a profile gives it, only the claimant can supply), or None for a recipient profile."""
    follows = answers.follows or DEFAULT_FOLLOWS.get(spec.id, "")
    role = CONTROLLER_OF.get(follows, "dwp-access") if spec.to == "controller" else spec.to
    if role not in ("provider", "site-operator"):  # a recipient profile: its tests check it
        return None
    recipient = recipient_for(spec.to, answers, catalogue, follows)
    return (
        None if recipient is None or recipient in _department_recipients(catalogue) else recipient
    )


def _department_recipients(catalogue: Catalogue) -> list[Addressee]:
    return [
        _recipient_profile(i, catalogue) for i in ("dwp-right-of-access", "dfc-right-of-access")
    ]


# Replies that say what went wrong, so a complaint about them need not wait for the due date.
NOT_ABOUT_LATENESS = frozenset({"incomplete", "refused-sar", "extended", "said-no"})


def sequence_problem(spec: LetterSpec, answers: Answers) -> FieldError | None:
    """A follow-up follows one of the letters it lists, and never calls an answer late before
    it is due: that is a reminder's job until then."""
    chained = spec.group in ("follow-up", "reply")  # a first letter ignores `follows`
    if chained and answers.follows and spec.follows and answers.follows not in spec.follows:
        titles = ", ".join(_title_or_id(i) for i in spec.follows)
        return FieldError(
            "follows",
            N_(
                "\u201c%(title)s\u201d follows one of these letters: %(titles)s. "
                "Choose the letter you sent first."
            ),
            {"title": spec.title, "titles": titles},
        )
    if spec.adviser_only and not answers.adviser:
        return FieldError(
            "adviser_name",
            N_(
                "\u201c%(title)s\u201d is for advisers: it goes with legal advice. Give the "
                "adviser's details, or ask an adviser to help."
            ),
            {"title": spec.title},
        )
    if spec.after_replies and answers.reply not in spec.after_replies:
        return FieldError(
            "reply",
            N_(
                "\u201c%(title)s\u201d comes only after a complaint that did not put things "
                "right. Choose what happened: \u201cI complained to them, and it is still not "
                "sorted out\u201d."
            ),
            {"title": spec.title},
        )
    if spec.not_before != "first-due" or answers.reply in NOT_ABOUT_LATENESS:
        return None
    follows = answers.follows or DEFAULT_FOLLOWS.get(spec.id, "")
    due = letter_dates(spec, answers, follows).first_due
    if due is None or answers.date > due.due:
        return None
    return FieldError(
        "date",
        N_(
            "Their answer is not due until %(due)s, so they are not late yet. You can send "
            "\u201c%(title)s\u201d from %(from)s. Until then, you can send a reminder."
        ),
        {
            "due": long_date(due.due),
            "title": spec.title,
            "from": long_date(due.due + timedelta(days=1)),
        },
    )


def destination_problem(
    spec: LetterSpec, answers: Answers, catalogue: Catalogue
) -> FieldError | None:
    """A letter is never made with nowhere to go: where no source gives the address, the
    claimant is asked for it (it is on the provider's letters to them)."""
    recipient = claimant_addressed(spec, answers, catalogue)
    if recipient is None or recipient.reachable:
        return None
    if not (answers.provider or answers.provider_name):
        return FieldError(
            "provider_name",
            N_(
                "Enter who told you to use the website, and their address: the letter "
                "\u201c%(title)s\u201d goes to them."
            ),
            {"title": spec.title},
        )
    return FieldError(
        "provider_address",
        N_(
            "Enter the address of %(name)s: the letter \u201c%(title)s\u201d goes to them. It is "
            "on their letters and emails to you, or ask them or your work coach for it."
        ),
        {"name": recipient.name, "title": spec.title},
    )


def _recipient_id(role: str, answers: Answers) -> str:
    if role == "ico":
        return "ico"
    prefix = "dfc" if answers.in_northern_ireland else "dwp"
    return f"{prefix}-right-of-access" if role == "dwp-access" else f"{prefix}-foi"


def _recipient_profile(recipient_id: str, catalogue: Catalogue) -> Addressee:
    profile = catalogue.recipient(recipient_id)
    if profile is None:
        raise LetterError(f"The recipient profile {recipient_id!r} is missing from site_profiles.")
    return Addressee(
        name=profile.name,
        lines=tuple(profile.address),
        email=profile.email or "",
        web_form=profile.web_form or "",
        verified=profile.verified,
        check_url=profile.check_url or "",
    )


def letter_dates(spec: LetterSpec, answers: Answers, follows: str) -> LetterDates:
    """This letter's own due date, and for a follow-up the first letter's dates."""
    received = deadlines.received_on(answers.date, answers.sent_method)
    due = deadlines.deadline(spec.deadline, received) if spec.deadline else None
    first_sent = answers.sent_date
    first_received = deadlines.received_on(first_sent, answers.sent_method)
    first_kind = "foi" if follows == "dwp-foi" else "sar"
    first_due = deadlines.deadline(first_kind, first_received) if follows else None
    extended = deadlines.deadline_for_sar_extended(first_received).due if follows else None
    overdue = deadlines.days_overdue(first_due.due, answers.date) if first_due else 0
    final = deadlines.final_date_after(received, FINAL_DATE_DAYS)
    answer_by = max(final, first_due.due) if first_due else final
    return LetterDates(
        received,
        due,
        first_sent,
        first_received,
        first_due,
        extended,
        overdue,
        final,
        answer_by,
        deadlines.complaint_acknowledged_by(received),
        deadlines.last_day_for_mandatory_reconsideration(answers.decision_on)
        if answers.decision_on
        else None,
    )


def _salutation(spec: LetterSpec) -> str:
    if spec.group == "authority":
        return "To whom it may concern,"
    # A journal message is a note to someone they know, not a formal letter.
    return "" if spec.to == "work-coach" else "Dear Sir or Madam,"


def _sender(answers: Answers, spec: LetterSpec) -> tuple[str, ...]:
    """The adviser writes in adviser mode; the client's own authority carries the client's."""
    if answers.adviser and spec.group != "authority":
        adviser = answers.adviser
        address = [x for x in adviser.address.splitlines() if x.strip()]
        return tuple(
            x
            for x in (adviser.name, adviser.organisation, *address, adviser.phone, adviser.email)
            if x
        )
    return tuple(
        x for x in (answers.name, *answers.postal_lines, answers.phone, answers.email) if x
    )


def _signature(answers: Answers, spec: LetterSpec) -> tuple[str, ...]:
    follows = answers.follows or DEFAULT_FOLLOWS.get(spec.id, "")
    if answers.adviser and is_foi(spec, follows):
        # An FOI request is public (WhatDoTheyKnow publishes it): it never names the client.
        adviser = answers.adviser
        return tuple(x for x in (adviser.name, adviser.organisation) if x)
    if answers.adviser and spec.group != "authority":
        adviser = answers.adviser
        return tuple(
            x
            for x in (
                adviser.name,
                adviser.organisation,
                f"On behalf of {answers.name}" if answers.name else "",
            )
            if x
        )
    return (answers.name,) if answers.name else ()


def _references(spec: LetterSpec, answers: Answers) -> tuple[tuple[str, str], ...]:
    refs = []
    if answers.reference and spec.group != "first":
        refs.append(("Your reference", answers.reference))
    if answers.adviser and answers.adviser.reference:
        refs.append(("Our reference", answers.adviser.reference))
    if "nino" in spec.needs and answers.nino:
        refs.append(("National Insurance number", answers.nino_display))
    return tuple(refs)


def is_foi(spec: LetterSpec, follows: str) -> bool:
    """An FOI letter, or one that follows an FOI request: public, in the writer's own name."""
    return spec.to == "dwp-foi" or follows == "dwp-foi"


# DWP's personal information charter: "you must use our form if you are asking for information
# on behalf of someone else" (gov.uk, DWP personal information charter, read 3 December 2026).
# DfC publishes no such rule that we have read, so this is for GB only.
DWP_THIRD_PARTY_FORM = "DWP's request for personal information form, filled in for my client"


def _adviser_enclosures(spec: LetterSpec, answers: Answers, follows: str) -> tuple[str, ...]:
    """The signed authority goes with adviser letters, but not FOI ones, which need none; a
    request to DWP from an adviser goes with DWP's own form too."""
    if not answers.adviser or spec.group == "authority" or is_foi(spec, follows):
        return ()
    authority = f"Signed authority from {answers.name or 'my client'} for me to act for them"
    if spec.to == "dwp-access" and not answers.in_northern_ireland:
        return (authority, DWP_THIRD_PARTY_FORM)
    return (authority,)
