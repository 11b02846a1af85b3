"""The reply journey at /replies, page by page, through the real app with cookies and CSRF on.

Today is fixed at Fri 20 Nov 2026 for the pages (sarkit.web.replies.today). Dates as worked out
in tests/test_replies.py: a dwp-sar posted first class on Thu 1 Oct 2026 is received Mon 5 Oct and
due Thu 5 Nov 2026, so on 20 Nov it is 15 days late; a dwp-foi posted the same day is due Mon
2 Nov 2026; a refusal dated Tue 3 Nov 2026 leaves until Tue 5 Jan 2027 to ask for a review.
"""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import csrf_token_from, get_page, post_page, read_page, text_of
from werkzeug.datastructures import MultiDict

from sarkit import create_app

TODAY = date(2026, 11, 20)
NAME = "Siân O'Brien-Jones"
DETAILS = {
    "name": NAME,
    "address": "1 Example Street\nExampletown",
    "postcode": "ex1 1ex",
    "email": "sian@example.com",
    "nino": "qq 12 34 56 c",
    "reference": "SAR-77",
}
# What must never be in the session cookie, in any form it could take there.
PERSONAL = (
    "Siân",
    "O'Brien",
    "QQ123456C",
    "qq 12 34 56 c",
    "QQ 12 34 56 C",
    "Example Street",
    "EX1 1EX",
    "ex1 1ex",
    "sian@example.com",
    "SAR-77",
    "1980",
)
SESSION_KEYS = {
    "nation",
    "site",
    "site_unlisted",
    "provider",
    "provider_unlisted",
    "follows",
    "sent_on",
    "sent_method",
    "reply",
    "reply_on",
    "decision_on",
    "letters",
    "sent_letters",
    "asked",
}
LINK = (
    "/replies/start?nation=england&site=myworksearch&provider=seetec&sent_on=2026-10-01"
    "&sent_method=first-class&letters=dwp-sar"
)


@pytest.fixture(scope="module")
def app():
    """One app for the module: its templates compile once. Each test still has its own client."""
    return create_app({"SECRET_KEY": "test-secret-key-not-for-production", "TESTING": True})


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("sarkit.web.replies.today", lambda: TODAY)


# --- walking the journey ----------------------------------------------------------------------


