"""Dates that make sense (issue 15, item 4), on a fixed day, Sunday 22 November 2026.

A send date more than a week back is asked about again where a person says when they will
send, and a date of birth must fall in a year a claimant could be born in.

Worked by hand: a week before 22 November is 15 November (accepted); 14 November is asked
about. 2026 - 120 = 1906 and 2026 - 15 = 2011 are the first and last years of birth accepted.
"""

from __future__ import annotations

from datetime import date

import pytest

from sarkit import answers
from sarkit.answers import AnswersError, parse_answers, send_date_problem
from tests.helpers import post_page
from tests.test_journey import DETAILS, check_answers, walk
from tests.test_one_round import error_fields
from tests.webforms import EXAMPLE, with_token

pytestmark = pytest.mark.send_date_rule


@pytest.fixture(autouse=True)
def _on_sunday_22_november_2026(monkeypatch):
    monkeypatch.setattr(answers, "today_in_london", lambda: date(2026, 11, 22))


@pytest.mark.parametrize(
    ("sent", "asked"),
    [
        ("2026-11-22", False),
        ("2026-11-15", False),
        ("2026-11-14", True),
        ("2020-01-01", True),
        ("2026-12-10", False),  # later this month: a letter written now to send later
        ("not a date", False),  # the format check says what is wrong with this one
    ],
)
def test_a_send_date_more_than_a_week_back_is_asked_about(sent, asked):
    problem = send_date_problem(sent)
    assert (problem is not None) is asked
    if problem:
        assert problem.field == "date"
        assert problem.message.endswith("today is 22 November 2026.")


@pytest.mark.parametrize(
    ("dob", "ok"),
    [
        ("1905-12-31", False),
        ("1906-01-01", True),
        ("1980-02-03", True),
        ("2011-12-31", True),
        ("2012-01-01", False),
    ],
)
def test_a_date_of_birth_is_in_a_year_a_claimant_could_be_born(dob, ok):
    if ok:
        assert parse_answers({"dob": dob})[0].dob.isoformat() == dob
        return
    with pytest.raises(AnswersError) as raised:
        parse_answers({"dob": dob})
    [error] = raised.value.errors
    assert error.field == "dob"
    assert error.message == (
        "Check the year of the date of birth: it must be between 1906 and 2011."
    )


def test_a_birth_date_in_1850_is_not_told_it_must_be_in_the_past():
    with pytest.raises(AnswersError) as raised:
        parse_answers({"dob": "1850-06-01"})
    assert "in the past" not in raised.value.errors[0].message


def test_quick_asks_again_about_an_old_send_date_with_the_other_problems(client):
    data = {**EXAMPLE, "date": "2020-01-01", "nino": ""}
    page = post_page(client, "/quick", with_token(client, data))
    assert {"date", "nino"} <= set(error_fields(page))
    assert "more than a week ago" in page.get_text()


def test_the_journey_asks_again_about_an_old_send_date(client):
    walk(client, provider="jobcentre-plus", site="find-a-job")
    page = check_answers(client, {**DETAILS, "date": ["1", "1", "2020"]})
    assert any(f.startswith("date") for f in error_fields(page))
    assert "more than a week ago" in page.get_text()


def test_a_download_made_later_keeps_the_date_the_letters_page_gave(client):
    # The letters page's buttons post its answers again, maybe days later: no question then.
    data = {**EXAMPLE, "date": "2020-01-01", "letters": "dwp-sar"}
    response = client.post("/letters/dwp-sar.txt", data=with_token(client, data))
    assert response.status_code == 200
    assert "1 January 2020" in response.get_data(as_text=True)
