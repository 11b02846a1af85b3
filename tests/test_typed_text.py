"""Typed text stays as typed, in every format: it is never read as Markdown.

The cases are the ones a review found changed or dropped (`../shared/reviews/security.md`, M6):
a year at a line start read as a numbered list, an indented line dropped as code, `---` taken
for a rule, a Setext heading, a dash bullet, an HTML entity decoded.
"""

from __future__ import annotations

import io
import subprocess

import docx
import pytest

from sarkit.answers import parse_answers
from sarkit.documents import to_text
from sarkit.letters import build_letter
from sarkit.markdown_literal import literal_markdown
from sarkit.outputs import render_documents
from sarkit.profiles import load_catalogue

LINES = [
    "1990. was the year it started",
    "    this indented line",
    "---",
    "Setext",
    "===",
    "- dash item",
    "3) a third point",
    "A &amp; B <Jobs> **not bold** [no](link)",
    "# not a heading",
    "> not a quote",
]
GROUNDS = "\n".join(LINES) + "\n\nA second paragraph."


@pytest.fixture(scope="module")
def letter():
    answers, _ = parse_answers(
        {
            "name": "Sam Example",
            "address": "1 Example Street",
            "postcode": "EX1 1EX",
            "nation": "england",
            "site": "myworksearch",
            "provider": "seetec",
            "grounds": GROUNDS,
            "provider_address": "1 Provider Road\nProvidertown",
            "nino": "QQ123456C",
            "dob": "1980-02-03",
        }
    )
    return build_letter("objection", answers, load_catalogue())


def test_plain_text_holds_every_typed_line_as_typed(letter):
    text = to_text(letter)
    start = text.index("are: ") + len("are: ")
    assert text[start:].startswith("\n".join(LINES) + "\n\nA second paragraph.\n")


def test_html_holds_every_typed_line_escaped_and_broken_as_typed(letter):
    html = render_documents([letter], "html").decode("utf-8")
    assert (
        "1990. was the year it started<br>\u00a0\u00a0\u00a0\u00a0this indented line<br>"
        "---<br>Setext<br>===<br>- dash item<br>3) a third point<br>"
        "A &amp;amp; B &lt;Jobs&gt; **not bold** [no](link)<br># not a heading<br>"
        "&gt; not a quote</p><p>A second paragraph.</p>"
    ) in html


def test_the_pdf_prints_every_typed_line(letter, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_documents([letter], "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = [" ".join(line.split()) for line in text.splitlines()]
    for line in LINES:
        assert " ".join(line.split()) in printed or any(
            p.endswith(" ".join(line.split())) for p in printed
        ), line


def test_the_docx_holds_every_typed_line(letter):
    document = docx.Document(io.BytesIO(render_documents([letter], "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "\n".join(line.replace("    ", "\u00a0" * 4) for line in LINES) in text


@pytest.mark.parametrize(
    "typed", [*LINES, "a\nb", "tab\tin", "\\ backslash", "`code`", "1.5 million", "Ms. Smith"]
)
def test_literal_markdown_parses_back_to_the_same_text(typed):
    from sarkit.documents import markdown_to_blocks

    blocks = markdown_to_blocks(literal_markdown(typed))
    assert [b.kind for b in blocks] == ["paragraph"]
    shown = "".join(r.text for r in blocks[0].runs)
    # A value's own leading spaces are stripped when it is read (sarkit.answers), so a value
    # never starts with one; inside it, each line keeps its indentation.
    assert shown == typed.lstrip().replace("    ", "\u00a0" * 4)