def answer(client, path: str, data) -> str:
    """Answer one question as a browser would (GET the form, post it back); return where next."""
    page = get_page(client, path)
    response = client.post(path, data={**data, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 303, (
        f"POST {path} answered {response.status_code}: "
        f"{text_of(page.select_one('.govuk-error-summary') or page.h1)}"
    )
    return response.headers["Location"]


def post_again(client, path: str, data, status: int = 200):
    """Post a page and read what comes back (an error, or the letters page)."""
    token = csrf_token_from(get_page(client, path))
    return post_page(client, path, {**data, "csrf_token": token}, status)


def walk(
    client,
    *,
    follows="dwp-sar",
    sent_on=("1", "10", "2026"),
    method="first-class",
    reply="no-reply",
    reply_on=None,
    decision_on=None,
    letters=None,
    site="myworksearch",
    provider="seetec",
    nation="england",
) -> str:
    """From the start to the details page; returns the details page's path."""
    response = client.get("/replies/start")
    assert response.status_code == 303
    steps = [
        ("/replies/where-you-live", {"nation": nation}),
        ("/replies/which-letter", {"follows": follows}),
        (
            "/replies/when-sent",
            {
                "sent_on": list(sent_on) if isinstance(sent_on, tuple) else sent_on,
                "sent_method": method,
            },
        ),
        ("/replies/what-happened", {"reply": reply}),
    ]
    if decision_on is not None:  # after a decision, its date instead of the answer's
        steps.append(("/replies/when-decided", {"decision_on": list(decision_on)}))
    elif reply != "no-reply":
        steps.append(
            (
                "/replies/when-answered",
                {"reply_on": list(reply_on) if isinstance(reply_on, tuple) else reply_on},
            )
        )
    where = response.headers["Location"]
    for path, data in steps:
        assert where == path, f"expected {path}, went to {where}"
        where = answer(client, path, data)
    assert where == "/replies/where-you-stand"
    page = get_page(client, where)
    chosen = letters or checked(page, "letters")
    where = answer(client, where, {"letters": chosen})
    for path, data in (
        ("/replies/website", {"site": site}),
        ("/replies/who-told-you", {"provider": provider}),
    ):
        if where == path:
            where = answer(client, path, data)
    assert where == "/replies/your-details"
    return where


def session_of(app, client) -> dict:
    cookie = client.get_cookie("session")
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def assert_session_is_not_personal(app, client) -> None:
    data = session_of(app, client)
    assert set(data.get("replies", {})) <= SESSION_KEYS
    # The CSRF token is random hex, which can hold "1980" by chance: it is not personal.
    flat = repr({k: v for k, v in data.items() if k != "csrf_token"})
    found = [p for p in PERSONAL if p.lower() in flat.lower()]
    assert not found, f"the session holds {found}"


def checked(page, name: str) -> list[str]:
    return [i["value"] for i in page.find_all("input", {"name": name}) if i.has_attr("checked")]


def radio_labels(page, name: str) -> dict[str, str]:
    return {
        i["value"]: text_of(page.find("label", attrs={"for": i["id"]}))
        for i in page.find_all("input", {"name": name, "type": "radio"})
    }


def error_summary(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "there is no error summary"
    return [(text_of(a), a["href"]) for a in summary.select(".govuk-error-summary__list a")]


def hidden_fields(page) -> MultiDict:
    """The hidden fields of the first form on the page, as a browser would post them."""
    form = page.select_one("form")
    return MultiDict([(i["name"], i["value"]) for i in form.select("input[type=hidden]")])


# --- the way in ---------------------------------------------------------------------------------


def test_the_start_page_leads_to_the_reply_journey(client):
    home = get_page(client, "/")
    assert home.find("a", href="/replies") is not None
    page = get_page(client, "/replies")
    assert text_of(page.h1) == "I have sent a letter"
    start = page.select_one("a.govuk-button--start")
    assert start["href"] == "/replies/start"
    response = client.get(start["href"])
    assert response.status_code == 303
    assert response.headers["Location"] == "/replies/where-you-live"


def test_a_page_out_of_turn_goes_back_to_the_first_unanswered_question(client):
    for path in ("/replies/where-you-stand", "/replies/when-sent", "/replies/your-details"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/replies/where-you-live"


# --- the whole journey ----------------------------------------------------------------------------


def test_overdue_sar_from_start_to_the_letters_page(app, client):
    client.get("/replies/start")
    assert answer(client, "/replies/where-you-live", {"nation": "england"}) == (
        "/replies/which-letter"
    )
    page = get_page(client, "/replies/which-letter")
    assert text_of(page.h1) == "Which letter did you send?"
    labels = radio_labels(page, "follows")
    assert list(labels) == [
        "dwp-sar",
        "site-sar",
        "dwp-foi",
        "provider-questions",
        "sensitive-data",
        "objection",
        "erasure",
        "rectification",
        "automated-decisions",
        "mandatory-reconsideration",
    ]
    assert labels["dwp-sar"] == "Your request to DWP for a copy of your data"
    assert page.select_one(".govuk-back-link")["href"] == "/replies/where-you-live"
    assert answer(client, "/replies/which-letter", {"follows": "dwp-sar"}) == "/replies/when-sent"

    page = get_page(client, "/replies/when-sent")
    assert text_of(page.h1) == "When did you send it?"
    assert page.find(id="sent_on-day") and page.find(id="sent_on-month")
    assert answer(
        client, "/replies/when-sent", {"sent_on": ["1", "10", "2026"], "sent_method": "first-class"}
    ) == ("/replies/what-happened")

    page = get_page(client, "/replies/what-happened")
    labels = radio_labels(page, "reply")
    assert list(labels)[0] == "no-reply" and labels["no-reply"] == "They have not answered"
    assert {"asked-for-id", "asked-to-clarify", "extended", "incomplete", "refused-sar"} <= set(
        labels
    )
    assert "foi-refused-cost" not in labels and "said-mandatory" not in labels
    # No answer, so no question about the date of their answer.
    assert answer(client, "/replies/what-happened", {"reply": "no-reply"}) == (
        "/replies/where-you-stand"
    )

    page = get_page(client, "/replies/where-you-stand")
    text = text_of(page)
    assert text_of(page.h1) == "Their answer is 15 days late"
    assert "It was due by Thursday 5 November 2026" in text
    assert "taken as received on the second working day after posting, 5 October 2026" in text
    assert "UK GDPR Articles 12(3) and 12A" in text
    assert page.select_one(".govuk-back-link")["href"] == "/replies/what-happened"
    assert checked(page, "letters") == ["sar-reminder"]
    boxes = [i["value"] for i in page.find_all("input", {"name": "letters"})]
    assert boxes == ["sar-reminder", "controller-complaint", "ico-complaint"]
    assert answer(client, "/replies/where-you-stand", {"letters": ["sar-reminder"]}) == (
        "/replies/website"
    )
    assert answer(client, "/replies/website", {"site": "myworksearch"}) == "/replies/who-told-you"
    assert answer(client, "/replies/who-told-you", {"provider": "seetec"}) == (
        "/replies/your-details"
    )
    assert_session_is_not_personal(app, client)

    page = get_page(client, "/replies/your-details")
    assert text_of(page.h1) == "Your details"
    assert page.find("input", {"name": "name"}) is not None
    assert page.find("input", {"name": "nino"}) is not None  # optional: helps DWP find it
    assert page.find("input", {"name": "dob"}) is None  # a reminder does not need it
    assert page.find("input", {"name": "nino"})["autocomplete"] == "off"
    response = client.post(
        "/replies/your-details", data={**DETAILS, "csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    letters = get_letters_page(response)
    assert text_of(letters.h1) == "Your letters"
    assert "Remind them that your subject access request is overdue" in text_of(letters)
    assert NAME in text_of(letters)
    fields = hidden_fields(letters)
    assert fields["follows"] == "dwp-sar" and fields["sent_on"] == "2026-10-01"
    assert fields["sent_method"] == "first-class" and fields["reply"] == "no-reply"
    assert fields.getlist("letters") == ["sar-reminder"]
    letter = text_of(letters.select_one("#text-sar-reminder"))
    assert "5 November 2026" in letter and "my National Insurance number is QQ 12 34 56 C" in (
        letter
    )
    assert "Your reference: SAR-77" in letter or "SAR-77" in letter
    assert_session_is_not_personal(app, client)


def get_letters_page(response):
    return read_page(response, "POST /replies/your-details", 200)


def test_refused_foi_gives_the_review_date_and_the_letter_with_its_grounds(app, client):
    walk(client, follows="dwp-foi", reply="foi-refused-cost", reply_on="2026-11-03")
    page = get_page(client, "/replies/where-you-stand")
    text = text_of(page)
    assert text_of(page.h1) == "They said your request would cost too much"
    assert "Last day to ask for an internal review" in text
    assert "Tuesday 5 January 2027" in text
    assert "section 12" in text and "Section 16" in text
    page = get_page(client, "/replies/your-details")
    assert page.find("input", {"name": "nino"}) is None  # FOI letters never hold it
    letters = post_again(
        client, "/replies/your-details", {"name": NAME, "email": "sian@example.com"}
    )
    letter = text_of(letters.select_one("#text-foi-internal-review"))
    assert "section 12" in letter and "Whether the estimate is reasonable" in letter
    assert "your answer of 3 November 2026" in letter
    assert_session_is_not_personal(app, client)


def test_asked_for_id_asks_when_they_answered_and_gives_the_new_date(client):
    walk(client, reply="asked-for-id", reply_on=("12", "10", "2026"))
    page = get_page(client, "/replies/where-you-stand")
    assert text_of(page.h1) == "They asked you for proof of who you are"
    # Sent first class on Fri 20 Nov 2026: received Tue 24 Nov; one month on, Thu 24 Dec 2026.
    assert "If you send it today, they must answer by Thursday 24 December 2026" in (text_of(page))
    assert page.select_one(".govuk-back-link")["href"] == "/replies/when-answered"
    letters = post_again(client, "/replies/your-details", DETAILS)
    letter = text_of(letters.select_one("#text-sar-clarification"))
    assert "copies, not originals" in letter and "In your letter of 12 October 2026" in letter


def test_not_due_yet_says_so_and_offers_a_calendar_without_personal_data(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-11-10", "sent_method": "email"})
    answer(client, "/replies/what-happened", {"reply": "no-reply"})
    # Sent by email Tue 10 Nov 2026, received that day; due Thu 10 Dec 2026.
    page = get_page(client, "/replies/where-you-stand")
    assert text_of(page.h1) == "Their answer is not due yet"
    assert "They have until Thursday 10 December 2026 to answer" in text_of(page)
    assert page.find("input", {"name": "letters"}) is None
    ics = client.get(page.find("a", href="/replies/dates.ics")["href"])
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    body = re.sub(r"\r\n[ \t]", "", ics.get_data(as_text=True))
    assert "DTSTART;VALUE=DATE:20261210" in body
    assert "/replies/start?" in body and "letters=dwp-sar" in body
    assert not [p for p in PERSONAL if p in body]


def test_said_mandatory_warns_to_keep_meeting_requirements(client):
    walk(client, follows="provider-questions", reply="said-mandatory", reply_on="2026-10-20")
    page = get_page(client, "/replies/where-you-stand")
    assert "Keep doing what your work coach or claimant commitment asks" in text_of(page)
    assert checked(page, "letters") == ["provider-requirement"]


def test_said_shared_asks_for_the_details_a_request_to_dwp_needs(client):
    walk(client, follows="provider-questions", reply="said-shared", reply_on="2026-10-20")
    page = get_page(client, "/replies/your-details")
    assert page.find("input", {"name": "dob"}) is not None
    assert page.find("input", {"name": "no_nino"}) is not None
    letters = post_again(
        client, "/replies/your-details", {"name": NAME, "address": "1 Example Street"}
    )
    errors = dict(error_summary(letters))
    assert "Enter your date of birth" in " ".join(errors) or "date of birth" in " ".join(errors)
    assert any("National Insurance" in e for e in errors)


# --- coming back with the return link ------------------------------------------------------------


def test_return_link_restores_only_the_non_personal_choices(app, client):
    response = client.get(
        LINK + "&name=Si%C3%A2n+O%27Brien-Jones&nino=QQ123456C&dob=1980-02-03"
        "&address=1+Example+Street&utm_source=email"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/replies/which-letter"
    state = session_of(app, client)["replies"]
    assert state == {
        "nation": "england",
        "site": "myworksearch",
        "provider": "seetec",
        "sent_on": "2026-10-01",
        "sent_method": "first-class",
        "sent_letters": ["dwp-sar"],
        "follows": "dwp-sar",
    }
    assert_session_is_not_personal(app, client)
    page = get_page(client, "/replies/which-letter")
    assert checked(page, "follows") == ["dwp-sar"]
    page = get_page(client, "/replies/when-sent")
    assert [page.find(id=f"sent_on-{p}")["value"] for p in ("day", "month", "year")] == [
        "1",
        "10",
        "2026",
    ]
    assert checked(page, "sent_method") == ["first-class"]
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "first-class"})
    answer(client, "/replies/what-happened", {"reply": "no-reply"})
    # The website and provider came with the link: straight on to the details.
    assert answer(client, "/replies/where-you-stand", {"letters": ["sar-reminder"]}) == (
        "/replies/your-details"
    )


def test_the_letters_page_link_comes_back_here(app, client):
    walk(client)
    letters = post_again(client, "/replies/your-details", DETAILS)
    link = letters.select_one("a.app-return-link")["href"]
    parts = urlsplit(link)
    assert parts.path == "/replies/start"
    query = parse_qs(parts.query)
    assert set(query) <= {
        "nation",
        "site",
        "provider",
        "sent_on",
        "sent_method",
        "follows",
        "letters",
    }
    assert not [p for p in PERSONAL if p.lower() in link.lower()]
    fresh = app.test_client()
    response = fresh.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 303
    restored = session_of(app, fresh)["replies"]
    assert restored["sent_on"] == "2026-10-01" and restored["site"] == "myworksearch"


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("sent_on=2026-02-30", "The date in the link is not a real date"),
        ("sent_on=yesterday", "The date in the link is not a real date"),
        ("sent_on=2026-1-1", "The date in the link is not a real date"),
        ("sent_on=1066-10-14", "The date in the link is not a real date"),
        ("letters=not-a-letter", "The link names a letter we do not know"),
        ("letters=dwp-sar&letters=../../etc/passwd", "The link names a letter we do not know"),
        ("sent_method=pigeon", "The way of sending in the link is not first class"),
        ("nation=england&nation=wales", "The link gives more than one place you live"),
        ("nation=atlantis", "The place you live in the link is not England"),
        ("site=nosuchsite", "The link names a website we do not know"),
        ("provider=%3Cscript%3E", "The link names an organisation we do not know"),
        (
            "sent_method=email&sent_method=by-hand&sent_method=email",
            "The link gives more than one way of sending",
        ),
        ("letters=" + "&letters=".join(["dwp-sar"] * 200), "more letters than there are"),
        ("site=" + "a" * 5000, "The website in the link is too long"),
        ("follows=sar-reminder", "The link names a letter we do not know"),
    ],
)
def test_a_tampered_return_link_gets_a_plain_400(app, client, query, problem):
    response = client.get(f"/replies/start?{query}")
    assert response.status_code == 400
    page = get_page(client, f"/replies/start?{query}", status=400)
    assert text_of(page.h1) == "This link does not work"
    assert problem in text_of(page)
    assert page.select_one("a.govuk-button")["href"] == "/replies/start"
    assert "replies" not in session_of(app, client)


def test_unknown_and_repeated_extra_params_are_ignored(client):
    response = client.get(LINK + "&x=1&x=2&x=3&letters=dwp-foi&nation=england&%00=%FF")
    assert response.status_code == 303
    page = get_page(client, "/replies/which-letter")
    # Two first letters in the link: both listed first, none chosen for the claimant.
    assert list(radio_labels(page, "follows"))[:2] == ["dwp-sar", "dwp-foi"]
    assert checked(page, "follows") == []


# --- errors on the pages ------------------------------------------------------------------


def test_date_errors_are_plain_and_link_to_the_box(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    cases = [
        ({"sent_on": ["", "", ""]}, "Enter the date you sent your letter", "#sent_on-day"),
        (
            {"sent_on": ["1", "", "2026"]},
            "The date you sent it must include a month",
            "#sent_on-month",
        ),
        (
            {"sent_on": ["31", "2", "2026"]},
            "Enter a real date, for example 1 10 2026",
            "#sent_on-day",
        ),
        ({"sent_on": "2026-13-01"}, "Enter a real date", "#sent_on-day"),
        ({"sent_on": ["1", "12", "2026"]}, "must be today or in the past", "#sent_on-day"),
        ({"sent_on": ["1", "1", "1999"]}, "must be after 1 January 2000", "#sent_on-day"),
    ]
    for data, message, href in cases:
        page = post_again(client, "/replies/when-sent", {**data, "sent_method": "first-class"})
        errors = error_summary(page)
        assert errors and message in errors[0][0], (data, errors)
        assert errors[0][1] == href
        assert text_of(page.title).startswith("Error:")


def test_their_answer_cannot_be_before_the_letter(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "first-class"})
    answer(client, "/replies/what-happened", {"reply": "incomplete"})
    page = post_again(client, "/replies/when-answered", {"reply_on": ["30", "9", "2026"]})
    assert (
        "must be the same as or after the day you sent your letter, 1 October 2026"
        in (error_summary(page)[0][0])
    )


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/replies/where-you-live", {"nation": "mars"}, "Select where you live"),
        ("/replies/which-letter", {"follows": "sar-reminder"}, "Select the letter you sent"),
        ("/replies/which-letter", {}, "Select the letter you sent"),
    ],
)
def test_tampered_or_missing_choices_get_the_plain_error(client, path, data, message):
    client.get("/replies/start")
    if path == "/replies/which-letter":
        answer(client, "/replies/where-you-live", {"nation": "england"})
    page = post_again(client, path, data)
    assert error_summary(page)[0][0] == message


def test_a_reply_that_does_not_fit_the_letter_is_refused(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "first-class"})
    page = post_again(client, "/replies/what-happened", {"reply": "foi-refused-cost"})
    assert error_summary(page)[0][0] == "Select what happened"


def test_letters_not_offered_are_refused(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "first-class"})
    answer(client, "/replies/what-happened", {"reply": "no-reply"})
    page = post_again(client, "/replies/where-you-stand", {"letters": ["dwp-foi"]})
    assert error_summary(page)[0][0] == "Select at least one letter to write"


