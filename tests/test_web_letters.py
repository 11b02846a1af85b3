"""/quick, the letters page and the downloads, through the real app with CSRF on."""

import io
import subprocess

import docx
import pytest
from icalendar import Calendar

from tests.helpers import get_page, post_page, text_of
from tests.webforms import ADVISER, EXAMPLE, with_token


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_quick_answers_with_the_letters_page_and_no_store(client):
    response = client.post("/quick", data=with_token(client, EXAMPLE))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = post_page(client, "/quick", with_token(client, EXAMPLE))
    assert text_of(page.h1) == "Your letters"
    titles = [text_of(h) for h in page.select("section h2")]
    assert "Ask DWP for a copy of your data (subject access request)" in titles


def test_letters_page_shows_due_date_worked_out_from_posting(client):
    page = post_page(client, "/quick", with_token(client, EXAMPLE))
    section = page.find(id="letter-dwp-sar")
    # Posted first class on Fri 20 Nov 2026: received on the 2nd working day after, Tue 24 Nov;
    # one month later is Thu 24 Dec 2026, a working day.
    assert "24 December 2026" in text_of(section)


def test_post_without_the_sessions_token_is_refused(client):
    response = client.post("/quick", data=EXAMPLE)
    assert response.status_code == 400
    assert "timed out" in response.get_data(as_text=True)


def test_bad_ni_number_gives_the_form_again_with_the_error_summary(client):
    page = post_page(client, "/quick", with_token(client, {**EXAMPLE, "nino": "12345"}))
    assert text_of(page.title).startswith("Error:")
    summary = page.select_one(".govuk-error-summary")
    assert "like QQ 12 34 56 C" in text_of(summary)
    assert page.find("input", {"name": "name"})["value"] == "Siân O'Brien-Jones"


def test_missing_field_a_letter_needs_is_named(client):
    data = {k: v for k, v in EXAMPLE.items() if k != "dob"}
    page = post_page(client, "/quick", with_token(client, data))
    assert "Enter your date of birth" in text_of(page.select_one(".govuk-error-summary"))


