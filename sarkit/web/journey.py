"""The claimant journey: one question a page, then the details, check your answers, the letters.

Choices that are not personal (where you live, whether an adviser is filling it in, who told you,
which website, which letters, the date you were told) live in the signed session cookie, so going
back keeps them. Personal details never do (ARCHITECTURE.md, Principle 2): they are asked last and
travel only in POST bodies — the details form posts to "check your answers", whose "Change" and
"Make my letters" buttons post them on again as hidden fields.

A "Change" button on check your answers posts everything to the page it names. A question page
reached that way carries the details along as hidden fields and, once answered, shows the details
page again filled in, so nothing has to be typed twice.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from sarkit import packs
from sarkit.answers import ADVISER_FIELDS, Answers, AnswersError, parse_answers
from sarkit.letters import all_letters, long_date
from sarkit.profiles import FACT_LABELS, FACT_NAMES, Fact, Site, Source
from sarkit.web.context import catalogue
from sarkit.web.journey_forms import (
    DETAIL_FIELDS,
    JOURNAL,
    NATION_CHOICES,
    NOT_LISTED,
    POST,
    SEND_CHOICES,
    DatePartsField,
    DetailsForm,
    WhereToSendForm,
    WhereYouLiveForm,
    WhichLettersForm,
    WhichSiteForm,
    WhoForForm,
    WhoToldYouForm,
)
from sarkit.web.letters_page import letters_page
from sarkit.web.posted_answers import answers_from_form, hidden_fields, show_errors
from sarkit.web.steps import Flow, Step

bp = Blueprint("journey", __name__, url_prefix="/journey")

SESSION_KEY = "journey"
# The letters most people start with: ticked the first time, and named on the "about" page.
RECOMMENDED = ("provider-questions", "dwp-sar", "dwp-foi")
# Which questions on the details page each `needs` entry of a letter's metadata asks.
NEED_FIELDS = {
    "name": {"name"},
    "contact": {"address", "postcode", "email"},
    "nino": {"nino", "no_nino"},
    "dob": {"dob"},
    "adviser": {f"adviser_{f}" for f in ADVISER_FIELDS},
}
ALWAYS_ASKED = {"email", "phone", "sent_method", "date"}
# The non-personal answers the session may hold, as the answers keys.
SESSION_ANSWERS = (
    "nation",
    "provider",
    "provider_name",
    "provider_address",
    "told_on",
    "site",
    "site_name",
    "site_url",
)

# Each page, in order: the test that says its question has an answer, and when it is asked.
FLOW = Flow(
    SESSION_KEY,
    (
        Step("journey.where_you_live", lambda d: bool(d.get("nation"))),
        Step("journey.who_for", lambda d: "adviser" in d),
        Step("journey.who_told_you", lambda d: bool(d.get("provider") or d.get("provider_name"))),
        Step("journey.which_site", lambda d: bool(d.get("site") or d.get("site_name"))),
        Step("journey.about_the_site", lambda d: True),  # facts to read, nothing to answer
        Step("journey.which_letters", lambda d: bool(d.get("letters"))),
        Step(
            "journey.where_to_send",
            lambda d: bool(d.get("send_asked")),
            applies=lambda d: bool(send_question(d)),
        ),
        Step("journey.your_details", lambda d: False),  # personal: never in the session
        Step("journey.check_answers", lambda d: False),
    ),
    before_first="pages.start",
)
saved = FLOW.state
save = FLOW.save


def carried_details() -> list[tuple[str, str]]:
    """The personal details a "Change" button posted, to carry on as hidden fields."""
    if request.method != "POST":
        return []
    return [(k, v) for k, v in request.form.items(multi=True) if k in DETAIL_FIELDS]


# --- one question a page ----------------------------------------------------------------------


def ask(
    form_class,
    template: str,
    *,
    values: dict,
    keep: Callable,
    setup: Callable | None = None,
    fresh: bool = False,
    **context,
):
    """Show a question filled in from the session; on a good answer keep it and move on.

    `keep(form)` stores the answer and may raise AnswersError. A page reached from a "Change"
    button (`change` posted) shows the saved answer and carries the details to the next POST.
    """
    changing = request.method == "POST" and (fresh or bool(request.form.get("change")))
    carried = carried_details()
    if request.method == "GET" or changing:
        form = form_class(formdata=None, data=values)
    else:
        form = form_class()
    if setup:
        setup(form)
    if not changing and form.validate_on_submit():
        try:
            keep(form)
        except AnswersError as error:
            show_errors(form, error)
        else:
            if carried:
                # A change can make a question needed that was not before (a letter to the
                # provider, whose address we lack): ask it, carrying the details along.
                if FLOW.first_unanswered("journey.your_details"):
                    return where_to_send(fresh=True)
                return details_page(saved(), MultiDict(carried))
            return FLOW.next(request.endpoint or "")
    return render_template(
        template,
        form=form,
        back=FLOW.back(request.endpoint or ""),
        carried=carried,
        other=NOT_LISTED,
        adviser=bool(saved().get("adviser")),
        **context,
    )


@bp.get("/")
def start():
    return redirect(url_for("journey.where_you_live"))


@bp.route("/where-you-live", methods=["GET", "POST"])
def where_you_live():
    def keep(form):
        save(nation=form.nation.data)

    return ask(
        WhereYouLiveForm,
        "journey/where_you_live.html",
        values={"nation": saved().get("nation")},
        keep=keep,
    )


@bp.route("/who-for", methods=["GET", "POST"])
def who_for():
    data = saved()
    if (gap := FLOW.guard("journey.who_for", data)) is not None:
        return gap

    def keep(form):
        save(adviser=form.who.data == "adviser")

    who = None if "adviser" not in data else ("adviser" if data["adviser"] else "myself")
    return ask(
        WhoForForm,
        "journey/who_for.html",
        values={"who": who},
        keep=keep,
    )


@bp.route("/who-told-you", methods=["GET", "POST"])
def who_told_you():
    data = saved()
    if (gap := FLOW.guard("journey.who_told_you", data)) is not None:
        return gap
    cat = catalogue()
    providers = ordered_providers(data.get("nation", ""))

    def setup(form):
        form.provider.choices = [SelectChoice(p.id, p.name) for p in providers] + [
            SelectChoice(NOT_LISTED, _("Someone else, or they are not in this list"))
        ]

    def keep(form):
        other = form.provider.data == NOT_LISTED
        if (form.provider.data or "") != (
            data.get("provider") or (NOT_LISTED if data.get("provider_name") else "")
        ):
            save(send_asked=False)  # another organisation: ask again where its letters go
        answers, _warnings = parse_answers(
            {
                "provider": "" if other else form.provider.data,
                "provider_name": form.provider_name.data if other else "",
                "provider_address": form.provider_address.data if other else "",
                "told_on": form.told_on._value(),
            },
            provider_ids=cat.providers,
        )
        save(
            provider=answers.provider,
            provider_name=answers.provider_name,
            provider_address=answers.provider_address,
            told_on=answers.told_on.isoformat() if answers.told_on else "",
        )

    values = {
        "provider": data.get("provider") or (NOT_LISTED if data.get("provider_name") else None),
        "provider_name": data.get("provider_name", ""),
        "provider_address": data.get("provider_address", ""),
        "told_on": data.get("told_on") or None,
    }
    return ask(
        WhoToldYouForm,
        "journey/who_told_you.html",
        values=values,
        keep=keep,
        setup=setup,
        provider_hints=provider_hints(providers),
    )


@bp.route("/which-site", methods=["GET", "POST"])
def which_site():
    data = saved()
    if (gap := FLOW.guard("journey.which_site", data)) is not None:
        return gap
    cat = catalogue()
    provider = cat.provider(data.get("provider", ""))
    own = cat.sites_used_by(provider.id) if provider else []
    sites = own + sorted(
        (s for s in cat.sites.values() if s not in own), key=lambda s: s.name.casefold()
    )

    def setup(form):
        form.site.choices = [SelectChoice(s.id, s.name) for s in sites] + [
            SelectChoice(NOT_LISTED, _("Not listed"))
        ]

    def keep(form):
        other = form.site.data == NOT_LISTED
        answers, _warnings = parse_answers(
            {
                "site": "" if other else form.site.data,
                "site_name": form.site_name.data if other else "",
                "site_url": form.site_url.data if other else "",
            },
            site_ids=cat.sites,
        )
        save(site=answers.site, site_name=answers.site_name, site_url=answers.site_url)

    values = {
        "site": data.get("site") or (NOT_LISTED if data.get("site_name") else None),
        "site_name": data.get("site_name", ""),
        "site_url": data.get("site_url", ""),
    }
    hints = {s.id: site_hint(s, provider if s in own else None) for s in sites}
    return ask(
        WhichSiteForm,
        "journey/which_site.html",
        values=values,
        keep=keep,
        setup=setup,
        site_hints=hints,
    )


@bp.get("/about-the-site")
def about_the_site():
    data = saved()
    if (gap := FLOW.guard("journey.which_letters", data)) is not None:
        return gap
    site = catalogue().site(data.get("site", ""))
    facts = [fact_view(name, site.facts[name]) for name in FACT_NAMES] if site else []
    letters = all_letters()
    return render_template(
        "journey/about_the_site.html",
        back=FLOW.back("journey.about_the_site", data),
        site=site,
        facts=facts,
        site_name=site.name if site else data.get("site_name", ""),
        site_url=data.get("site_url", ""),
        adviser=bool(data.get("adviser")),
        closed_on=long_date(site.status_until) if site and site.status == "closed" else "",
        recommended=[letters[i] for i in RECOMMENDED if i in letters],
    )


@bp.route("/which-letters", methods=["GET", "POST"])
def which_letters():
    data = saved()
    if (gap := FLOW.guard("journey.which_letters", data)) is not None:
        return gap
    offered = letters_to_offer(data.get("provider", ""))

    def setup(form):
        form.letters.choices = [SelectChoice(spec.id, spec.title) for spec in offered]

    def keep(form):
        chosen = set(form.letters.data)
        save(letters=[spec.id for spec in offered if spec.id in chosen])

    chosen = data.get("letters") or [i for i in RECOMMENDED if i in all_letters()]
    return ask(
        WhichLettersForm,
        "journey/which_letters.html",
        values={"letters": chosen},
        keep=keep,
        setup=setup,
        letter_hints={spec.id: {"hint": {"text": spec.summary}} for spec in offered},
    )


def send_question(data: dict) -> str:
    """Whether to ask where the provider's letters go: "" (a profile says, or no letter goes
    to them), "journal" (the work coach: the journal or the jobcentre) or "address"."""
    cat = catalogue()
    # An unlisted organisation's address may already be typed on "who told you"; a listed
    # one's is asked here, so it does not count when deciding whether to ask.
    typed = "" if data.get("provider") else data.get("provider_address", "")
    answers = Answers(
        nation=data.get("nation") or "england",
        provider=data.get("provider", ""),
        provider_name=data.get("provider_name", ""),
        provider_address=typed,
        site=data.get("site", ""),
        site_name=data.get("site_name", ""),
    )
    return packs.send_question(data.get("letters", []), answers, cat)


@bp.route("/where-to-send", methods=["GET", "POST"])
def where_to_send(fresh: bool = False):
    """Where the provider's letters go. `fresh`: shown after a change on another page."""
    data = saved()
    if (gap := FLOW.guard("journey.where_to_send", data)) is not None:
        return gap
    question = send_question(data)
    if not question:
        return redirect(url_for("journey.your_details"))
    provider = catalogue().provider(data.get("provider", ""))
    name = provider.name if provider else data.get("provider_name", "")

    def setup(form):
        if question != "journal":
            del form.send  # only the work coach can be reached through the journal

    def keep(form):
        journal = question == "journal" and form.send.data == JOURNAL
        address = "" if journal else form.provider_address.data
        answers, _warnings = parse_answers({"provider_address": address})
        save(provider_address=answers.provider_address, send_asked=True)

    typed = data.get("provider_address", "")
    values = {
        "provider_address": typed,
        "send": (POST if typed else JOURNAL) if data.get("send_asked") else None,
    }
    return ask(
        WhereToSendForm,
        "journey/where_to_send.html",
        values=values,
        keep=keep,
        setup=setup,
        fresh=fresh,
        question=question,
        name=name,
    )


