"""The reply journey at /replies: what you sent, when and how, what came back, where you stand,
and the next letter.

One question a page. The choices that are not personal (nation, site and provider ids, the letter
sent, dates, how it was sent, what they said, the letters chosen) live in the session, each one
validated before it is kept. Personal details are asked for last, travel only in the POST body of
the details page and go straight into the letters page: never the session, a cookie or a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from markdown_it import MarkdownIt
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from sarkit import deadlines, packs, replies, reply_files, reply_reader
from sarkit.answers import (
    DEFAULT_MAX_LENGTH,
    EARLIEST,
    MAX_LENGTH,
    SAVED_FILE_LIMIT,
    Answers,
    AnswersError,
    parse_answers,
    read_saved_file,
    reply_date_problem,
    today_in_london,
)
from sarkit.deadlines import day_name
from sarkit.letters import all_letters, long_date
from sarkit.outputs import MEDIA_TYPES
from sarkit.web.context import catalogue
from sarkit.web.forms import choices
from sarkit.web.journey_forms import NOT_LISTED
from sarkit.web.letters_page import letters_page
from sarkit.web.limits import limit_downloads
from sarkit.web.posted_answers import answers_from_form, show_errors, shown
from sarkit.web.replies_forms import (
    AnsweredForm,
    ConfirmReadForm,
    DecisionForm,
    DetailsForm,
    LetterForm,
    NationForm,
    NextLettersForm,
    ProviderForm,
    ReadForm,
    ReplyForm,
    SentForm,
    WebsiteForm,
)
from sarkit.web.steps import Flow, Step

bp = Blueprint("replies", __name__, url_prefix="/replies")

# The return link (packs.RETURN_FIELDS) restores only these; `follows` too if a link carries it.
RESTORABLE = tuple(dict.fromkeys((*packs.RETURN_FIELDS, "follows")))
SINGLE_VALUED = tuple(k for k in RESTORABLE if k != "letters")
MAX_LINK_VALUE = 100
# The details each kind of letter need from the person (the letters' own `needs` decide which
# are required); a follow-up to DWP may add the NI number to help find the first request.
DWP_FOLLOWED = ("dwp-sar", "sensitive-data")


def _asked(st: dict) -> set[str]:
    return set(st.get("asked", ()))


def _clock(st: dict) -> str:
    """The clock of the answer chosen (how it changes the dates), or "" before one is."""
    reply = replies.all_replies().get(st.get("reply", ""))
    return reply.clock if reply else ""


def _unlisted_or_asked(what: str, listed: str, unlisted: str) -> Callable[[dict], bool]:
    """A question about the website or the organisation is asked unless the first letter's
    return link already named it (or the person asked to change it)."""
    return lambda st: what in _asked(st) or not (st.get(listed) or st.get(unlisted))


# The reply helper's pages in order; a page whose question does not apply is skipped.
FLOW = Flow(
    "replies",
    (
        Step("replies.where_you_live", lambda st: "nation" in st),
        Step("replies.which_letter", lambda st: "follows" in st),
        Step("replies.when_sent", lambda st: "sent_on" in st and "sent_method" in st),
        Step("replies.what_happened", lambda st: "reply" in st),
        Step(
            "replies.when_answered",
            lambda st: "reply_on" in st,
            applies=lambda st: (
                st.get("reply", "no-reply") != "no-reply" and _clock(st) != "decision"
            ),
        ),
        # After a decision (a sanction): the date on the decision letter, which starts the
        # month to ask for a mandatory reconsideration. It may come before the letter sent.
        Step(
            "replies.when_decided",
            lambda st: "decision_on" in st,
            applies=lambda st: _clock(st) == "decision",
        ),
        Step("replies.where_you_stand", lambda st: bool(st.get("letters"))),
        Step(
            "replies.website",
            lambda st: bool(st.get("site") or st.get("site_unlisted")),
            applies=_unlisted_or_asked("website", "site", "site_unlisted"),
        ),
        Step(
            "replies.who_told_you",
            lambda st: bool(st.get("provider") or st.get("provider_unlisted")),
            applies=_unlisted_or_asked("provider", "provider", "provider_unlisted"),
        ),
        Step("replies.your_details", lambda st: False),
    ),
    before_first="replies.start",
)
state = FLOW.state
save = FLOW.save


def today() -> date:
    """Today in London (tests replace this to fix the date)."""
    return today_in_london()


def _answers(st: dict, **extra) -> Answers:
    """The non-personal answers the session holds, as Answers (for dates and names)."""
    return Answers(
        nation=st.get("nation", "england"),
        site=st.get("site", ""),
        provider=st.get("provider", ""),
        follows=st.get("follows", ""),
        sent_on=_date(st.get("sent_on")),
        sent_method=st.get("sent_method", "first-class"),
        reply=st.get("reply", ""),
        reply_on=_date(st.get("reply_on")),
        decision_on=_date(st.get("decision_on")),
        date=today(),
        **extra,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@bp.app_template_filter("day_date")
def day_date(value: date) -> str:
    """A date with its weekday, as GOV.UK writes it: Thursday 5 November 2026."""
    return f"{day_name(value)} {long_date(value)}"


@bp.app_template_filter("days")
def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _page(template: str, **context):
    """A reply helper page; its Back link goes to the question asked before it."""
    context.setdefault("back", FLOW.back(request.endpoint or ""))
    return render_template(f"replies/{template}", **context)


# --- start, and the way back in ------------------------------------------------------------------


@bp.get("")
def start():
    return _page("start.html")


@bp.post("")
def open_saved():
    """Saved answers (the file from the letters page), read in memory and never kept. The
    choices that are not personal go on as a return link's would, and the helper asks only
    what they do not answer; the details page fills in the rest from the same file, since
    nothing personal is carried from page to page."""
    request.personal = True
    try:
        data = _saved_upload()
    except AnswersError as error:
        return _page("start.html", saved_error=shown(error.errors[0])), 400
    _, values = _read_return_link(_link_args(data))  # what is not valid is simply asked
    _start_from(values)
    first = FLOW.first_unanswered("replies.your_details") or "replies.your_details"
    return redirect(url_for(first), code=303)


def _saved_upload() -> dict:
    upload = request.files.get("answers_file")
    return read_saved_file(upload.read(SAVED_FILE_LIMIT + 1) if upload else b"")


def _link_args(data: dict) -> MultiDict:
    """A saved file's choices as a return link gives them: the letters' date is the day the
    letters were sent."""
    args = MultiDict()
    for key, value in (*((k, data.get(k)) for k in SINGLE_VALUED), ("sent_on", data.get("date"))):
        if isinstance(value, str) and value and key not in args:
            args[key] = value
    for letter_id in data.get("letters") or []:
        if isinstance(letter_id, str):
            args.add("letters", letter_id)
    return args


@bp.get("/start")
def restore():
    """Start again, or pick up from a return link: only the allow-listed, validated choices."""
    problems, values = _read_return_link(request.args)
    if problems:
        return _page("bad_link.html", problems=problems), 400
    _start_from(values)
    first = "which_letter" if values.get("nation") else "where_you_live"
    return redirect(url_for(f".{first}"), code=303)


def _start_from(values: dict) -> None:
    # Start afresh; write the session only when there is something to keep, so a bare
    # /replies/start (or a link from elsewhere) sets no cookie.
    FLOW.clear()
    if kept := {k: v for k, v in values.items() if v not in (None, "", [], ())}:
        save(**kept)


def _read_return_link(args: MultiDict) -> tuple[list[str], dict]:
    """Check every allow-listed value; anything else in the link is ignored, never kept."""
    problems: list[str] = []
    values: dict = {}
    cat = catalogue()
    letters = all_letters()
    for key in SINGLE_VALUED:
        given = [v for v in args.getlist(key) if v != ""]
        if len(set(given)) > 1:
            problems.append(f"The link gives more than one {_LINK_WORDS[key]}.")
            continue
        if not given:
            continue
        value = given[0]
        if len(value) > MAX_LINK_VALUE:
            problems.append(f"The {_LINK_WORDS[key]} in the link is too long.")
        elif not _valid_link_value(key, value, cat):
            problems.append(_LINK_PROBLEMS[key])
        else:
            values[key] = value
    sent = [v for v in args.getlist("letters") if v]
    if len(sent) > len(letters):
        problems.append("The link lists more letters than there are.")
    elif any(i not in letters for i in sent):
        problems.append("The link names a letter we do not know.")
    else:
        values["sent_letters"] = list(dict.fromkeys(sent))
        firsts = [i for i in values["sent_letters"] if i in replies.FIRST_LETTERS]
        if "follows" not in values and len(firsts) == 1:
            values["follows"] = firsts[0]
    return problems, values


def _valid_link_value(key: str, value: str, cat) -> bool:
    """Checked by sarkit.answers, where every answer is validated, plus the link's own rules."""
    if not value or key not in _LINK_PROBLEMS:
        return False
    if key == "follows":
        return value in replies.FIRST_LETTERS
    try:
        answers, _ = parse_answers({key: value}, site_ids=cat.sites, provider_ids=cat.providers)
    except AnswersError:
        return False
    if key == "sent_on":
        return EARLIEST <= answers.sent_on <= date(today().year + 1, 12, 31)
    return True


