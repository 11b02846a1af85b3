"""A letter as a small structure of blocks, and the writers that turn it into text, HTML and DOCX.

No maintained library turns HTML into DOCX, so each letter template is rendered once to Markdown,
parsed with markdown-it-py into these blocks, and every format is written from the blocks
(ARCHITECTURE.md, "From a form to a PDF"). The PDF comes from the HTML (see rendering.py).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from sarkit.markdown_literal import NO_BREAK_SPACE

# html=False: raw HTML in a template or an answer is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its emphasis, or a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph, or a list (each item a list of runs)."""

    kind: str  # "heading" | "paragraph" | "bullets" | "numbers"
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()
    level: int = 2

    @property
    def text(self) -> str:
        return runs_text(self.runs)


@dataclass(frozen=True)
class Addressee:
    """Where a letter goes. `note` warns when nobody has verified the address."""

    name: str
    lines: tuple[str, ...] = ()
    email: str = ""
    web_form: str = ""
    verified: bool = True
    check_url: str = ""
    journal: bool = False  # for the work coach: sent as a message in the Universal Credit journal

    @property
    def needs_checking(self) -> bool:
        return not self.verified

    @property
    def reachable(self) -> bool:
        """Whether the letter has somewhere to go: a postal address, an email, a form or the
        journal."""
        return bool(self.lines or self.email or self.web_form or self.journal)


@dataclass(frozen=True)
class LetterDocument:
    """One letter, ready for any output format."""

    letter_id: str
    title: str
    sender: tuple[str, ...]
    recipient: Addressee | None
    date: str
    references: tuple[tuple[str, str], ...]
    subject: str
    salutation: str
    body: tuple[Block, ...]
    closing: str
    signature: tuple[str, ...]
    enclosures: tuple[str, ...] = ()
    letterhead: tuple[str, ...] = ()
    copy_to: Addressee | None = None  # a copy goes here too, and the letter says so
    logo: bool = False  # print the organisation's logo above the letterhead
    signature_lines: bool = False  # a line to sign on (authority forms)
    lang: str = "en-GB"
    extra: dict = field(default_factory=dict, compare=False)


def runs_text(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)


