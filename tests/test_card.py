"""The "when they tell you to register" card (issue 15 item 5): a phone page and an A6 PDF with no
personal data, saying what to ask and write down and that the claimant keeps meeting their
requirements; linked from the start page and the site pages."""

from __future__ import annotations

import io

import pytest
from helpers import get_page, text_of
from pypdf import PdfReader

from sarkit import create_app

# What the card must get across, however it is worded later (checked on the page and the PDF).
MUST_SAY = [
    "Who is telling me to use it?",
    "Do I have to use it, or is it my choice?",
    "Claimant Commitment",
    "What happens if I do not use it?",
    "Who can see what I put on it?",
    "Write down the date, the time and what they said.",
    "Asking questions is not refusing.",
]
A6_POINTS = (297.6, 419.5)  # 105 x 148 mm


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_card_page_says_what_to_ask_and_to_keep_meeting_requirements(client):
    page = get_page(client, "/card")
    text = text_of(page.main)
    for words in MUST_SAY:
        assert words in text
    assert len(page.select("main ol li")) >= 5
    assert page.find("a", href="/card.pdf") is not None
    assert page.find("form") is None, "the card asks nothing of the person"


@pytest.mark.parametrize("url", ["/", "/sites", "/sites/find-a-job"])
def test_the_card_is_linked_from_the_start_page_and_the_site_pages(client, url):
    assert get_page(client, url).find("a", href="/card") is not None


def test_the_card_prints_on_one_a6_page_with_this_sites_address(monkeypatch):
    app = create_app(
        {"SECRET_KEY": "test", "TESTING": True, "BASE_URL": "https://letters.example.org/"}
    )
    response = app.test_client().get("/card.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader, text = pdf_text(response.data)
    assert len(reader.pages) == 1, "an A6 card is one page"
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A6_POINTS, abs=1)
    for words in MUST_SAY:
        assert words in text
    assert "letters.example.org" in text
    assert "Page 1 of" not in text, "a card is not a letter"


def test_the_card_pdf_is_made_once_and_then_served_from_memory(client, monkeypatch):
    from sarkit.web import pages

    made = []
    real = pages.html_to_pdf
    monkeypatch.setattr(pages, "html_to_pdf", lambda html: made.append(1) or real(html))
    first = client.get("/card.pdf").data
    second = client.get("/card.pdf").data
    assert first == second and len(made) == 1
