"""The letters page: each chosen letter in every format, the pack, the calendar and the dates.

Shared by the one-page form, the claimant journey and the reply helper.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext
from markupsafe import Markup

from sarkit import packs
from sarkit.answers import Answers
from sarkit.documents import body_text, to_text
from sarkit.letters import long_date
from sarkit.rendering import letter_fragment
from sarkit.web.context import catalogue, letterhead
from sarkit.web.posted_answers import hidden_fields
from sarkit.whatdotheyknow import public_request_link


def letters_page(answers: Answers, letter_ids: list[str]):
    """The page that gives each letter in every format, the pack and the calendar."""
    link = packs.return_link(current_app.config["BASE_URL"], answers, letter_ids)
    pack = packs.build_pack(letter_ids, answers, catalogue(), letterhead(), return_link=link)
    items = [_letter_item(doc) for doc in pack.docs]
    dues = [item["due"].due for item in items if item["due"]]
    request.personal = True
    return render_template(
        "letters/page.html",
        # The steps say what to do with each letter in the cover sheet's words: one source.
        steps=list(zip(items, pack.cover["rows"], strict=True)),
        items=items,
        hidden=hidden_fields(answers, letter_ids),
        answers=answers,
        cover=pack.cover,
        return_link=link,
        first_due=long_date(min(dues)) if dues else "",
    )


def _letter_item(doc) -> dict:
    spec = doc.extra["spec"]
    return {
        "rows": _summary_rows(doc),
        "id": doc.letter_id,
        "title": doc.title,
        "summary": spec.summary,
        "doc": doc,
        "text": _text_to_copy(doc),
        "subject": doc.subject if _sent_as_message(doc) else "",
        "mailto": packs.mailto_link(doc),
        "preview": Markup(letter_fragment(doc)),
        "due": doc.extra["dates"].due,
        "whatdotheyknow": public_request_link(doc) if spec.id == "dwp-foi" else None,
    }


def _sent_as_message(doc) -> bool:
    """An email or a journal message: what is copied is the message, without address blocks."""
    return bool(doc.recipient and (doc.recipient.email or doc.recipient.journal))


def _text_to_copy(doc) -> str:
    return body_text(doc) if _sent_as_message(doc) else to_text(doc, wrap=False)


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