@bp.route("/your-details", methods=["GET", "POST"])
def your_details():
    """The details, asked last. A POST (from a "Change" button) shows them filled in again."""
    data = saved()
    if (gap := FLOW.guard("journey.your_details", data)) is not None:
        return gap
    if request.method == "POST":
        return details_page(data, MultiDict(carried_details()))
    return details_page(data, None)


@bp.get("/check-answers")
@bp.get("/letters")
def not_kept():
    """Back, Reload or a bookmark to a page that answered a POST: its details were never kept,
    so say so, and offer the one page that brings the letters back (ARCHITECTURE.md)."""
    answered = FLOW.guard("journey.your_details", saved()) is None
    return render_template("journey/not_kept.html", answered=answered)


@bp.post("/check-answers")
def check_answers():
    data = saved()
    if (gap := FLOW.guard("journey.your_details", data)) is not None:
        return gap
    form = details_form(data, request.form)
    # The form parses (dates, lengths); the domain checks everything else. Both run every
    # time, so every problem shows in one round, never one after another.
    parsed = form.validate_on_submit()
    try:
        answers, letter_ids = answers_from_details(data, form)
    except AnswersError as error:
        show_errors(form, error)
    else:
        if parsed:
            return render_template(
                "journey/check_answers.html",
                back=FLOW.back("journey.check_answers", data),
                sections=summary(answers, letter_ids, form),
                hidden=hidden_fields(answers, letter_ids),
                adviser=bool(answers.adviser),
            )
    return render_details(form, data)


