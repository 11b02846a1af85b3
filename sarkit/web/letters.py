"""The adviser's one-page form and the letter, pack and calendar downloads.

Personal details arrive only in POST bodies and leave only in the response; nothing is stored.
"""

from __future__ import annotations

import base64
import hashlib

from flask import Blueprint, Response, abort, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from sarkit import packs, replies
from sarkit.answers import (
    SAVED_FILE_LIMIT,
    Answers,
    AnswersError,
    parse_answers,
    read_saved_file,
    saved_file,
)
from sarkit.letters import all_letters, build_letter
from sarkit.outputs import BINARY, FORMATS, MEDIA_TYPES, render_documents
from sarkit.rendering import download_css
from sarkit.web import CSP
from sarkit.web.context import catalogue, letterhead
from sarkit.web.forms import QuickForm, choices
from sarkit.web.letters_page import letters_page
from sarkit.web.limits import limit_downloads
from sarkit.web.posted_answers import answers_from_form, hidden_fields, show_errors, shown
from sarkit.web.render_slots import render_slot

bp = Blueprint("letters", __name__)


def quick_form(formdata: MultiDict | None = None) -> QuickForm:
    form = QuickForm(formdata=formdata) if formdata is not None else QuickForm()
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
    form.reply.choices = choices(
        [("", "Not a reply")] + [(r.id, r.title) for r in replies.all_replies().values()]
    )
    return form


@bp.route("/quick", methods=["GET", "POST"])
def quick():
    if request.method == "POST" and "answers_file" in request.files:
        return _open_saved_answers()
    form = quick_form()
    if request.method == "POST":  # CSRFProtect has already checked the token
        request.personal = True
        form.validate()
        try:
            answers, letter_ids = answers_from_form(request.form, sending_now=True)
        except AnswersError as error:
            show_errors(form, error)
        else:
            if not form.errors:
                return letters_page(answers, letter_ids)
    return render_template("quick.html", form=form)


def _open_saved_answers():
    """Fill the one-page form from a saved answers file, read in memory and never kept."""
    request.personal = True
    try:
        data = read_saved_file(request.files["answers_file"].read(SAVED_FILE_LIMIT + 1))
    except AnswersError as error:
        form = quick_form()
        show_errors(form, error)
        saved_error = shown(error.errors[0])
        return render_template("quick.html", form=form, saved_error=saved_error), 400
    try:
        answers, _ = parse_answers(data)
    except AnswersError as error:  # fill in what can be read; the rest shows as errors
        answers = error.partial or Answers()
    letter_ids = [i for i in data.get("letters") or [] if isinstance(i, str) and i in all_letters()]
    form = quick_form(MultiDict(hidden_fields(answers, letter_ids)))
    return render_template("quick.html", form=form, opened=True)


@bp.post("/letters/answers.json")
@limit_downloads
def answers_json():
    """The answers as a file for the person's own device: nothing is kept here."""
    answers, letter_ids = _answers_or_form()
    return _download(saved_file(answers, letter_ids), "sarkit-answers.json", "json")


@bp.post("/letters/pack.pdf")
@limit_downloads
def pack_pdf():
    answers, letter_ids = _answers_or_form()
    link = packs.return_link(current_app.config["BASE_URL"], answers, letter_ids)
    pack = packs.build_pack(letter_ids, answers, catalogue(), letterhead(), return_link=link)
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


def _download_csp() -> dict[str, str]:
    """The site's CSP, letting the HTML download's one inline stylesheet (the letter CSS, so it
    looks like the PDF when opened) apply by its hash; nothing else inline is allowed."""
    digest = base64.b64encode(hashlib.sha256(download_css().encode("utf-8")).digest()).decode()
    return {**CSP, "style-src": f"'self' 'sha256-{digest}'"}


# Flask-Talisman reads per-view options from this attribute (what its decorator sets).
download.talisman_view_options = {"content_security_policy": _download_csp()}  # type: ignore[attr-defined]


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