_LINK_WORDS = {
    "nation": "place you live",
    "site": "website",
    "provider": "organisation",
    "sent_on": "date",
    "sent_method": "way of sending",
    "follows": "letter",
}
_LINK_PROBLEMS = {
    "nation": "The place you live in the link is not England, Wales, Scotland or Northern Ireland.",
    "site": "The link names a website we do not know.",
    "provider": "The link names an organisation we do not know.",
    "sent_on": "The date in the link is not a real date. It should look like 2026-10-01.",
    "sent_method": "The way of sending in the link is not first class, second class, email or "
    "by hand.",
    "follows": "The link names a letter we do not know.",
}


# --- the questions --------------------------------------------------------------------------------


@bp.route("/where-you-live", methods=["GET", "POST"])
def where_you_live():
    form = NationForm(data={"nation": state().get("nation")})
    if form.validate_on_submit():
        save(nation=form.nation.data, letters=None)
        return FLOW.next("replies.where_you_live")
    return _page("radios.html", form=form, field="nation")


@bp.route("/which-letter", methods=["GET", "POST"])
def which_letter():
    if blocked := FLOW.guard("replies.which_letter"):
        return blocked
    st = state()
    form = LetterForm(data={"follows": st.get("follows")})
    sent = st.get("sent_letters") or []
    ni = st.get("nation") == "northern-ireland"
    firsts = replies.FIRST_LETTERS
    order = [i for i in sent if i in firsts] + [i for i in firsts if i not in sent]
    form.follows.choices = choices((i, replies.sent_name(i, northern_ireland=ni)) for i in order)
    if form.validate_on_submit():
        if form.follows.data != st.get("follows"):
            save(
                follows=form.follows.data,
                reply=None,
                reply_on=None,
                decision_on=None,
                letters=None,
            )
        return FLOW.next("replies.which_letter")
    return _page("radios.html", form=form, field="follows")