@bp.post("/letters")
def letters():
    """Make the letters from what "check your answers" posted: everything is in the POST."""
    try:
        answers, letter_ids = answers_from_form(request.form, sending_now=True)
    except AnswersError as error:
        data = saved()
        data["letters"] = request.form.getlist("letters") or data.get("letters", [])
        form = details_form(data, MultiDict(carried_details()))
        show_errors(form, error)
        return render_details(form, data)
    return letters_page(answers, letter_ids)


# --- the details page -------------------------------------------------------------------------


def details_page(data: dict, formdata: MultiDict | None):
    """The details form: empty (formdata None) or filled in from carried fields, no errors."""
    form = details_form(data, formdata)
    return render_details(form, data)


def render_details(form: DetailsForm, data: dict):
    return render_template(
        "journey/your_details.html",
        form=form,
        adviser=bool(data.get("adviser")),
        back=FLOW.back("journey.your_details", data),
    )


def details_form(data: dict, formdata) -> DetailsForm:
    """The details form, asking only what the chosen letters need."""
    form = DetailsForm(formdata=formdata)
    adviser = bool(data.get("adviser"))
    return form.ask_only(fields_to_ask(data.get("letters", []), adviser), adviser)


def fields_to_ask(letter_ids: list[str], adviser: bool) -> set[str]:
    """The details the chosen letters need (in adviser mode, with the authority form's too)."""
    needs = packs.letters_needs(letter_ids, adviser)
    asked = set(ALWAYS_ASKED)
    for need in needs:
        asked |= NEED_FIELDS.get(need, set())
    return asked


