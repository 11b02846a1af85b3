"""Every problem a person can cause shows on the first try, with all the others: wrong formats,
missing fields and letters with nowhere to go, in one round (sarkit.packs.check_answers)."""

from __future__ import annotations

import json

import pytest

from sarkit.answers import AnswersError
from sarkit.cli import main
from sarkit.packs import check_answers
from sarkit.profiles import load_catalogue
from tests.helpers import post_page
from tests.test_journey import DETAILS, walk
from tests.test_journey import check_answers as journey_check
from tests.webforms import EXAMPLE, with_token

CATALOGUE = load_catalogue()


def error_fields(page) -> list[str]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return [a["href"].lstrip("#") for a in summary.select("a")]


def test_the_domain_lists_format_missing_and_destination_problems_together():
    data = {
        "nation": "england",
        "site": "myworksearch",
        "provider": "seetec",
        "dob": "2999-01-01",
        "postcode": "nope",
        "name": "",
    }
    with pytest.raises(AnswersError) as raised:
        check_answers(data, ["provider-questions", "dwp-sar"], CATALOGUE)
    fields = {e.field for e in raised.value.errors}
    # the date and postcode are wrong; name and NI number are missing; and Seetec has no address
    assert {"dob", "postcode", "name", "nino", "provider_address"} <= fields
    assert len(fields) == len(raised.value.errors), "one message a field"


def test_quick_shows_the_missing_ni_number_and_the_future_birth_date_at_once(client):
    data = {**EXAMPLE, "nino": "", "dob": "2999-01-01"}
    page = post_page(client, "/quick", with_token(client, data))
    assert {"nino", "dob"} <= set(error_fields(page))


def test_the_journey_shows_the_missing_ni_number_and_a_bad_birth_date_at_once(client):
    walk(client, provider="jobcentre-plus", site="find-a-job")
    page = journey_check(client, {**DETAILS, "nino": "", "dob": ["31", "2", "1980"]})
    fields = error_fields(page)
    assert "nino" in fields and any(f.startswith("dob") for f in fields), fields


def test_the_command_line_lists_every_problem_at_once(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "nation": "england",
                "site": "myworksearch",
                "provider": "seetec",
                "nino": "QQ12",
                "dob": "1980-02-03",
            }
        )
    )
    with pytest.raises(SystemExit):
        main(["letter", "provider-questions", "--answers", str(answers)], standalone_mode=True)
    err = capsys.readouterr().err
    for field in ("name:", "address:", "provider_address:"):
        assert field in err, err


def test_the_reply_helper_shows_a_missing_name_and_a_bad_email_at_once(client):
    from tests.test_reply_journey import walk as reply_walk

    where = reply_walk(client, letters=["sar-reminder"])
    page = post_page(
        client,
        where,
        with_token(client, {"name": "", "email": "not-an-email", "postcode": "nope"}, where),
    )
    assert {"name", "email", "postcode"} <= set(error_fields(page))


@pytest.mark.parametrize("url", ["/quick", "/journey"])
def test_an_address_without_a_postcode_is_asked_about_with_the_rest_in_the_same_words(client, url):
    """The postcode rule lived in the journey's form only; it is the domain's now, so /quick
    says it too, in the same words, beside the missing NI number."""
    if url == "/quick":
        data = {**EXAMPLE, "postcode": "", "nino": ""}
        page = post_page(client, "/quick", with_token(client, data))
    else:
        walk(client, letters=["dwp-sar"])
        page = journey_check(client, {**DETAILS, "postcode": "", "nino": ""})
    assert {"postcode", "nino"} <= set(error_fields(page))
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert (
        "Enter your postcode, or leave the address empty if you do not have a fixed address."
        in summary
    )