@bp.route("/when-sent", methods=["GET", "POST"])
def when_sent():
    if blocked := FLOW.guard("replies.when_sent"):
        return blocked
    st = state()
    form = SentForm(
        data={"sent_on": _date(st.get("sent_on")), "sent_method": st.get("sent_method")}
    )
    if form.validate_on_submit() and _check_date(form.sent_on, {}):
        sent = form.sent_on.data
        changes = {
            "sent_on": sent.isoformat(),
            "sent_method": form.sent_method.data,
            "letters": None,
        }
        if st.get("reply_on") and _date(st["reply_on"]) < sent:
            changes["reply_on"] = None
        save(**changes)
        return FLOW.next("replies.when_sent")
    return _page("date_question.html", form=form, field="sent_on")


def _check_date(field, st: dict) -> bool:
    """The domain's rule for the date this page asks (sarkit.answers), on the page's field."""
    if field.data and (
        problem := reply_date_problem(
            field.name, field.data, today=today(), sent_on=_date(st.get("sent_on"))
        )
    ):
        _date_error(field, shown(problem))
    return not field.errors


def _date_error(field, message: str) -> None:
    field.errors = [*field.errors, message]
    field.id = f"{field.name}-day"  # the error summary links to the first box


@bp.route("/what-happened", methods=["GET", "POST"])
def what_happened():
    if blocked := FLOW.guard("replies.what_happened"):
        return blocked
    st = state()
    form = ReplyForm(data={"reply": st.get("reply")})
    fits = replies.replies_for(st["follows"])
    ni = st.get("nation") == "northern-ireland"
    form.reply.choices = choices(
        (r.id, replies.wording(r.question, northern_ireland=ni)) for r in fits
    )
    if form.validate_on_submit():
        if form.reply.data != st.get("reply"):
            save(
                reply=form.reply.data,
                letters=None,
                reply_on=None if form.reply.data == "no-reply" else st.get("reply_on"),
                decision_on=None,
            )
        return FLOW.next("replies.what_happened")
    hints = {
        r.id: {"hint": {"text": replies.wording(r.hint, northern_ireland=ni)}}
        for r in fits
        if r.hint
    }
    return _page(
        "radios.html",
        form=form,
        field="reply",
        items=hints,
        caption=replies.sent_name(st["follows"], northern_ireland=ni),
        reader_link=True,
    )


