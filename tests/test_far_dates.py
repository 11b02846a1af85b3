"""Never a 500 from a date: year 9999 (and 1899) posted to every route and command that takes one.

`9999-12-31` plus a month overflows Python's date; the one validator (sarkit.answers) bounds
every date to the years a real letter can hold and says so, and every form reads dates through it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sarkit import create_app
from sarkit.answers import AnswersError, parse_answers
from sarkit.cli import main
from sarkit.letters import all_letters
from tests.helpers import csrf_token_from, get_page, post_page, text_of
from tests.webforms import EXAMPLE, csrf_token

FAR = ("9999-12-31", "9999-12-01", "1899-12-31")
DATE_FIELDS = ("date", "sent_on", "told_on", "dob", "reply_on")
RANGE_WORDS = "between 1900 and 2100"


@pytest.fixture(scope="module")
def app():
    return create_app(
        {
            "SECRET_KEY": "test-secret-key-not-for-production",
            "TESTING": True,
            "SESSION_COOKIE_SECURE": False,
            "RATE_LIMIT": "off",
        }
    )


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("value", FAR)
def test_the_validator_refuses_a_far_date_with_a_sentence(field, value):
    with pytest.raises(AnswersError) as raised:
        parse_answers({field: value})
    assert [e.field for e in raised.value.errors] == [field]
    assert RANGE_WORDS in raised.value.errors[0].message


def test_the_ends_of_the_range_are_accepted():
    answers, _ = parse_answers({"sent_on": "1900-01-01", "date": "2100-12-31"})
    assert (answers.sent_on.year, answers.date.year) == (1900, 2100)


@pytest.mark.parametrize("field", DATE_FIELDS)
def test_quick_says_what_is_wrong_with_a_far_date(client, field):
    form = {**EXAMPLE, field: "9999-12-31", "follows": "dwp-sar", "csrf_token": csrf_token(client)}
    page = post_page(client, "/quick", form)
    summary = text_of(page.select_one(".govuk-error-summary"))
    assert RANGE_WORDS in summary, summary


@pytest.mark.parametrize("letter_id", sorted(all_letters()))
@pytest.mark.parametrize("field", ("date", "sent_on"))
def test_every_letter_download_refuses_a_far_date_without_failing(client, letter_id, field):
    token = csrf_token(client)
    for fmt in ("txt", "html"):
        response = client.post(
            f"/letters/{letter_id}.{fmt}",
            data={**EXAMPLE, "follows": "dwp-sar", field: "9999-12-31", "csrf_token": token},
        )
        assert response.status_code == 400, (letter_id, fmt, response.status_code)
        assert RANGE_WORDS in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ("/letters/pack.pdf", "/letters/dates.ics"))
def test_pack_and_calendar_refuse_a_far_date(client, path):
    response = client.post(
        path,
        data={
            **EXAMPLE,
            "sent_on": "9999-12-31",
            "follows": "dwp-sar",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 400
    assert RANGE_WORDS in response.get_data(as_text=True)


def _journey_to(client, stop: str) -> None:
    steps = [
        ("/journey/where-you-live", {"nation": "england"}),
        ("/journey/who-for", {"who": "myself"}),
        ("/journey/who-told-you", {"provider": "jobcentre-plus"}),
        ("/journey/which-site", {"site": "myworksearch"}),
        ("/journey/which-letters", {"letters": ["dwp-sar", "dwp-foi"]}),
    ]
    for path, data in steps:
        if path == stop:
            return
        token = csrf_token_from(get_page(client, path))
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 303


def test_journey_told_on_in_year_9999_is_an_error_on_the_page(client):
    _journey_to(client, "/journey/who-told-you")
    token = csrf_token_from(get_page(client, "/journey/who-told-you"))
    page = post_page(
        client,
        "/journey/who-told-you",
        {"csrf_token": token, "provider": "seetec", "told_on": ["31", "12", "9999"]},
    )
    assert "must be a year between 1900 and 2100" in text_of(
        page.select_one(".govuk-error-summary")
    )


@pytest.mark.parametrize("field", ("dob", "date"))
def test_journey_details_in_year_9999_are_an_error_on_the_page(client, field):
    _journey_to(client, "/journey/your-details")
    token = csrf_token_from(get_page(client, "/journey/your-details"))
    details = {
        "name": "Sam Example",
        "address": "1 Example Street",
        "postcode": "EX1 1EX",
        "nino": "QQ123456C",
        "dob": ["3", "2", "1980"],
        "date": ["20", "11", "2026"],
        "sent_method": "first-class",
        field: ["31", "12", "9999"],
    }
    page = post_page(client, "/journey/check-answers", {**details, "csrf_token": token})
    assert "must be a year between 1900 and 2100" in text_of(
        page.select_one(".govuk-error-summary")
    )


def test_reply_helper_dates_in_year_9999_are_errors_on_the_page(client):
    assert client.get("/replies/start").status_code == 303
    for path, data in (
        ("/replies/where-you-live", {"nation": "england"}),
        ("/replies/which-letter", {"follows": "dwp-sar"}),
    ):
        token = csrf_token_from(get_page(client, path))
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 303
    token = csrf_token_from(get_page(client, "/replies/when-sent"))
    page = post_page(
        client,
        "/replies/when-sent",
        {"csrf_token": token, "sent_on": ["31", "12", "9999"], "sent_method": "first-class"},
    )
    assert "between 1900 and 2100" in text_of(page.select_one(".govuk-error-summary"))


@pytest.mark.parametrize(
    "args",
    (
        ["deadline", "sar", "--received", "9999-12-31"],
        ["deadline", "foi", "--sent", "9999-12-31"],
        ["deadline", "sar", "--received", "1899-12-31"],
    ),
)
def test_the_deadline_command_refuses_a_far_date_with_a_sentence(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "between 1900 and 2100" in result.output
    assert "Traceback" not in result.output