def markdown_to_blocks(source: str) -> tuple[Block, ...]:
    """Parse the Markdown a letter template renders to into blocks."""
    tokens = _MARKDOWN.parse(source)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append(Block("heading", _inline(tokens[i + 1]), level=int(token.tag[1])))
            i += 3
        elif token.type == "paragraph_open":
            blocks.append(Block("paragraph", _inline(tokens[i + 1])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _list_items(tokens, i)
            kind = "bullets" if token.type == "bullet_list_open" else "numbers"
            blocks.append(Block(kind, items=tuple(items)))
        else:
            i += 1
    return tuple(blocks)


def _list_items(tokens, start: int) -> tuple[list[tuple[Run, ...]], int]:
    """Collect each item's text of a (flat) list; nested lists are flattened into the item."""
    depth, i = 0, start
    items: list[tuple[Run, ...]] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type.endswith("_list_open"):
            depth += 1
        elif token.type.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                return items, i + 1
        elif token.type == "inline" and depth == 1:
            items.append(_inline(token))
        elif token.type == "inline":
            items[-1] = items[-1] + (Run(" – "),) + _inline(token)
        i += 1
    return items, i


def _inline(token) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False
    href = ""
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = ""
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, bold, italic, href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n", bold, italic, href))
    return tuple(_merge(runs))


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged


# --- plain text -------------------------------------------------------------------------------

TEXT_WIDTH = 76


def to_text(doc: LetterDocument, *, wrap: bool = True) -> str:
    """Plain text to paste into an email or a Universal Credit journal."""
    parts: list[str] = []
    if doc.letterhead:
        parts.append("\n".join(doc.letterhead))
    parts.append("\n".join(doc.sender))
    if doc.recipient:
        parts.append("\n".join(_addressee_lines(doc.recipient)))
    parts.append(doc.date)
    if doc.references:
        parts.append("\n".join(f"{label}: {value}" for label, value in doc.references))
    parts.append(doc.subject.upper())
    parts.append(doc.salutation)
    parts.extend(block_text(block, wrap) for block in doc.body)
    parts.append(doc.closing)
    if doc.signature_lines:
        parts.append("Signed: ______________________________   Date: ______________")
    parts.append("\n".join(doc.signature))
    if doc.enclosures:
        parts.append("Enclosed:\n" + "\n".join(f"- {e}" for e in doc.enclosures))
    if doc.copy_to:
        parts.append(copy_line(doc.copy_to))
    return "\n\n".join(p for p in parts if p) + "\n"


def copy_line(addressee: Addressee) -> str:
    """The "Copy to" line at the foot of a letter sent to two organisations."""
    return "Copy to: " + ", ".join([addressee.name, *addressee.lines])


def body_text(doc: LetterDocument) -> str:
    """The letter as a message: what goes in an email body or a Universal Credit journal.

    An email has no address block, so the references (their reference, the NI number) open it,
    the sender's contact details follow the name as an email signature does, and what a letter
    would enclose is attached instead.
    """
    signature = list(doc.signature)
    # The work coach has the claimant's details already; anyone else needs them to reply.
    journal = bool(doc.recipient and doc.recipient.journal)
    contact = [] if journal else [x for x in doc.sender if x not in signature]
    parts = [
        "\n".join(f"{label}: {value}" for label, value in doc.references),
        doc.salutation,
        *(block_text(b, False) for b in doc.body),
        doc.closing,
        "\n".join(signature + contact),
    ]
    if doc.enclosures:
        parts.append("Attached:\n" + "\n".join(f"- {e}" for e in doc.enclosures))
    return "\n\n".join(p for p in parts if p) + "\n"


def _addressee_lines(addressee: Addressee) -> list[str]:
    lines = [addressee.name, *addressee.lines]
    if addressee.email and not addressee.lines:
        lines.append(addressee.email)
    if addressee.journal and not addressee.lines:
        lines.append("By a message in my Universal Credit journal")
    # An unconfirmed address is flagged on the letters page and the cover sheet, never in the
    # letter: the text is copied and sent as it is.
    return lines


def block_text(block: Block, wrap: bool) -> str:
    def fill(text: str, indent: str = "") -> str:
        # A "\n" is a line break a person typed (a hard break): each such line is filled on its
        # own, and its leading no-break spaces (typed indentation) are spaces again.
        lines = []
        for n, line in enumerate(text.split("\n")):
            lead = line[: len(line) - len(line.lstrip(NO_BREAK_SPACE))]
            words = " ".join(line[len(lead) :].split())
            first = (indent if n == 0 else " " * len(indent)) + " " * len(lead)
            lines.append(
                first + words
                if not wrap
                else textwrap.fill(
                    words, TEXT_WIDTH, initial_indent=first, subsequent_indent=" " * len(indent)
                )
                or first.rstrip()
            )
        return "\n".join(lines)

    if block.kind == "heading":
        return block.text.upper() if block.level <= 2 else block.text
    if block.kind == "paragraph":
        return fill(_runs_plain(block.runs))
    marker = (lambda n: f"{n}. ") if block.kind == "numbers" else (lambda n: "- ")
    return "\n".join(fill(_runs_plain(item), marker(n)) for n, item in enumerate(block.items, 1))


def _runs_plain(runs: tuple[Run, ...]) -> str:
    return "".join(f"{r.text} ({r.href})" if r.href and r.href != r.text else r.text for r in runs)


# --- HTML -------------------------------------------------------------------------------------


def runs_html(runs: tuple[Run, ...]) -> Markup:
    """Inline runs as escaped HTML: every piece of text goes through markupsafe."""
    out = Markup("")
    for run in runs:
        piece = escape(run.text).replace("\n", Markup("<br>"))
        if run.italic:
            piece = Markup("<em>%s</em>") % piece
        if run.bold:
            piece = Markup("<strong>%s</strong>") % piece
        if run.href and run.href.startswith(("https://", "http://", "mailto:")):
            piece = Markup('<a href="%s">%s</a>') % (run.href, piece)
        out += piece
    return out


def blocks_html(blocks: tuple[Block, ...], top_level: int = 2) -> Markup:
    """Body blocks as HTML elements; the letter's `##` headings become `<h{top_level}>`."""
    out = Markup("")
    for block in blocks:
        if block.kind == "heading":
            tag = f"h{min(block.level - 2 + top_level, 6)}"
            out += Markup(f"<{tag}>%s</{tag}>") % runs_html(block.runs)
        elif block.kind == "paragraph":
            out += Markup("<p>%s</p>") % runs_html(block.runs)
        else:
            tag = "ol" if block.kind == "numbers" else "ul"
            items = Markup("").join(Markup("<li>%s</li>") % runs_html(i) for i in block.items)
            out += Markup(f"<{tag}>%s</{tag}>") % items
    return out


# --- DOCX -------------------------------------------------------------------------------------


def to_docx(
    docs: list[LetterDocument], *, author: str = "sarkit", now: datetime | None = None
) -> bytes:
    """A Word document with real paragraphs, headings and lists, one letter per page, in
    British English, by `author` (the organisation running the site) and dated `now`."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    # The headings as the PDF has them: the letter's font, in black (the stock template's are
    # blue Calibri Light).
    for name, size, before in (("Heading 1", 13, 12), ("Heading 2", 11, 10), ("Heading 3", 11, 8)):
        heading = document.styles[name]
        heading.font.name, heading.font.size = "Arial", Pt(size)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(3)
    _letter_font_everywhere(document)
    _british_english(document, docs[0].lang if docs else "en-GB")
    for n, doc in enumerate(docs):
        if n:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _docx_letter(document, doc)
    _core_properties(document, docs, author, now or datetime.now(UTC))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _core_properties(document, docs: list[LetterDocument], author: str, now: datetime) -> None:
    """Who made it and when, replacing the stock template's ("python-docx", 2013)."""
    from docx.oxml.ns import qn

    props = document.core_properties
    props.title = docs[0].title if len(docs) == 1 else "Letters"
    props.author = props.last_modified_by = author
    props.created = props.modified = now.astimezone(UTC).replace(tzinfo=None)
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # never printed: this document was made just now
        props._element.remove(printed)
    props.comments = props.keywords = props.category = props.subject = ""
    props.revision = 1
    props.language = docs[0].lang if docs else "en-GB"


def _letter_font_everywhere(document) -> None:
    """Arial wherever the styles name a font: Word prefers a theme font (w:asciiTheme, the
    template's Calibri and Calibri Light) over a named one in the same w:rFonts."""
    from docx.oxml.ns import qn

    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme"):
            if fonts.get(qn(theme)) is not None:
                del fonts.attrib[qn(theme)]
                fonts.set(qn("w:ascii"), "Arial")
                fonts.set(qn("w:hAnsi"), "Arial")


def _british_english(document, lang: str) -> None:
    """Spell-check in the letter's language (the stock template says en-US): the default run
    properties and every style that names a language."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
        rpr = run_defaults.find(qn("w:rPr"))
        if rpr.find(qn("w:lang")) is None:
            rpr.append(rpr.makeelement(qn("w:lang"), {}))
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), lang)


def _docx_letter(document, doc: LetterDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if doc.letterhead:
        _docx_lines(document, doc.letterhead).runs[0].bold = True
    sender = _docx_lines(document, doc.sender)
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if doc.recipient:
        _docx_lines(document, _addressee_lines(doc.recipient))
    document.add_paragraph(doc.date)
    if doc.references:
        _docx_lines(document, [f"{label}: {value}" for label, value in doc.references])
    # The subject is the letter's heading, as the HTML's <h1>: a real Word heading, so it is in
    # the navigation pane and a screen reader finds it (it follows the salutation, as in print).
    if doc.salutation:
        document.add_paragraph(doc.salutation)
    document.add_heading(doc.subject, level=1)
    for block in doc.body:
        _docx_block(document, block)
    if doc.closing:
        document.add_paragraph(doc.closing)
    if doc.signature_lines:
        document.add_paragraph("Signed: ______________________________   Date: ______________")
    _docx_lines(document, doc.signature)
    if doc.enclosures:
        document.add_paragraph().add_run("Enclosed").bold = True
        for item in doc.enclosures:
            document.add_paragraph(item, style="List Bullet")
    if doc.copy_to:
        document.add_paragraph(copy_line(doc.copy_to))


def _docx_lines(document, lines):
    paragraph = document.add_paragraph()
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_block(document, block: Block) -> None:
    if block.kind == "heading":
        document.add_heading(block.text, level=min(block.level, 3))
        return
    if block.kind == "paragraph":
        _docx_runs(document.add_paragraph(), block.runs)
        return
    style = "List Number" if block.kind == "numbers" else "List Bullet"
    paragraphs = [document.add_paragraph(style=style) for _ in block.items]
    for paragraph, item in zip(paragraphs, block.items, strict=True):
        _docx_runs(paragraph, item)
    if block.kind == "numbers":
        _restart_numbering(document, paragraphs)


def _restart_numbering(document, paragraphs) -> None:
    """Number this list from 1. Every "List Number" paragraph shares the style's one list, so a
    letter's second list would go on 4, 5, 6...: each list gets its own w:num on the same
    abstract numbering, with a startOverride of 1 (ECMA-376 17.9.8)."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for paragraph in paragraphs:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _docx_runs(paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        text = f"{run.text} ({run.href})" if run.href and run.href != run.text else run.text
        out = paragraph.add_run(text)
        out.bold, out.italic = run.bold or None, run.italic or None