def answers_from_details(data: dict, form: DetailsForm) -> tuple[Answers, list[str]]:
    """Validate the session's choices and the posted details together, as the letters will."""
    values = MultiDict((k, data[k]) for k in SESSION_ANSWERS if data.get(k))
    for field in form:
        if field.name not in DETAIL_FIELDS:
            continue
        if isinstance(field, DatePartsField):
            value = field._value()
        elif field.type == "BooleanField":
            value = "y" if field.data else ""
        else:
            value = field.data or ""
        if value:
            values[field.name] = value
    values.setlist("letters", data.get("letters", []))
    return answers_from_form(values, sending_now=True, adviser=bool(data.get("adviser")))


# --- what the pages show ----------------------------------------------------------------------


def ordered_providers(nation: str = "") -> list:
    """The organisations of the claimant's nation: the jobcentre (Jobcentre Plus, or a Jobs &
    Benefits office in Northern Ireland), then today's providers A to Z, then those from
    schemes that have ended."""
    providers = [p for p in catalogue().providers.values() if p.nations.include(nation)]
    by_name = sorted((p for p in providers if not p.department), key=lambda p: p.name.casefold())
    return (
        [p for p in providers if p.department]
        + [p for p in by_name if not p.history]
        + [p for p in by_name if p.history]
    )