# --- reading their answer -------------------------------------------------------------------------

# The body a page of /replies/read may send: a file of up to reply_files.MAX_BYTES and the form
# around it (sarkit/web/__init__.py raises the limit for this page only).
READ_MAX_BODY = reply_files.MAX_BYTES + 64 * 1024
READ_MAX_TEXT = 200_000  # characters pasted
READ_SECONDS = 30.0  # within gunicorn's timeout


@bp.route("/read", methods=["GET", "POST"])
@limit_downloads
def read():
    """Their answer, pasted or as a file, read in memory: what it looks like, for the person to
    confirm. The text never goes into the session, a cookie, a log or a URL."""
    request.personal = True
    form = ReadForm()
    error = ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            text, sent = _posted_answer()
        except reply_files.ReadError as problem:
            error = str(problem)
        else:
            return _read_result(reply_reader.read_text(text, sent=sent))
    elif request.method == "POST":
        error = gettext("Paste their answer, or choose a file")
    return _page("read.html", form=form, error=error, back=_read_back())


def _read_back() -> str:
    st = state()
    return url_for(".what_happened") if "follows" in st else url_for(".start")


def _posted_answer() -> tuple[str, date | None]:
    upload = request.files.get("file")
    if upload and upload.filename:
        data = upload.stream.read(reply_files.MAX_BYTES + 1)
        doc = reply_files.read_file(data, upload.filename, seconds=READ_SECONDS)
        return doc.text, doc.sent
    text = request.form.get("text", "")
    if not text.strip():
        raise reply_files.ReadError(gettext("Paste their answer, or choose a file"))
    if len(text) > READ_MAX_TEXT:
        raise reply_files.ReadError(
            gettext(
                "Paste %(limit)s characters or fewer: the first page of their answer is enough",
                limit=f"{READ_MAX_TEXT:,}",
            )
        )
    return text, None


def _kinds_offered(st: dict) -> list[replies.Reply]:
    """The kinds the person may choose: those that fit the letter they sent, if we know it."""
    if st.get("follows") in replies.FIRST_LETTERS:
        return [r for r in replies.replies_for(st["follows"]) if r.id != "no-reply"]
    return [r for r in replies.all_replies().values() if r.id != "no-reply"]


def _read_result(reading: reply_reader.Reading):
    st = state()
    ni = st.get("nation") == "northern-ireland"
    offered = _kinds_offered(st)
    fits = reading.kind in {r.id for r in offered}
    form = ConfirmReadForm(
        formdata=None,
        data={
            "reply": reading.kind if fits else None,
            "reply_on": reading.date.isoformat() if reading.date else "",
        },
    )
    form.reply.choices = choices(
        (r.id, replies.wording(r.question, northern_ireland=ni)) for r in offered
    )
    found = replies.get_reply(reading.kind) if reading.sure else None
    return _page(
        "read_result.html",
        form=form,
        reading=reading,
        found=found,
        found_title=replies.wording(found.title, northern_ireland=ni) if found else "",
        fits=fits,
        back=url_for(".read"),
    )


@bp.post("/read/confirm")
def read_confirm():
    """The person confirms (or changes) the kind: only the reply id and the date are kept."""
    st = state()
    form = ConfirmReadForm()
    offered = _kinds_offered(st)
    ni = st.get("nation") == "northern-ireland"
    form.reply.choices = choices(
        (r.id, replies.wording(r.question, northern_ireland=ni)) for r in offered
    )
    if not form.validate_on_submit():
        return redirect(url_for(".read"), code=303)
    if replies.get_reply(form.reply.data).clock == "decision":
        # A decision letter's date starts the claimant's own month: it is shown on the date
        # page, filled in, for the person to check, and may come before the letter they sent.
        decided = _found_date(form.reply_on.data, st, after_sent=False)
        save(reply=form.reply.data, reply_on=None, decision_on=decided, letters=None)
        guard = FLOW.guard("replies.when_decided")
        return guard or redirect(url_for(".when_decided"), code=303)
    reply_on = _found_date(form.reply_on.data, st)
    save(reply=form.reply.data, reply_on=reply_on, decision_on=None, letters=None)
    return FLOW.guard("replies.where_you_stand") or redirect(url_for(".where_you_stand"), code=303)