def test_an_incomplete_answer_says_write_to_them_before_the_ico(client):
    # Answer dated Fri 30 Oct 2026: three months on is Sat 30 Jan 2027, so Mon 1 Feb 2027.
    walk(client, reply="incomplete", reply_on="2026-10-30")
    page = get_page(client, "/replies/where-you-stand")
    lead = text_of(page.select_one(".govuk-body-l"))
    assert lead.startswith("Write to them first.")
    assert "Do it by Monday 1 February 2027" in lead
    assert checked(page, "letters") == ["sar-incomplete"]
    details = get_page(client, "/replies/your-details")
    assert "What is missing?" in text_of(details)
    assert "Use 1000 characters or fewer." in text_of(details)


def test_missing_details_are_named_and_nothing_is_kept(app, client):
    walk(client)
    page = post_again(client, "/replies/your-details", {"nino": "QQ123456C"})
    messages = [m for m, _ in error_summary(page)]
    assert "Enter your full name." in messages
    assert any("Enter your address, or an email address" in m for m in messages)
    assert_session_is_not_personal(app, client)


def test_a_post_without_the_security_token_is_refused_plainly(client):
    client.get("/replies/start")
    response = client.post("/replies/where-you-live", data={"nation": "england"})
    assert response.status_code == 400
    assert "Your session timed out" in response.get_data(as_text=True)


