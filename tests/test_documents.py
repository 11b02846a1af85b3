"""The block structure and the text, HTML and DOCX writers, from hand-made letters."""

import io
import zipfile

import docx

from sarkit.documents import (
    Addressee,
    LetterDocument,
    blocks_html,
    markdown_to_blocks,
    to_docx,
    to_text,
)
from sarkit.rendering import letter_fragment


def make_doc(body_md: str, **changes) -> LetterDocument:
    values = dict(
        letter_id="example",
        title="Example letter",
        sender=("Siân O'Brien-Jones", "1 Street"),
        recipient=Addressee("DWP", ("Mail Handling Site A", "Wolverhampton", "WV98 2EF")),
        date="22 November 2026",
        references=(("National Insurance number", "QQ 12 34 56 C"),),
        subject="Subject access request",
        salutation="Dear Sir or Madam,",
        body=markdown_to_blocks(body_md),
        closing="Yours faithfully,",
        signature=("Siân O'Brien-Jones",),
    )
    values.update(changes)
    return LetterDocument(**values)


def test_markdown_becomes_headings_paragraphs_and_lists():
    blocks = markdown_to_blocks("## Heading\n\nA **bold** word.\n\n1. one\n2. two\n\n- a\n- b\n")
    assert [b.kind for b in blocks] == ["heading", "paragraph", "numbers", "bullets"]
    assert blocks[1].runs[1].bold and blocks[1].runs[1].text == "bold"
    assert [item[0].text for item in blocks[2].items] == ["one", "two"]


def test_raw_html_in_markdown_is_text_not_markup():
    blocks = markdown_to_blocks('<script>alert(1)</script> and <img src="file:///etc/passwd">')
    html = str(blocks_html(blocks))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_made_into_links():
    html = str(blocks_html(markdown_to_blocks("[click](javascript:alert(1))")))
    assert "href" not in html


def test_text_output_has_every_part_of_the_letter_in_order():
    text = to_text(make_doc("I am asking for **a copy** of my data."))
    order = [
        "Siân O'Brien-Jones",
        "Mail Handling Site A",
        "22 November 2026",
        "National Insurance number: QQ 12 34 56 C",
        "SUBJECT ACCESS REQUEST",
        "Dear Sir or Madam,",
        "I am asking for a copy of my data.",
        "Yours faithfully,",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_an_unverified_address_is_never_flagged_inside_the_letter():
    # The note belongs on the letters page and the cover sheet: the letter is sent as made.
    recipient = Addressee(
        "DfC",
        ("9 Lanyon Place",),
        verified=False,
        check_url="https://www.communities-ni.gov.uk/right-access-request",
    )
    doc = make_doc("Hello.", recipient=recipient)
    docx_text = "\n".join(p.text for p in docx.Document(io.BytesIO(to_docx([doc]))).paragraphs)
    for made in (to_text(doc), docx_text, letter_fragment(doc)):
        assert "9 Lanyon Place" in made
        assert "Check this address" not in made and "communities-ni.gov.uk" not in made


def test_docx_has_real_paragraphs_and_list_items():
    data = to_docx([make_doc("Intro.\n\n1. first point\n2. second point\n")])
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert "Intro." in texts
    assert styles["first point"] == "List Number"
    assert any("Siân O'Brien-Jones" in t for t in texts)


def test_docx_puts_each_letter_on_its_own_page():
    data = to_docx([make_doc("One."), make_doc("Two.")])
    document = docx.Document(io.BytesIO(data))
    xml = document.element.xml
    assert xml.count('w:type="page"') == 1


def test_docx_gives_each_numbered_list_its_own_numbering_starting_at_1():
    data = to_docx([make_doc("1. a\n2. b\n3. c\n\nBetween.\n\n1. d\n2. e\n"), make_doc("1. f\n")])
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    num_ids = {}
    for p in document.paragraphs:
        if p.style.name == "List Number":
            num_ids[p.text] = p._p.pPr.numPr.numId.val
    assert num_ids["a"] == num_ids["b"] == num_ids["c"]
    assert len({num_ids["a"], num_ids["d"], num_ids["f"]}) == 3, "lists share a numbering"
    for letter in "adf":
        num = numbering.num_having_numId(num_ids[letter])
        override = num.findall(docx.oxml.ns.qn("w:lvlOverride"))
        assert override and override[0].get(docx.oxml.ns.qn("w:ilvl")) == "0"
        start = override[0].find(docx.oxml.ns.qn("w:startOverride"))
        assert start.get(docx.oxml.ns.qn("w:val")) == "1"


def test_docx_subject_is_a_word_heading_in_british_english_by_the_organisation_today():
    from datetime import UTC, datetime

    now = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    data = to_docx([make_doc("## Details\n\nText.")], author="Example Advice Centre", now=now)
    document = docx.Document(io.BytesIO(data))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Subject access request"] == "Heading 1"
    assert styles["Details"] == "Heading 2"
    langs = {
        e.get(docx.oxml.ns.qn("w:val"))
        for e in document.styles.element.iter(docx.oxml.ns.qn("w:lang"))
    }
    assert langs == {"en-GB"}
    # Word would show a theme font (Calibri Light) over the named one: none are left.
    fonts = list(document.styles.element.iter(docx.oxml.ns.qn("w:rFonts")))
    assert fonts and not [f for f in fonts if f.get(docx.oxml.ns.qn("w:asciiTheme"))]
    props = document.core_properties
    assert props.author == props.last_modified_by == "Example Advice Centre"
    assert props.created == props.modified == now
    assert props.comments == "" and props.language == "en-GB"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "python-docx" not in core and "2013" not in core