def _found_date(value: str | None, st: dict, *, after_sent: bool = True) -> str | None:
    """The date found on their letter, if it is a real date the flow would accept."""
    try:
        found = date.fromisoformat(value or "")
    except ValueError:
        return None
    sent = _date(st.get("sent_on")) if after_sent else None
    if reply_date_problem("reply_on", found, today=today(), sent_on=sent):
        return None
    return found.isoformat()


@bp.route("/when-answered", methods=["GET", "POST"])
def when_answered():
    if blocked := FLOW.guard("replies.when_answered"):
        return blocked
    st = state()
    if st.get("reply") == "no-reply":
        return redirect(url_for(".where_you_stand"))
    form = AnsweredForm(data={"reply_on": _date(st.get("reply_on"))})
    reply = replies.all_replies().get(st.get("reply", ""))
    if reply and reply.date_label:  # e.g. the date on a mandatory reconsideration notice
        ni = st.get("nation") == "northern-ireland"
        form.reply_on.label.text = replies.wording(reply.date_label, northern_ireland=ni)
        form.reply_on.description = replies.wording(reply.date_hint, northern_ireland=ni)
    if form.validate_on_submit() and _check_date(form.reply_on, st):
        save(reply_on=form.reply_on.data.isoformat(), letters=None)
        return FLOW.next("replies.when_answered")
    return _page("date_question.html", form=form, field="reply_on")


@bp.route("/when-decided", methods=["GET", "POST"])
def when_decided():
    if blocked := FLOW.guard("replies.when_decided"):
        return blocked
    st = state()
    if _clock(st) != "decision":
        return redirect(url_for(".where_you_stand"))
    form = DecisionForm(data={"decision_on": _date(st.get("decision_on"))})
    if form.validate_on_submit() and _check_date(form.decision_on, {}):
        save(decision_on=form.decision_on.data.isoformat(), letters=None)
        return FLOW.next("replies.when_decided")
    return _page("date_question.html", form=form, field="decision_on")


# --- where you stand ------------------------------------------------------------------------------


def _standing(st: dict) -> replies.Standing:
    return replies.where_you_stand(_answers(st), today())


def _names(st: dict) -> dict:
    cat = catalogue()
    site = cat.sites.get(st.get("site", ""))
    provider = cat.providers.get(st.get("provider", ""))
    return {
        "site_name": site.name if site else "",
        "provider_name": provider.name if provider else "",
        "northern_ireland": st.get("nation") == "northern-ireland",
    }


_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
}


def markdown_html(text: str) -> Markup:
    """A reply's explanation as HTML with GOV.UK's classes; raw HTML in it is not allowed."""
    tokens = _MARKDOWN.parse(text)
    for token in tokens:
        if token.type == "heading_open":
            token.tag = "h2"  # every heading in an explanation is a section of the page
            token.attrSet("class", "govuk-heading-m")
        elif token.type in _CLASSES:
            token.attrSet("class", _CLASSES[token.type])
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "link_open":
                    child.attrSet("class", "govuk-link")
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))