def test_northern_ireland_names_the_department_for_communities(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "northern-ireland"})
    page = get_page(client, "/replies/which-letter")
    assert radio_labels(page, "follows")["dwp-foi"] == (
        "Your Freedom of Information request to the Department for Communities"
    )
    answer(client, "/replies/which-letter", {"follows": "site-sar"})
    answer(client, "/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "first-class"})
    page = get_page(client, "/replies/what-happened")
    labels = radio_labels(page, "reply")
    assert labels["not-controller"] == (
        "They said they only handle my data for the Department for Communities"
    )
    answer(client, "/replies/what-happened", {"reply": "not-controller"})
    answer(client, "/replies/when-answered", {"reply_on": "2026-10-20"})
    page = get_page(client, "/replies/where-you-stand")
    assert text_of(page.h1) == "They said to ask the Department for Communities instead"
    assert "DWP" not in text_of(page.select_one(".app-explanation"))


# The reply journey in Chromium (JavaScript off, to a PDF) is in tests/browser, which shares
# one browser for the whole run.


def test_a_bare_start_link_sets_no_cookie(app):
    client = app.test_client()
    response = client.get("/replies/start")
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session") is None


# --- reading their answer (/replies/read) --------------------------------------------------------

COST_REFUSAL = (
    "DWP Central Freedom of Information Team\nOur Ref: FOI2026/12345\n3 November 2026\n"
    "Dear Sam,\nThank you for your request received on 5 October. We have estimated that the "
    "cost of meeting your request would exceed the cost limit of £600. Under Section 12 of the "
    "FoI Act the Department is not therefore obliged to comply with your request."
)


def to_what_happened(client, follows="dwp-foi"):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": follows})
    answer(client, "/replies/when-sent", {"sent_on": ["1", "10", "2026"], "sent_method": "email"})


def read_answer(client, data, status=200):
    token = csrf_token_from(get_page(client, "/replies/read"))
    response = client.post(
        "/replies/read", data={**data, "csrf_token": token}, content_type="multipart/form-data"
    )
    return read_page(response, "POST /replies/read", status)


def test_what_happened_offers_to_read_their_answer(client):
    to_what_happened(client)
    page = get_page(client, "/replies/what-happened")
    link = page.find("a", href="/replies/read")
    assert link is not None and text_of(link) == "Paste their answer, or choose a file"
    form = get_page(client, "/replies/read").select_one("form")
    assert form["enctype"] == "multipart/form-data" and form["method"] == "post"
    assert form.find("textarea", {"name": "text"}) and form.find("input", {"name": "file"})


def test_a_pasted_answer_is_read_confirmed_and_leads_to_where_you_stand(app, client):
    to_what_happened(client)
    page = read_answer(client, {"text": COST_REFUSAL})
    assert text_of(page.h1) == "They said your request would cost too much"
    assert text_of(page.select_one(".govuk-caption-l")) == "This looks like"
    assert (
        "‘We have estimated that the cost of meeting your request would exceed the cost limit "
        "of £600.’" in text_of(page.select_one(".app-because"))
    )
    found = text_of(page.select_one(".govuk-summary-list"))
    assert "Tuesday 3 November 2026" in found and "FOI2026/12345" in found
    assert checked(page, "reply") == ["foi-refused-cost"]
    hidden = hidden_fields(page.select_one("form[action='/replies/read/confirm']").parent)
    assert "FOI2026/12345" not in repr(hidden) and "cost limit" not in repr(hidden)
    assert_session_is_not_personal(app, client)
    response = client.post(
        "/replies/read/confirm",
        data={
            "reply": "foi-refused-cost",
            "reply_on": "2026-11-03",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.headers["Location"] == "/replies/where-you-stand"
    st = session_of(app, client)["replies"]
    assert st["reply"] == "foi-refused-cost" and st["reply_on"] == "2026-11-03"
    flat = repr(session_of(app, client))
    assert "FOI2026" not in flat and "cost limit" not in flat and "Sam" not in flat
    standing = get_page(client, "/replies/where-you-stand")
    assert text_of(standing.h1) == "They said your request would cost too much"
    assert "Tuesday 5 January 2027" in text_of(standing)  # 40 working days for a review


def test_the_person_can_choose_another_kind_and_a_date_after_today_is_not_kept(app, client):
    to_what_happened(client)
    page = read_answer(client, {"text": COST_REFUSAL})
    client.post(
        "/replies/read/confirm",
        data={
            "reply": "foi-refused-other",
            "reply_on": "2027-01-01",
            "csrf_token": csrf_token_from(page),
        },
    )
    st = session_of(app, client)["replies"]
    assert st["reply"] == "foi-refused-other" and "reply_on" not in st
    assert client.get("/replies/where-you-stand").headers["Location"] == "/replies/when-answered"


def test_an_uploaded_file_is_read_in_memory(client):
    to_what_happened(client)
    upload = (io.BytesIO(COST_REFUSAL.encode("utf-8")), "their-answer.txt")
    page = read_answer(client, {"file": upload})
    assert text_of(page.h1) == "They said your request would cost too much"


def test_an_answer_it_cannot_place_says_so_and_ticks_nothing(client):
    to_what_happened(client)
    page = read_answer(client, {"text": "Thanks for your letter. Regards."})
    assert text_of(page.h1) == "We are not sure what kind of answer this is"
    assert checked(page, "reply") == []
    assert "no-reply" not in radio_labels(page, "reply")


def test_a_kind_that_does_not_fit_the_letter_sent_is_flagged_not_ticked(client):
    to_what_happened(client, follows="dwp-sar")
    page = read_answer(client, {"text": COST_REFUSAL})
    assert "does not usually come after the letter you sent" in text_of(page)
    assert checked(page, "reply") == []


def test_reading_needs_the_csrf_token_and_text_or_a_file(client):
    to_what_happened(client)
    assert client.post("/replies/read", data={"text": COST_REFUSAL}).status_code == 400
    page = read_answer(client, {"text": "   "})
    assert error_summary(page) == [("Paste their answer, or choose a file", "#text")]
    broken = read_answer(client, {"file": (io.BytesIO(b"%PDF-1.7 broken"), "a.pdf")})
    assert "damaged" in error_summary(broken)[0][0]


def test_a_file_over_the_limit_is_refused_with_413(client):
    to_what_happened(client)
    token = csrf_token_from(get_page(client, "/replies/read"))
    # The body built by hand, in memory (the test client would spool a big one to a file).
    body = (
        b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + token.encode()
        + b'\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + b"x" * (11 * 1024 * 1024) + b"\r\n--b--\r\n"
    )
    response = client.post(
        "/replies/read", data=body, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 413
    # Every other page keeps its own small limit.
    assert client.post("/replies/what-happened", data={"x": "y" * 70_000}).status_code == 413


@pytest.mark.parametrize(
    ("follows", "headline", "says"),
    [
        ("dwp-sar", "Their answer is 15 days late", "It was due by Thursday 5 November 2026"),
        ("dwp-foi", "They said your letter arrived", "Monday 2 November 2026"),
    ],
)
def test_an_acknowledgement_shows_the_due_date_and_keeps_the_clock_running(
    client, follows, headline, says
):
    walk(client, follows=follows, reply="acknowledged", reply_on=("5", "10", "2026"))
    page = get_page(client, "/replies/where-you-stand")
    assert text_of(page.h1) == "They said your letter arrived"
    assert says in text_of(page)


def test_an_answered_sar_ticks_nothing_and_says_to_check_it_is_complete(client):
    to_what_happened(client, follows="dwp-sar")
    answer(client, "/replies/what-happened", {"reply": "answered"})
    answer(client, "/replies/when-answered", {"reply_on": ["12", "10", "2026"]})
    page = get_page(client, "/replies/where-you-stand")
    assert text_of(page.h1) == "They answered your request"
    assert "Check it is complete" in text_of(page.select_one(".app-where-you-stand"))
    assert checked(page, "letters") == []
    assert "sar-incomplete" in radio_or_checkbox_values(page, "letters")


def test_part_answered_leads_to_an_internal_review(client):
    walk(client, follows="dwp-foi", reply="part-answered", reply_on=("3", "11", "2026"))
    assert client.get("/replies/your-details").status_code == 200


def radio_or_checkbox_values(page, name: str) -> list[str]:
    return [i["value"] for i in page.find_all("input", {"name": name})]


# --- before and after a sanction (issue 16) -----------------------------------------------------
# Today is Fri 20 Nov 2026. A decision dated Sat 31 Oct 2026: November has no 31st, so the request
# to look again must reach them by Mon 30 Nov 2026 (St Andrew's Day, not moved: the claimant's own
# deadline). Worked by hand; deadlines.last_day_for_mandatory_reconsideration agrees.
SANCTION_GROUNDS = "I did register, on 3 November. I had a good reason for missing the appointment."


def test_a_sanction_asks_the_decision_date_and_ends_in_a_reconsideration_letter(
    app, client, monkeypatch
):
    # The letter is dated today too (answers.date): the same fixed day as the pages.
    monkeypatch.setattr("sarkit.answers.today_in_london", lambda: TODAY)
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "dwp-sar"})
    answer(
        client, "/replies/when-sent", {"sent_on": ["1", "10", "2026"], "sent_method": "first-class"}
    )
    page = get_page(client, "/replies/what-happened")
    labels = radio_labels(page, "reply")
    assert labels["sanctioned"].startswith("They have sanctioned me") and "notes-wrong" in labels
    assert answer(client, "/replies/what-happened", {"reply": "sanctioned"}) == (
        "/replies/when-decided"
    )

    page = get_page(client, "/replies/when-decided")
    assert text_of(page.h1) == "What date is on the decision letter?"
    assert page.select_one(".govuk-back-link")["href"] == "/replies/what-happened"
    assert answer(client, "/replies/when-decided", {"decision_on": ["31", "10", "2026"]}) == (
        "/replies/where-you-stand"
    )

    page = get_page(client, "/replies/where-you-stand")
    text = text_of(page)
    assert text_of(page.h1) == "They made a decision about your benefit"
    assert page.select_one(".govuk-back-link")["href"] == "/replies/when-decided"
    assert "Your request must reach them by Monday 30 November 2026" in text
    rows = {
        text_of(row.select_one(".govuk-summary-list__key")): text_of(
            row.select_one(".govuk-summary-list__value")
        )
        for row in page.select(".govuk-summary-list__row")
    }
    label = "Last day for your request to look again (mandatory reconsideration) to reach them"
    assert rows[label].startswith("Monday 30 November 2026")
    assert "November 2026 has no 31st" in rows[label]
    assert "Keep doing what your work coach or claimant commitment asks" in text
    assert checked(page, "letters") == ["mandatory-reconsideration"]
    boxes = [i["value"] for i in page.find_all("input", {"name": "letters"})]
    # A copy of the data is offered too, but not here: a request for it is the letter sent.
    assert boxes == ["mandatory-reconsideration", "rectification"]
    ics = page.find("a", href="/replies/dates.ics")
    assert ics is not None

    where = answer(client, "/replies/where-you-stand", {"letters": ["mandatory-reconsideration"]})
    assert where == "/replies/website"
    answer(client, "/replies/website", {"site": "myworksearch"})
    answer(client, "/replies/who-told-you", {"provider": "seetec"})
    assert_session_is_not_personal(app, client)
    assert session_of(app, client)["replies"]["decision_on"] == "2026-10-31"

    page = get_page(client, "/replies/your-details")
    assert (
        "The decision letter is dated Saturday 31 October 2026. Your request to look again "
        "must reach them by Monday 30 November 2026."
    ) in text_of(page)
    assert text_of(page.find("label", attrs={"for": "grounds"})) == (
        "In your own words, why is the decision wrong?"
    )
    response = client.post(
        "/replies/your-details",
        data={**DETAILS, "grounds": SANCTION_GROUNDS, "csrf_token": csrf_token_from(page)},
    )
    letters = get_letters_page(response)
    assert hidden_fields(letters)["decision_on"] == "2026-10-31"
    letter = text_of(letters.select_one("#text-mandatory-reconsideration"))
    assert "the decision dated 31 October 2026" in letter
    assert "the month for asking ends on 30 November 2026" in letter
    assert "regulation 5 of the Universal Credit" in letter
    assert SANCTION_GROUNDS in letter
    assert "I will keep meeting my requirements" in letter
    assert_session_is_not_personal(app, client)


def test_the_reply_calendar_holds_the_last_day_to_ask_them_to_look_again(client):
    from icalendar import Calendar

    walk(client, reply="sanctioned", decision_on=("31", "10", "2026"))
    response = client.get("/replies/dates.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.data).walk("VEVENT")
    mr = [e for e in events if "mandatory reconsideration" in str(e["SUMMARY"])]
    assert len(mr) == 1, [str(e["SUMMARY"]) for e in events]
    assert mr[0].decoded("DTSTART") == date(2026, 11, 30)
    assert "regulation 5" in str(mr[0]["DESCRIPTION"])
    assert "/replies/start?" in str(mr[0]["DESCRIPTION"])
    assert NAME not in response.data.decode()


def test_a_decision_dated_before_the_letter_is_accepted_but_not_one_after_today(client):
    walk(client, reply="sanctioned", decision_on=("15", "9", "2026"))
    page = get_page(client, "/replies/where-you-stand")
    # 15 September 2026 plus one month: Thursday 15 October 2026, gone by 20 November.
    assert "ended on Thursday 15 October 2026" in text_of(page)
    assert "accept it late" in text_of(page)
    page = post_again(client, "/replies/when-decided", {"decision_on": ["21", "11", "2026"]})
    assert error_summary(page) == [
        ("Enter the date on the decision letter: it cannot be in the future.", "#decision_on-day")
    ]


def test_their_notes_are_wrong_leads_to_a_correction_in_the_claimants_words(client):
    walk(client, reply="notes-wrong", reply_on=("10", "11", "2026"), letters=["rectification"])
    page = get_page(client, "/replies/your-details")
    assert text_of(page.find("label", attrs={"for": "grounds"})) == (
        "What is wrong in their notes, and what is right?"
    )
    wrong = "The note says I refused to register. I did not refuse."
    response = client.post(
        "/replies/your-details",
        data={**DETAILS, "grounds": wrong, "csrf_token": csrf_token_from(page)},
    )
    letter = text_of(get_letters_page(response).select_one("#text-rectification"))
    assert wrong in letter and "Article 16" in letter


def test_a_refused_reconsideration_explains_the_tribunal_and_writes_no_letter(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "mandatory-reconsideration"})
    answer(client, "/replies/when-sent", {"sent_on": ["2", "11", "2026"], "sent_method": "by-hand"})
    answer(client, "/replies/what-happened", {"reply": "reconsideration-refused"})
    page = get_page(client, "/replies/when-answered")
    assert text_of(page.h1) == "What date is on the mandatory reconsideration notice?"
    assert "The time to appeal runs from it" in text_of(page)
    answer(client, "/replies/when-answered", {"reply_on": ["18", "11", "2026"]})
    page = get_page(client, "/replies/where-you-stand")
    text = text_of(page)
    # 18 November 2026 plus one month: Friday 18 December 2026.
    assert "Your appeal must reach it by Friday 18 December 2026" in text
    assert "SSCS1" in text and "HM Courts & Tribunals Service" in text
    assert "We do not write a letter for this" in text
    assert page.find("input", {"name": "letters"}) is None


def test_in_northern_ireland_a_refused_reconsideration_points_to_the_appeals_service(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "northern-ireland"})
    answer(client, "/replies/which-letter", {"follows": "mandatory-reconsideration"})
    answer(client, "/replies/when-sent", {"sent_on": ["2", "11", "2026"], "sent_method": "by-hand"})
    answer(client, "/replies/what-happened", {"reply": "reconsideration-refused"})
    answer(client, "/replies/when-answered", {"reply_on": ["18", "11", "2026"]})
    main = get_page(client, "/replies/where-you-stand").select_one("main")
    text = text_of(main)
    assert "the Appeals Service" in text
    assert "Check the time limit on your mandatory reconsideration notice" in text
    assert "18 December 2026" not in text and "DWP" not in text


def test_no_automated_decision_ticks_nothing_and_offers_a_copy_of_the_data(client):
    client.get("/replies/start")
    answer(client, "/replies/where-you-live", {"nation": "england"})
    answer(client, "/replies/which-letter", {"follows": "automated-decisions"})
    answer(client, "/replies/when-sent", {"sent_on": ["1", "10", "2026"], "sent_method": "email"})
    answer(client, "/replies/what-happened", {"reply": "no-automated-decision"})
    answer(client, "/replies/when-answered", {"reply_on": ["20", "10", "2026"]})
    page = get_page(client, "/replies/where-you-stand")
    assert checked(page, "letters") == []
    assert [i["value"] for i in page.find_all("input", {"name": "letters"})] == ["dwp-sar"]
    assert "You do not need to write another letter" in text_of(page)


def test_a_pasted_sanction_letter_asks_to_check_its_date_as_the_decision_date(app, client):
    # Written for this test, not a public letter; dated before the SAR was sent (1 October).
    sanction = (
        "Department for Work and Pensions\n28 September 2026\nDear Sam,\nWe have decided to "
        "reduce your Universal Credit because you did not attend your appointment. A sanction "
        "has been applied."
    )
    to_what_happened(client, follows="dwp-sar")
    page = read_answer(client, {"text": sanction})
    assert checked(page, "reply") == ["sanctioned"]
    response = client.post(
        "/replies/read/confirm",
        data={"reply": "sanctioned", "reply_on": "2026-09-28", "csrf_token": csrf_token_from(page)},
    )
    assert response.headers["Location"] == "/replies/when-decided"
    st = session_of(app, client)["replies"]
    assert st["decision_on"] == "2026-09-28" and "reply_on" not in st
    page = get_page(client, "/replies/when-decided")
    assert page.find("input", id="decision_on-day")["value"] == "28"
    assert answer(client, "/replies/when-decided", {"decision_on": ["28", "9", "2026"]}) == (
        "/replies/where-you-stand"
    )
    # 28 September plus one month: Wednesday 28 October 2026, gone by 20 November.
    assert "ended on Wednesday 28 October 2026" in text_of(
        get_page(client, "/replies/where-you-stand")
    )