def provider_hints(providers) -> dict:
    """A hint under each organisation that helps people recognise it."""
    hints = {}
    for provider in providers:
        schemes = [s.name for s in provider.schemes]
        if provider.department:
            text = _("Your work coach at the jobcentre")
        elif provider.history:
            text = (
                _("Ran the %(schemes)s, which has ended", schemes=" and ".join(schemes))
                if schemes
                else _("Ran a scheme that has ended")
            )
        elif schemes:
            text = " and ".join(schemes)
        else:
            continue
        hints[provider.id] = {"hint": {"text": text}}
    return hints


def site_hint(site: Site, provider) -> dict:
    """The web address, whether it has closed, and whether the chosen provider uses it."""
    lines = []
    if site.urls:
        lines.append(site.urls[0].split("://", 1)[-1].rstrip("/"))
    if site.status == "closed":
        lines.append(
            _("Closed in %(year)s", year=site.status_until.year)
            if site.status_until
            else _("Closed")
        )
    elif not catalogue().in_use_today(site):
        lines.append(_("Used in the past: no source says it is used today"))
    if provider:
        lines.append(_("Used by %(provider)s", provider=provider.name))
    if not lines:
        return {}
    return {"hint": {"html": Markup("<br>").join(escape(line) for line in lines)}}


def fact_view(name: str, fact: Fact) -> dict:
    """One fact as the "about" page shows it: the answer in plain words, and where it is from."""
    dated = [s.date for s in fact.sources if s.date]
    return {
        "name": name,
        "question": FACT_LABELS[name],
        "known": fact.known,
        "answer": fact.label,
        "note": fact.note,
        "history": fact.history,
        "history_date": long_date(max(dated)) if dated else "",
        "sources": [source_view(s) for s in fact.sources],
    }


def source_view(source: Source) -> dict:
    """A source for `source_line`: a seed document stands in for a missing web address."""
    seed = catalogue().seeds.get(source.seed) if source.seed else None
    title = source.title
    if not source.url and seed and seed.title != source.title:
        title = f"{source.title} ({seed.title})"
    return {
        "title": title,
        "url": source.url or (seed.url if seed else None),
        "date": long_date(source.date) if source.date else _("no date shown"),
        "accessed": long_date(source.accessed) if source.accessed else "",
        "quote": source.quote,
    }


def first_letters() -> list:
    """The letters to choose from: those written first, in the order a claimant meets them."""
    return [s for s in all_letters().values() if s.group == "first"]  # in metadata `order`


# Offered, not ticked, just after the questions to the provider, when the one who told them
# to use the site is the department itself: their work coach can answer in the journal.
WORK_COACH_LETTER = "journal-message"


def letters_to_offer(provider_id: str) -> list:
    """The letters to choose from for someone told by `provider_id`."""
    offered = first_letters()
    provider = catalogue().provider(provider_id)
    letters = all_letters()
    if provider is None or not provider.department or WORK_COACH_LETTER not in letters:
        return offered
    ids = [spec.id for spec in offered]
    at = ids.index("provider-questions") + 1 if "provider-questions" in ids else 0
    return [*offered[:at], letters[WORK_COACH_LETTER], *offered[at:]]