@bp.route("/where-you-stand", methods=["GET", "POST"])
def where_you_stand():
    if blocked := FLOW.guard("replies.where_you_stand"):
        return blocked
    st = state()
    try:
        standing = _standing(st)
    except replies.ReplyError:
        save(reply=None, reply_on=None, letters=None)
        return redirect(url_for(".what_happened"))
    letters = all_letters()
    # After an answer that gave what was asked, no letter is needed unless something is missing.
    only_if_unhappy = standing.reply.clock == "answered-by-kind"
    ticked = [] if only_if_unhappy else list(standing.now_letters)
    also = set(standing.also_letters) - set(standing.now_letters)
    form = NextLettersForm(data={"letters": st.get("letters") or ticked})
    form.letters.choices = choices((i, letters[i].title) for i in standing.next_letters)
    if standing.next_letters and form.validate_on_submit():
        save(letters=form.letters.data)
        return FLOW.next("replies.where_you_stand")
    now, later = (
        gettext("Only if something is missing, or you are not happy with it.")
        if only_if_unhappy
        else gettext("Send this now."),
        gettext("Later, only if what you send now does not work."),
    )
    beside = gettext("If you want to.")
    items = {
        i: {
            "hint": {
                "text": f"{now if i in standing.now_letters else beside if i in also else later} "
                f"{letters[i].summary}"
            }
        }
        for i in standing.next_letters
    }
    explanation = markdown_html(replies.explain(standing, **_names(st)))
    ni = _names(st)["northern_ireland"]
    title = replies.wording(standing.reply.title, northern_ireland=ni)
    caption = replies.sent_name(standing.follows, northern_ireland=ni)
    return _page(
        "standing.html",
        form=form,
        s=standing,
        explanation=explanation,
        title=title,
        caption=caption,
        items=items,
        letters=letters,
    )


@bp.get("/dates.ics")
@limit_downloads
def dates_ics():
    """The date their answer is due, with a link back here: no personal data in it."""
    st = state()
    if FLOW.first_unanswered("replies.where_you_stand", st):
        return redirect(url_for(".start"))
    standing = _standing(st)
    answers = _answers(st)
    link = packs.return_link(current_app.config["BASE_URL"], answers, [standing.follows])
    data = replies.calendar(standing, link)
    response = Response(data, content_type=MEDIA_TYPES["ics"])
    response.headers["Content-Disposition"] = 'attachment; filename="answer-due.ics"'
    return response


# --- the website and who told you, if not known -------------------------------------------------


@bp.route("/website", methods=["GET", "POST"])
def website():
    if blocked := FLOW.guard("replies.website"):
        return blocked
    st = state()
    current = NOT_LISTED if st.get("site_unlisted") else st.get("site")
    form = WebsiteForm(data={"site": current})
    form.site.choices = choices(
        [(s.id, s.name) for s in catalogue().sites.values()]
        + [(NOT_LISTED, "It is not on this list")]
    )
    if form.validate_on_submit():
        unlisted = form.site.data == NOT_LISTED
        save(
            site=None if unlisted else form.site.data,
            site_unlisted=unlisted,
            asked=sorted(_asked(st) | {"website"}),
        )
        return FLOW.next("replies.website")
    return _page("radios.html", form=form, field="site")


@bp.route("/who-told-you", methods=["GET", "POST"])
def who_told_you():
    if blocked := FLOW.guard("replies.who_told_you"):
        return blocked
    st = state()
    current = NOT_LISTED if st.get("provider_unlisted") else st.get("provider")
    form = ProviderForm(data={"provider": current})
    form.provider.choices = choices(
        [(p.id, p.name) for p in catalogue().providers.values()]
        + [(NOT_LISTED, "It is not on this list")]
    )
    if form.validate_on_submit():
        unlisted = form.provider.data == NOT_LISTED
        save(
            provider=None if unlisted else form.provider.data,
            provider_unlisted=unlisted,
            asked=sorted(_asked(st) | {"provider"}),
        )
        return FLOW.next("replies.who_told_you")
    return _page("radios.html", form=form, field="provider")


# --- personal details, last, and the letters -----------------------------------------------------


def _details_wanted(st: dict) -> dict:
    """Which details to ask for: only what the chosen letters use."""
    chosen = st.get("letters") or []
    needs = set(packs.letters_needs(chosen, adviser=False))
    reply = replies.get_reply(st["reply"])
    return {
        "site_name": bool(st.get("site_unlisted")),
        "provider_name": bool(st.get("provider_unlisted")),
        "provider_address": _unaddressed_provider(st, chosen),
        "nino": "nino" in needs or st["follows"] in DWP_FOLLOWED,
        "nino_required": "nino" in needs,
        "dob": "dob" in needs,
        "grounds": reply.grounds_label,
        "grounds_hint": reply.grounds_hint,
    }


def _unaddressed_provider(st: dict, chosen: list[str]) -> str:
    """The listed provider's name when a chosen letter goes to it and no profile gives its
    address (so the page asks for it), or ""."""
    cat = catalogue()
    provider = cat.provider(st.get("provider", ""))
    if provider is None:
        return ""
    answers = Answers(
        nation=st.get("nation") or "england",
        provider=provider.id,
        site=st.get("site", ""),
        follows=st.get("follows", ""),
    )
    return provider.name if packs.send_question(chosen, answers, cat) == "address" else ""