@pytest.mark.parametrize(
    "fmt, media",
    [
        ("pdf", "application/pdf"),
        ("txt", "text/plain"),
        ("html", "text/html"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_each_format_downloads_no_store(client, fmt, media):
    response = client.post(f"/letters/dwp-sar.{fmt}", data=with_token(client, EXAMPLE))
    assert response.status_code == 200
    assert response.mimetype == media
    assert response.headers["Cache-Control"] == "no-store"
    assert "dwp-sar" in response.headers["Content-Disposition"]


def test_pdf_holds_the_name_exactly_and_the_normalised_ni_number(client, tmp_path):
    response = client.post("/letters/dwp-sar.pdf", data=with_token(client, EXAMPLE))
    text = pdf_text(response.data, tmp_path)
    assert "Siân O'Brien-Jones" in text
    assert "QQ 12 34 56 C" in text
    assert "MyWorkSearch" in text and "Article 15" in text


def test_docx_download_opens_with_the_letter_text(client):
    response = client.post("/letters/provider-questions.docx", data=with_token(client, EXAMPLE))
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Is using MyWorkSearch mandatory for me" in text


def test_unknown_letter_or_format_is_404(client):
    assert client.post("/letters/nope.pdf", data=with_token(client, EXAMPLE)).status_code == 404
    assert client.post("/letters/dwp-sar.exe", data=with_token(client, EXAMPLE)).status_code == 404


def test_download_with_bad_answers_shows_the_form_not_a_500(client):
    response = client.post(
        "/letters/dwp-sar.pdf", data=with_token(client, {**EXAMPLE, "dob": "2026-02-30"})
    )
    assert response.status_code == 400
    assert "real date" in response.get_data(as_text=True)


def test_pack_pdf_starts_with_the_cover_sheet(client, tmp_path):
    response = client.post("/letters/pack.pdf", data=with_token(client, EXAMPLE))
    text = pdf_text(response.data, tmp_path)
    assert text.index("what to do next") < text.index("Dear Sir or Madam")
    assert "24 December 2026" in " ".join(text.split())  # wherever the line breaks


def test_calendar_has_due_dates_and_reminders_and_no_personal_data(client):
    response = client.post("/letters/dates.ics", data=with_token(client, EXAMPLE))
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    sar = "Ask DWP for a copy of your data (subject access request)"
    assert str(events[f"Answer due: {sar}"]) == "2026-12-24"
    # due Thursday 24 December: the chase is the next UK working day, Tuesday 29 December
    assert str(events[f"No answer yet? {sar}"]) == "2026-12-29"
    raw = response.data.decode()
    for personal in ("Siân", "O'Brien", "QQ123456C", "QQ 12 34 56 C", "1980", "EX1 1EX"):
        assert personal not in raw


def test_adviser_pack_starts_with_the_signed_authority(client, tmp_path):
    data = with_token(client, {**EXAMPLE, **ADVISER})
    page = post_page(client, "/quick", data)
    sections = [s["id"] for s in page.select("section.app-letter-section")]
    assert sections[0] == "letter-authority-to-act"
    text = pdf_text(client.post("/letters/pack.pdf", data=data).data, tmp_path)
    first_letter = text[text.index("Dear") - 2000 if "Dear" in text else 0 :]
    assert "Alex Adviser" in text and "on behalf of my client" in text
    assert "password" in text.lower()
    assert "Signed authority from Siân O'Brien-Jones" in first_letter


def test_no_page_asks_for_a_password(client):
    page = client.get("/quick").get_data(as_text=True)
    assert 'type="password"' not in page


def test_quick_chooses_no_nation_and_no_way_of_sending_for_the_adviser(client):
    """GOV.UK: radios start unselected, so nobody sends a Northern Ireland client's letters to
    DWP because England was already chosen. A form without a nation says so."""
    page = get_page(client, "/quick")
    assert not page.select('input[type="radio"][checked]')
    data = {key: value for key, value in EXAMPLE.items() if key != "nation"}
    errors = post_page(client, "/quick", with_token(client, data))
    assert "Select where the person lives" in text_of(errors.select_one(".govuk-error-summary"))


def test_the_letters_page_starts_with_what_to_do_and_when_the_reconsideration_must_arrive(client):
    """Issue 15 item 2: numbered steps first (what to send, to whom, by when), then the letters.
    A decision notice dated 20 November 2026: one month from it is 20 December 2026, worked out
    by hand (regulation 5 of the Decisions and Appeals Regulations 2013)."""
    data = {
        **EXAMPLE,
        "letters": ["mandatory-reconsideration", "dwp-sar"],
        "decision_on": "2026-11-20",
        "grounds": "I was at a hospital appointment that day.",
    }
    page = post_page(client, "/quick", with_token(client, data))
    steps = page.select_one("ol.app-steps")
    first_letter = page.select_one("section.app-letter-section")
    assert steps is not None and first_letter is not None
    assert steps.sourceline < first_letter.sourceline
    items = [text_of(li) for li in steps.find_all("li", recursive=False)]
    reconsideration = next(item for item in items if "look again at a decision" in item)
    assert "It must reach them by 20 December 2026." in reconsideration
    assert any("Their answer is due by 24 December 2026." in item for item in items)
    assert items[-1].startswith("Come back when they answer")
    assert page.select_one("#return-link")["value"].startswith("http")


def test_quick_lets_the_browser_fill_the_advisers_own_details_never_the_clients(client):
    page = get_page(client, "/quick")
    purpose = {tag["name"]: tag.get("autocomplete") for tag in page.select("input[name], textarea")}
    assert [purpose[k] for k in ("name", "address", "postcode", "nino", "dob", "email")] == [
        "off"
    ] * 6
    assert [purpose[k] for k in ("adviser_name", "adviser_address", "adviser_email")] == [
        "name",
        "street-address",
        "email",
    ]
