"""Every output format, written from the same LetterDocuments (ARCHITECTURE.md, Principle 6)."""

from __future__ import annotations

from collections.abc import Sequence

from sarkit import rendering, settings
from sarkit.documents import LetterDocument, to_docx, to_text

FORMATS = ("html", "pdf", "txt", "docx")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
    "json": "application/json",
}
BINARY = {"pdf", "docx"}


def render_documents(
    docs: Sequence[LetterDocument], fmt: str, *, cover: dict | None = None, title: str = ""
) -> bytes:
    """The letters in one format, as bytes ready to write or send."""
    if fmt not in FORMATS:
        raise ValueError(f"Choose a format from {', '.join(FORMATS)}, not {fmt!r}.")
    if fmt == "txt":
        separator = "\n" + "-" * 76 + "\n\n"
        return separator.join(to_text(doc) for doc in docs).encode("utf-8")
    if fmt == "docx":
        # The document's author is whoever runs this copy of sarkit, as on the letterhead.
        return to_docx(list(docs), author=settings.read().org_name or "sarkit")
    if fmt == "html":
        html = rendering.render_letter_html(docs, cover=cover, title=title or None, styled=True)
        return html.encode("utf-8")
    # One HTML document per letter (and the cover), so each numbers its own pages.
    title = title or docs[0].title
    pieces = [rendering.render_letter_html([], cover=cover, title=title)] if cover else []
    pieces += [
        rendering.render_letter_html([doc], title=title if not pieces and n == 0 else None)
        for n, doc in enumerate(docs)
    ]
    return rendering.htmls_to_pdf(pieces)