@bp.route("/your-details", methods=["GET", "POST"])
def your_details():
    if blocked := FLOW.guard("replies.your_details"):
        return blocked
    st = state()
    wanted = _details_wanted(st)
    form = DetailsForm()
    unasked = {"dob": not wanted["dob"], "nino": not wanted["nino"], "no_nino": not wanted["nino"]}
    for name in (n for n, gone in unasked.items() if gone):
        delattr(form, name)  # a question not asked is not checked
    if wanted["grounds"]:
        form.grounds.label.text = wanted["grounds"]
        limit = MAX_LENGTH.get("grounds", DEFAULT_MAX_LENGTH)
        form.grounds.description = " ".join(
            x
            for x in (
                wanted["grounds_hint"],
                gettext("Use %(limit)s characters or fewer.", limit=limit),
            )
            if x
        )
    request.personal = True
    saved_error = ""
    if request.method == "POST" and "answers_file" in request.files:
        try:
            form = _details_from_saved(form, _saved_upload())
        except AnswersError as error:
            saved_error = shown(error.errors[0])
    elif request.method == "POST":
        # The form parses (dates, lengths); the domain checks everything else. Both run every
        # time, so every problem shows in one round.
        parsed = form.validate_on_submit()
        try:
            answers, letter_ids = answers_from_form(_answers_form(st, wanted, form))
        except AnswersError as error:
            show_errors(form, error)
        else:
            if parsed:
                return letters_page(answers, letter_ids)
    return _page(
        "details.html",
        form=form,
        wanted=wanted,
        letters=[all_letters()[i] for i in st.get("letters") or []],
        reconsideration=_reconsideration(st),
        opened=request.method == "POST" and "answers_file" in request.files and not saved_error,
        saved_error=saved_error,
    ), (400 if saved_error else 200)


# The details a saved file can fill in on the details page (the rest are the helper's choices).
SAVED_DETAILS = (
    *("name", "address", "postcode", "email", "nino", "no_nino", "dob", "reference"),
    *("site_name", "site_url", "provider_name", "provider_address", "grounds"),
)


def _details_from_saved(form: DetailsForm, data: dict) -> DetailsForm:
    """The details form filled in from a saved file, for the person to check: nothing is
    validated yet (they have not sent it), and what cannot be read is left empty."""
    try:
        answers, _ = parse_answers(data)
    except AnswersError as error:
        answers = error.partial or Answers()
    values = {k: getattr(answers, k) for k in SAVED_DETAILS if getattr(answers, k, None)}
    filled = DetailsForm(formdata=None, **values)
    for name in list(filled._fields):
        if name not in form._fields:
            delattr(filled, name)  # the questions this page does not ask
        else:
            filled[name].label, filled[name].description = form[name].label, form[name].description
    return filled


def _reconsideration(st: dict) -> deadlines.Deadline | None:
    """The last day a reconsideration request can reach them, when one is being written."""
    decided = _date(st.get("decision_on"))
    if decided and deadlines.MR in (st.get("letters") or []):
        return deadlines.last_day_for_mandatory_reconsideration(decided)
    return None


def _answers_form(st: dict, wanted: dict, form: DetailsForm) -> MultiDict:
    """The answers to validate: the session's choices and the posted details the page asked."""
    posted = request.form
    data = MultiDict()
    for key in (
        "nation",
        "site",
        "provider",
        "follows",
        "sent_on",
        "sent_method",
        "reply",
        "reply_on",
        "decision_on",
    ):
        if st.get(key):
            data[key] = st[key]
    asked = ["name", "address", "postcode", "email", "reference"]
    asked += ["site_name", "site_url"] if wanted["site_name"] else []
    asked += ["provider_name", "provider_address"] if wanted["provider_name"] else []
    asked += ["provider_address"] if wanted["provider_address"] else []
    asked += ["nino", "no_nino"] if wanted["nino"] else []
    asked += ["grounds"] if wanted["grounds"] else []
    for key in asked:
        if posted.get(key):
            data[key] = posted[key]
    if wanted["dob"] and form.dob.data:
        data["dob"] = form.dob.data.isoformat()
    data.setlist("letters", st.get("letters") or [])
    return data
