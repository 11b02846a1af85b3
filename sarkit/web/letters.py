"""The adviser's one-page form, the letters page and the letter downloads.

Personal details arrive only in POST bodies and leave only in the response; nothing is stored.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from sarkit import packs
from sarkit.answers import Answers, AnswersError, FieldError
from sarkit.documents import to_text
from sarkit.letters import all_letters, build_letter, long_date
from sarkit.outputs import BINARY, FORMATS, MEDIA_TYPES, render_documents
from sarkit.profiles import Catalogue
from sarkit.rendering import letter_fragment
from sarkit.web.forms import QuickForm, choices
from sarkit.web.limits import limit_downloads
from sarkit.web.render_slots import render_slot
from sarkit.whatdotheyknow import public_request_link

bp = Blueprint("letters", __name__)


def catalogue() -> Catalogue:
    return current_app.extensions["sarkit"]["catalogue"]


def letterhead():
    return current_app.extensions["sarkit"]["letterhead"]


def form_values(form: MultiDict) -> dict:
    """Posted fields as an answers mapping (one value each; `letters` as a list)."""
    data = {k: form.get(k) for k in form if k not in ("csrf_token", "letters")}
    data["letters"] = form.getlist("letters")
    return data


def answers_from_form(form: MultiDict) -> tuple[Answers, list[str]]:
    """Validate the posted answers and chosen letters; AnswersError names every problem."""
    letter_ids = [i for i in form.getlist("letters") if i in all_letters()]
    chosen = [] if letter_ids else [FieldError("letters", "Select at least one letter.")]
    try:
        answers, _ = packs.check_answers(form_values(form), letter_ids, catalogue())
    except AnswersError as error:
        raise AnswersError([*chosen, *error.errors], error.partial) from None
    if chosen:
        raise AnswersError(chosen, answers)
    return answers, letter_ids


def hidden_fields(answers: Answers, letter_ids: list[str]) -> list[tuple[str, str]]:
    """The answers as hidden fields, so the next POST carries them (never the session)."""
    out: list[tuple[str, str]] = []
    for key, value in answers.to_json().items():
        if key == "adviser":
            out += [(f"adviser_{k}", v) for k, v in (value or {}).items() if v]
        elif key == "no_nino":
            out += [("no_nino", "y")] if value else []
        elif value not in ("", None, False):
            out.append((key, str(value)))
    return out + [("letters", i) for i in letter_ids]


def letters_page(answers: Answers, letter_ids: list[str]):
    """The page that gives each letter in every format, the pack and the calendar."""
    pack = packs.build_pack(letter_ids, answers, catalogue(), letterhead())
    items = [_letter_item(doc) for doc in pack.docs]
    link = packs.return_link(current_app.config["BASE_URL"], answers, letter_ids)
    request.personal = True
    return render_template(
        "letters/page.html",
        items=items,
        hidden=hidden_fields(answers, letter_ids),
        answers=answers,
        cover=pack.cover,
        return_link=link,
    )


def _letter_item(doc) -> dict:
    spec = doc.extra["spec"]
    return {
        "rows": _summary_rows(doc),
        "id": doc.letter_id,
        "title": doc.title,
        "summary": spec.summary,
        "doc": doc,
        "text": to_text(doc, wrap=False),
        "mailto": packs.mailto_link(doc),
        "preview": Markup(letter_fragment(doc)),
        "due": doc.extra["dates"].due,
        "whatdotheyknow": public_request_link(doc) if spec.id == "dwp-foi" else None,
    }


def _summary_rows(doc) -> list[dict]:
    """Where the letter goes and when the answer is due, as GOV.UK summary list rows."""
    rows = []
    if doc.recipient:
        r = doc.recipient
        where = ", ".join([r.name, *r.lines, *([r.email] if r.email else [])])
        if r.journal:
            where = gettext("%(who)s, as a message in your Universal Credit journal", who=r.name)
        rows.append({"key": {"text": gettext("Send it to")}, "value": {"text": where}})
    due = doc.extra["dates"].due
    if due:
        rows.append(
            {
                "key": {"text": gettext("Answer due by")},
                "value": {"text": f"{long_date(due.due)}. {due.rule}"},
            }
        )
    return rows


def quick_form() -> QuickForm:
    form = QuickForm()
    cat = catalogue()
    form.site.choices = choices([("", "Not listed")] + [(s.id, s.name) for s in cat.sites.values()])
    form.provider.choices = choices(
        [("", "Not listed")] + [(p.id, p.name) for p in cat.providers.values()]
    )
    letters = all_letters()
    form.letters.choices = choices((i, s.title) for i, s in letters.items())
    form.follows.choices = choices(
        [("", "Not a follow-up")] + [(i, s.title) for i, s in letters.items() if s.group == "first"]
    )
    return form


def show_errors(form, error: AnswersError) -> None:
    """Put each answers error on its field so the error summary links to it."""
    for e in error.errors:
        field = getattr(form, e.field, None)
        if field is not None and hasattr(field, "errors"):
            if not field.errors:  # one message a field: the form's own, when it has one
                field.errors = [e.message]
        else:  # a field this page does not show: still listed in the error summary
            form.form_errors.append(e.message)


@bp.route("/quick", methods=["GET", "POST"])
def quick():
    form = quick_form()
    if request.method == "POST":  # CSRFProtect has already checked the token
        request.personal = True
        form.validate()
        try:
            answers, letter_ids = answers_from_form(request.form)
        except AnswersError as error:
            show_errors(form, error)
        else:
            if not form.errors:
                return letters_page(answers, letter_ids)
    return render_template("quick.html", form=form)


@bp.post("/letters/pack.pdf")
@limit_downloads
def pack_pdf():
    answers, letter_ids = _answers_or_form()
    pack = packs.build_pack(letter_ids, answers, catalogue(), letterhead())
    with render_slot():
        data = render_documents(pack.docs, "pdf", cover=pack.cover, title="Your letters")
    return _download(data, "letters.pdf", "pdf")


@bp.post("/letters/dates.ics")
@limit_downloads
def dates_ics():
    answers, letter_ids = _answers_or_form()
    pack = packs.build_pack(letter_ids, answers, catalogue(), letterhead())
    link = packs.return_link(current_app.config["BASE_URL"], answers, letter_ids)
    return _download(packs.calendar(pack, answers, link), "letter-dates.ics", "ics")


@bp.post("/letters/<letter_id>.<fmt>")
@limit_downloads
def download(letter_id: str, fmt: str):
    if fmt not in FORMATS or letter_id not in all_letters():
        abort(404)
    answers, _ = _answers_or_form(extra_letter=letter_id)
    try:
        doc = build_letter(letter_id, answers, catalogue(), letterhead())
    except AnswersError as error:
        abort(_form_again(error))
    if fmt in BINARY:  # text and HTML are cheap; a PDF or DOCX takes a rendering slot
        with render_slot():
            data = render_documents([doc], fmt)
    else:
        data = render_documents([doc], fmt)
    return _download(data, f"{letter_id}.{fmt}", fmt)


def _answers_or_form(extra_letter: str | None = None):
    form = MultiDict(request.form)
    if extra_letter:
        form.setlist("letters", [extra_letter])
    try:
        return answers_from_form(form)
    except AnswersError as error:
        abort(_form_again(error))


def _form_again(error: AnswersError) -> Response:
    form = quick_form()
    show_errors(form, error)
    request.personal = True
    return Response(render_template("quick.html", form=form), status=400)


def _download(data: bytes, filename: str, fmt: str) -> Response:
    # content_type, not mimetype: Werkzeug would add a second charset to the one we give.
    response = Response(data, content_type=MEDIA_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response  # no-store: added to every answer to a POST (sarkit/web/__init__.py)