def summary(answers: Answers, letter_ids: list[str], form: DetailsForm) -> list[dict]:
    """Check your answers: sections of rows. A choice's row names the page that changes it; the
    details, all asked on one page, share one "Change" button at the end of their sections."""
    cat = catalogue()
    adviser = bool(answers.adviser)
    nations = {c.value: c.label for c in NATION_CHOICES}
    provider = cat.provider(answers.provider)
    site = cat.site(answers.site)
    specs = all_letters()
    not_given = _("Not given")

    def row(key, lines, endpoint=None, hidden="", bullets=False):
        lines = [line for line in (lines if isinstance(lines, list) else [lines]) if line]
        return {
            "key": key,
            "lines": lines or [not_given],
            "endpoint": endpoint,
            "hidden": hidden,
            "bullets": bullets and len(lines) > 1,
        }

    told_by = (
        [provider.name]
        if provider
        else [answers.provider_name, *answers.provider_address.splitlines()]
    )
    if answers.told_on:
        told_by.append(_("On %(date)s", date=long_date(answers.told_on)))
    website = [site.name] if site else [answers.site_name, answers.site_url]
    choices = [
        row(
            _("Where they live") if adviser else _("Where you live"),
            str(nations.get(answers.nation, answers.nation)),
            "journey.where_you_live",
            _("where they live") if adviser else _("where you live"),
        ),
        row(
            _("Filling this in"),
            _("As an adviser or helper, with their signed authority")
            if adviser
            else _("For yourself"),
            "journey.who_for",
            _("who is filling this in"),
        ),
        row(
            _("Who told them to use a website") if adviser else _("Who told you to use a website"),
            told_by,
            "journey.who_told_you",
            _("who told you to use a website"),
        ),
        row(_("Website"), website, "journey.which_site", _("the website")),
        row(
            _("Letters"),
            [specs[i].title for i in packs.letters_for_pack(letter_ids, answers)],
            "journey.which_letters",
            _("the letters"),
            bullets=True,
        ),
    ]
    asked = set(form._fields)
    person = [row(_("Full name"), answers.name)]
    if "address" in asked:
        no_address = not answers.address and not adviser
        person.append(
            row(_("Address"), [_("No fixed address")] if no_address else answers.postal_lines)
        )
    if "email" in asked:
        person.append(row(_("Email address"), answers.email))
    person.append(row(_("Phone number"), answers.phone))
    if "nino" in asked:
        none_yet = _("They do not have one yet") if adviser else _("I do not have one yet")
        person.append(row(_("National Insurance number"), answers.nino_display or none_yet))
    if "dob" in asked:
        person.append(row(_("Date of birth"), long_date(answers.dob)))
    sending = [
        row(
            _("How you will send them"),
            str(
                {c.value: c.label for c in SEND_CHOICES}.get(
                    answers.sent_method, answers.sent_method
                )
            ),
        ),
        row(_("When you will send them"), long_date(answers.date)),
    ]
    sections = [
        {"title": _("Your choices"), "rows": choices},
        {"title": _("Their details") if adviser else _("Your details"), "rows": person},
    ]
    if answers.adviser:
        a = answers.adviser
        sections.append(
            {
                "title": _("You, the adviser or helper"),
                "rows": [
                    row(_("Your name"), a.name),
                    row(_("Organisation"), a.organisation),
                    row(_("Your address"), a.address.splitlines()),
                    row(_("Your email address"), a.email),
                    row(_("Your phone number"), a.phone),
                    row(_("Case reference"), a.reference),
                ],
            }
        )
    sections.append(
        {
            "title": _("Sending the letters"),
            "rows": sending,
            "change": {"endpoint": "journey.your_details", "text": _("Change these details")},
        }
    )
    return sections
