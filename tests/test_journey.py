"""The claimant journey, page by page, through the real app with cookies and CSRF on."""

from __future__ import annotations

import json
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from sarkit.answers import today_in_london
from sarkit.web.journey_forms import NOT_LISTED, read_date
from tests.helpers import csrf_token_from, get_page, post_page, text_of

NAME = "Siân O'Brien-Jones"
DETAILS = {
    "name": NAME,
    "address": "1 Example Street\nExampletown",
    "postcode": "ex1 1ex",
    "nino": "qq 12 34 56 c",
    "dob": ["3", "2", "1980"],
    "sent_method": "first-class",
    "date": ["20", "11", "2026"],
}
ADVISER = {
    "adviser_name": "Alex Adviser",
    "adviser_organisation": "Example Advice Centre",
    "adviser_address": "3 Advice Lane\nExampletown",
    "adviser_reference": "CASE-42",
}
# What must never be in the session cookie, in any form it could take there.
PERSONAL = (
    "Siân",
    "O'Brien",
    "QQ123456C",
    "qq 12 34 56 c",
    "QQ 12 34 56 C",
    "1980",
    "Example Street",
    "EX1 1EX",
    "ex1 1ex",
    "Alex Adviser",
    "Advice Lane",
)


# --- walking the journey ----------------------------------------------------------------------


def answer(client, path: str, data: dict) -> str:
    """Answer one question as a browser would (GET the form, post it back); return where next."""
    page = get_page(client, path)
    response = client.post(path, data={**data, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 303, (
        f"POST {path} answered {response.status_code}: "
        f"{text_of(page.select_one('.govuk-error-summary') or page.h1)}"
    )
    return response.headers["Location"]


def walk(
    client,
    *,
    nation="england",
    who="myself",
    provider="jobcentre-plus",
    site="myworksearch",
    letters=("provider-questions", "dwp-sar", "dwp-foi"),
    to="/journey/your-details",
    **extra,
) -> None:
    """Answer every question before `to`."""
    steps = [
        ("/journey/where-you-live", {"nation": nation}),
        ("/journey/who-for", {"who": who}),
        (
            "/journey/who-told-you",
            {
                "provider": provider,
                **{k: v for k, v in extra.items() if k.startswith(("provider_", "told_on"))},
            },
        ),
        (
            "/journey/which-site",
            {"site": site, **{k: v for k, v in extra.items() if k.startswith("site_")}},
        ),
        ("/journey/which-letters", {"letters": list(letters)}),
    ]
    for path, data in steps:
        if path == to:
            return
        answer(client, path, data)
    asked = client.get("/journey/where-to-send").status_code == 200  # only when it is needed
    if asked and to != "/journey/where-to-send":
        address = extra.get("send_to", "")
        answer(
            client,
            "/journey/where-to-send",
            {"send": "post" if address else "journal", "provider_address": address},
        )


def check_answers(client, details: dict, status: int = 200):
    """Post the details page to check your answers; return that page."""
    token = csrf_token_from(get_page(client, "/journey/your-details"))
    return post_page(client, "/journey/check-answers", {**details, "csrf_token": token}, status)


def form_fields(page) -> MultiDict:
    """Every hidden field of the form on a page, as a browser would post them."""
    return MultiDict(
        [
            (i["name"], i["value"])
            for i in page.select("form:not(.app-back-form) input[type=hidden]")
        ]
    )


def make_letters(client, check_page):
    return post_page(client, "/journey/letters", form_fields(check_page))


def session_of(app, client) -> dict:
    cookie = client.get_cookie("session")
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def error_summary(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "there is no error summary"
    return [(text_of(a), a["href"]) for a in summary.select(".govuk-error-summary__list a")]


def radio_values(page, name: str) -> list[str]:
    return [i["value"] for i in page.find_all("input", {"name": name, "type": "radio"})]


def checked(page, name: str) -> list[str]:
    return [i["value"] for i in page.find_all("input", {"name": name}) if i.has_attr("checked")]


def date_parts(page, name: str) -> list[str]:
    return [page.find(id=f"{name}-{part}").get("value", "") for part in ("day", "month", "year")]


# --- every page: its heading and its back link ------------------------------------------------


PAGES = [
    ("/journey/where-you-live", "Where do you live?", "/"),
    (
        "/journey/who-for",
        "Are you filling this in for yourself, or helping someone?",
        "/journey/where-you-live",
    ),
    ("/journey/who-told-you", "Who told you to use a job website?", "/journey/who-for"),
    ("/journey/which-site", "Which website were you told to use?", "/journey/who-told-you"),
    ("/journey/about-the-site", "What we know about MyWorkSearch", "/journey/which-site"),
    ("/journey/which-letters", "Which letters do you want?", "/journey/about-the-site"),
    (
        "/journey/where-to-send",
        "How will you send the letter to your work coach?",
        "/journey/which-letters",
    ),
    ("/journey/your-details", "Your details", "/journey/where-to-send"),
]


@pytest.mark.parametrize("path, heading, back", PAGES)
def test_each_page_asks_its_question_in_the_h1_with_a_back_link(client, path, heading, back):
    walk(client, to=path if path != "/journey/about-the-site" else "/journey/which-letters")
    page = get_page(client, path)
    assert text_of(page.h1) == heading
    assert text_of(page.title).startswith(heading)
    link = page.select_one(".govuk-back-link")
    assert link is not None and link["href"] == back


def test_check_your_answers_has_its_heading_and_a_back_link(client):
    walk(client)
    page = check_answers(client, DETAILS)
    assert text_of(page.h1) == "Check your answers"
    back = page.select_one(".govuk-back-link")
    assert back.name == "button" and back.find_parent("form")["action"] == "/journey/your-details"


def test_every_form_is_posted_without_browser_validation_and_carries_a_token(client):
    walk(client)
    for path, _heading, _back in PAGES:
        if path == "/journey/about-the-site":
            continue
        form = get_page(client, path).select_one("main form")
        assert form["method"] == "post" and form.has_attr("novalidate"), path
        assert form.find("input", {"name": "csrf_token"}), path


def test_the_journey_starts_at_where_you_live(client):
    assert client.get("/journey/").headers["Location"] == "/journey/where-you-live"


def test_a_page_reached_too_early_sends_you_to_the_first_unanswered_question(client):
    response = client.get("/journey/which-site")
    assert response.status_code == 302
    assert response.headers["Location"] == "/journey/where-you-live"
    walk(client, to="/journey/who-told-you")
    assert client.get("/journey/your-details").headers["Location"] == "/journey/who-told-you"


@pytest.mark.parametrize("path", ["/journey/check-answers", "/journey/letters"])
def test_a_get_of_a_page_that_answers_a_post_says_nothing_was_kept(client, path):
    """Back or Reload there (app.js makes them GETs) shows a page, never the details or a 405."""
    page = get_page(client, path)
    assert text_of(page.h1) == "Your letters were not kept"
    assert page.find("a", string=lambda s: s and "Start again" in s)


# --- errors -----------------------------------------------------------------------------------


def test_no_answer_shows_the_error_summary_and_error_in_the_title(client):
    token = csrf_token_from(get_page(client, "/journey/where-you-live"))
    page = post_page(client, "/journey/where-you-live", {"csrf_token": token})
    assert text_of(page.title).startswith("Error: Where do you live?")
    assert error_summary(page) == [("Select where you live", "#nation")]
    assert len(page.select(".govuk-error-summary")) == 1
    assert "Select where you live" in text_of(page.select_one(".govuk-error-message"))


def test_someone_else_without_a_name_is_an_error_that_keeps_what_was_typed(client):
    walk(client, to="/journey/who-told-you")
    token = csrf_token_from(get_page(client, "/journey/who-told-you"))
    page = post_page(
        client,
        "/journey/who-told-you",
        {
            "csrf_token": token,
            "provider": NOT_LISTED,
            "provider_address": "9 Work Road\nTown",
            "told_on": ["2", "11", "2026"],
        },
    )
    assert text_of(page.title).startswith("Error:")
    assert error_summary(page) == [
        ("Enter the name of the organisation that told you", "#provider_name")
    ]
    assert checked(page, "provider") == [NOT_LISTED]
    assert page.find("textarea", {"name": "provider_address"}).text.strip() == "9 Work Road\nTown"
    assert date_parts(page, "told_on") == ["2", "11", "2026"]


def test_a_bad_web_address_for_an_unlisted_site_keeps_the_name(client):
    walk(client, to="/journey/which-site")
    token = csrf_token_from(get_page(client, "/journey/which-site"))
    page = post_page(
        client,
        "/journey/which-site",
        {
            "csrf_token": token,
            "site": NOT_LISTED,
            "site_name": "Jobs Near Me",
            "site_url": "not a url",
        },
    )
    assert error_summary(page) == [
        ("Enter the website's address, like www.example.co.uk.", "#site_url")
    ]
    assert page.find("input", {"name": "site_name"})["value"] == "Jobs Near Me"


def test_no_letter_ticked_is_an_error(client):
    walk(client, to="/journey/which-letters")
    token = csrf_token_from(get_page(client, "/journey/which-letters"))
    page = post_page(client, "/journey/which-letters", {"csrf_token": token})
    assert error_summary(page) == [("Select at least one letter", "#letters")]


def test_details_errors_name_each_missing_answer_and_keep_the_rest(client):
    walk(client)
    page = check_answers(client, {**DETAILS, "name": "", "nino": "12345", "dob": ["3", "", ""]})
    assert text_of(page.title).startswith("Error: Your details")
    errors = dict(error_summary(page))
    assert errors["Enter your full name."] == "#name"
    assert errors["Date of birth must include a month and year"] == "#dob-month"
    assert page.find("input", {"name": "postcode"})["value"] == "ex1 1ex"
    assert page.find("textarea", {"name": "address"}).text.strip() == DETAILS["address"]
    assert date_parts(page, "dob") == ["3", "", ""]


def test_a_wrong_ni_number_is_explained_and_kept(client):
    walk(client)
    page = check_answers(client, {**DETAILS, "nino": "12345"})
    assert (
        "Enter a National Insurance number in the correct format, like QQ 12 34 56 C.",
        "#nino",
    ) in error_summary(page)
    assert page.find("input", {"name": "nino"})["value"] == "12345"
    assert page.find("input", {"name": "name"})["value"] == NAME


def test_a_future_date_told_is_refused(client):
    walk(client, to="/journey/who-told-you")
    future = today_in_london().replace(year=today_in_london().year + 1)
    token = csrf_token_from(get_page(client, "/journey/who-told-you"))
    page = post_page(
        client,
        "/journey/who-told-you",
        {
            "csrf_token": token,
            "provider": "seetec",
            "told_on": [str(future.day), str(future.month), str(future.year)],
        },
    )
    assert error_summary(page)[0][1] == "#told_on-day"
    assert "cannot be in the future" in error_summary(page)[0][0]


def test_no_address_and_no_email_is_an_error_but_an_email_alone_will_do(client):
    walk(client, letters=["provider-questions"])
    page = check_answers(client, {**DETAILS, "address": "", "postcode": ""})
    assert (
        "Enter your address, or an email address if you have no fixed address, so they can reply.",
        "#address",
    ) in error_summary(page)
    page = check_answers(
        client, {**DETAILS, "address": "", "postcode": "", "email": "sam@example.com"}
    )
    assert text_of(page.h1) == "Check your answers"
    assert "No fixed address" in text_of(page)


# --- going back keeps the answers -------------------------------------------------------------


def test_going_back_shows_every_earlier_answer(client):
    walk(
        client,
        nation="wales",
        provider=NOT_LISTED,
        provider_name="Work Help Ltd",
        provider_address="9 Work Road",
        told_on=["2", "11", "2026"],
        site=NOT_LISTED,
        site_name="Jobs Near Me",
        site_url="www.jobsnear.me",
        letters=["dwp-foi"],
    )
    assert checked(get_page(client, "/journey/where-you-live"), "nation") == ["wales"]
    assert checked(get_page(client, "/journey/who-for"), "who") == ["myself"]
    page = get_page(client, "/journey/who-told-you")
    assert checked(page, "provider") == [NOT_LISTED]
    assert page.find("input", {"name": "provider_name"})["value"] == "Work Help Ltd"
    assert page.find("textarea", {"name": "provider_address"}).text.strip() == "9 Work Road"
    assert date_parts(page, "told_on") == ["2", "11", "2026"]
    page = get_page(client, "/journey/which-site")
    assert checked(page, "site") == [NOT_LISTED]
    assert page.find("input", {"name": "site_url"})["value"] == "www.jobsnear.me"
    assert checked(get_page(client, "/journey/which-letters"), "letters") == ["dwp-foi"]


def test_letters_most_people_start_with_are_ticked_the_first_time(client):
    walk(client, to="/journey/which-letters")
    page = get_page(client, "/journey/which-letters")
    assert set(checked(page, "letters")) == {"provider-questions", "dwp-sar", "dwp-foi"}
    offered = [i["value"] for i in page.find_all("input", {"name": "letters"})]
    assert "authority-to-act" not in offered and "sar-reminder" not in offered
    hint = page.find(id=page.find("input", {"value": "dwp-sar"})["aria-describedby"])
    assert "a copy of all it holds about you" in text_of(hint)


# --- the lists --------------------------------------------------------------------------------


def test_jobcentre_plus_comes_first_then_providers_a_to_z_then_past_ones_then_someone_else(client):
    walk(client, to="/journey/who-told-you")
    page = get_page(client, "/journey/who-told-you")
    values = radio_values(page, "provider")
    assert values[0] == "jobcentre-plus"
    assert values[-2:] == ["avanta", NOT_LISTED]
    assert "jobs-and-benefits-office" not in values  # that is Northern Ireland's
    current = values[1:-2]
    assert current == sorted(current) and "seetec" in current
    assert text_of(page.select_one(".govuk-radios__divider")) == "or"
    assert "Ran the Work Programme, which has ended" in text_of(page)


def test_someone_else_shows_its_fields_without_javascript(client):
    walk(client, to="/journey/who-told-you")
    page = get_page(client, "/journey/who-told-you")
    reveal = page.select_one(".govuk-radios__conditional")
    assert reveal.find("input", {"name": "provider_name"}) is not None
    assert reveal.find("textarea", {"name": "provider_address"}) is not None
    assert "autocomplete" not in page.find(id="told_on-day").attrs


@pytest.mark.parametrize(
    "provider, first",
    [
        (
            "jobcentre-plus",
            ["find-a-job", "universal-credit-account", "myworksearch", "universal-jobmatch"],
        ),
        ("avanta", ["avantajobs"]),
    ],
)
def test_the_providers_own_sites_are_listed_first(client, provider, first):
    walk(client, provider=provider, to="/journey/which-site")
    page = get_page(client, "/journey/which-site")
    values = radio_values(page, "site")
    assert values[: len(first)] == first
    assert values[-1] == NOT_LISTED
    assert "Used by" in text_of(
        page.find(id=page.find("input", {"value": first[0]})["aria-describedby"].split()[0])
    )


# --- what we know about the site --------------------------------------------------------------


def test_about_page_gives_each_fact_with_its_source_title_and_date(client):
    walk(client, provider="avanta", site="avantajobs", to="/journey/which-letters")
    page = get_page(client, "/journey/about-the-site")
    fact = page.find(id="fact-use_is_mandatory").parent
    text = text_of(fact)
    assert "Do you have to use it?" in text
    assert "No, it is voluntary" in text
    assert "This was true in the past (24 October 2013)" in text
    source = fact.select_one(".app-source a")
    assert text_of(source).startswith("5028 Response (DWP Central FoI Team")
    assert source["href"].startswith("https://www.whatdotheyknow.com/")
    assert "24 October 2013" in text_of(fact.select_one(".app-source"))
    assert "Work Programme participants are not mandated" in text_of(fact.select_one("details"))


def test_about_page_says_plainly_what_nobody_knows(client):
    walk(client, provider="avanta", site="avantajobs", to="/journey/which-letters")
    fact = get_page(client, "/journey/about-the-site").find(id="fact-dwp_access_by_default").parent
    assert "Not known" in text_of(fact)
    assert "Nobody has found this out yet. The letters will ask." in text_of(fact)


def test_about_page_names_the_letters_that_fit_and_the_requirements_reminder(client):
    walk(client, to="/journey/which-letters")
    page = get_page(client, "/journey/about-the-site")
    text = text_of(page)
    assert "Ask the provider whether you have to use the website" in text
    assert "Keep doing what your work coach or claimant commitment asks" in text
    assert page.select_one("a.govuk-button")["href"] == "/journey/which-letters"


def test_about_page_for_an_unlisted_site_says_we_know_nothing_yet(client):
    walk(client, site=NOT_LISTED, site_name="Jobs Near Me", to="/journey/which-letters")
    page = get_page(client, "/journey/about-the-site")
    assert text_of(page.h1) == "What we know about Jobs Near Me"
    assert (
        "We have no information about this website yet. The letters will ask every question."
    ) in text_of(page)
    # With no private contact set, telling us goes to the public tracker, under its warning.
    tell = page.find("a", string="Tell us about this website")
    assert tell["href"] == client.application.config["REPORT_URL"]
    warning = tell.find_parent("p").find_previous_sibling()
    assert "Everything written there is public" in text_of(warning)


# --- the details page asks only what the letters need -----------------------------------------


def test_details_page_asks_only_what_the_chosen_letters_need(client):
    walk(client, letters=["provider-questions"])
    page = get_page(client, "/journey/your-details")
    names = {i.get("name") for i in page.select("main input, main textarea")}
    assert {"name", "address", "postcode", "email", "phone", "sent_method", "date"} <= names
    assert not names & {"nino", "no_nino", "dob", "adviser_name"}


def test_details_page_asks_for_identity_when_a_subject_access_request_is_chosen(client):
    walk(client, letters=["dwp-sar"])
    page = get_page(client, "/journey/your-details")
    assert page.find("input", {"name": "nino"})["autocomplete"] == "off"
    assert page.find("input", {"name": "no_nino"}) is not None
    assert [i["name"] for i in page.select(".govuk-date-input input")[:3]] == ["dob"] * 3


def purposes(page) -> dict[str, str]:
    named = {
        tag.get("name") or tag["id"]: tag.get("autocomplete")
        for tag in page.select("input, textarea")
    }
    named.update(
        {tag["id"]: tag.get("autocomplete") for tag in page.select(".govuk-date-input input")}
    )
    return named


def test_your_own_details_say_what_they_are_so_the_browser_can_fill_them(client):
    """WCAG 2.2, 1.3.5: a person's own name, address, email and date of birth carry their
    purpose. The NI number has none to give."""
    walk(client, letters=["dwp-sar"])
    got = purposes(get_page(client, "/journey/your-details"))
    assert {k: got[k] for k in ("name", "address", "postcode", "nino")} == {
        "name": "name",
        "address": "street-address",
        "postcode": "postal-code",
        "nino": "off",
    }
    assert [got["dob-day"], got["dob-month"], got["dob-year"]] == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]


def test_an_adviser_is_not_offered_their_own_details_for_the_client(client):
    walk(client, who="adviser", letters=["dwp-sar"])
    got = purposes(get_page(client, "/journey/your-details"))
    assert {got["name"], got["address"], got["postcode"], got["dob-day"]} == {"off"}
    assert (got["adviser_name"], got["adviser_address"]) == ("name", "street-address")


def test_no_way_of_sending_is_chosen_for_you(client):
    """GOV.UK: never pre-select a radio; a person who skips it is asked."""
    walk(client, letters=["dwp-sar"])
    page = get_page(client, "/journey/your-details")
    assert not page.select('input[name="sent_method"][checked]')


def test_letter_date_defaults_to_today(client):
    walk(client)
    today = today_in_london()
    assert date_parts(get_page(client, "/journey/your-details"), "date") == [
        str(today.day),
        str(today.month),
        str(today.year),
    ]


def test_no_ni_number_yet_is_accepted(client):
    walk(client, letters=["dwp-sar"])
    page = check_answers(client, {**DETAILS, "nino": "", "no_nino": "y"})
    assert "I do not have one yet" in text_of(page)
    assert text_of(make_letters(client, page).h1) == "Your letters"


# --- end to end -------------------------------------------------------------------------------


def test_ni_number_and_name_go_through_check_answers_to_the_letters(client):
    walk(client)
    page = check_answers(client, DETAILS)
    text = text_of(page)
    assert NAME in text and "QQ 12 34 56 C" in text and "3 February 1980" in text
    response = client.post("/journey/letters", data=form_fields(page))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    letters = make_letters(client, page)
    assert text_of(letters.h1) == "Your letters"
    sar = text_of(letters.find(id="letter-dwp-sar"))
    assert "QQ 12 34 56 C" in sar and NAME in sar


def test_an_unlisted_provider_and_site_work_end_to_end(client):
    walk(
        client,
        provider=NOT_LISTED,
        provider_name="Work Help Ltd",
        provider_address="9 Work Road",
        site=NOT_LISTED,
        site_name="Jobs Near Me",
        site_url="www.jobsnear.me",
    )
    check = check_answers(client, DETAILS)
    assert "Work Help Ltd" in text_of(check) and "Jobs Near Me" in text_of(check)
    page = make_letters(client, check)
    letter = text_of(page.find(id="letter-provider-questions"))
    assert "Work Help Ltd" in letter and "Jobs Near Me" in letter


def test_northern_ireland_sends_the_dwp_letters_to_the_department_for_communities(client):
    walk(client, nation="northern-ireland", provider="jobs-and-benefits-office")
    page = make_letters(client, check_answers(client, DETAILS))
    assert "Department for Communities" in text_of(page.find(id="letter-dwp-sar").dl)


def test_adviser_mode_asks_the_advisers_details_and_puts_the_authority_first(client):
    walk(client, who="adviser")
    details = get_page(client, "/journey/your-details")
    assert details.find("input", {"name": "adviser_name"}) is not None
    assert text_of(details.find("label", {"for": "name"})) == "Their full name"
    check = check_answers(client, {**DETAILS, **ADVISER})
    assert "Alex Adviser" in text_of(check)
    page = make_letters(client, check)
    sections = [s["id"] for s in page.select("section.app-letter-section")]
    assert sections[0] == "letter-authority-to-act"
    assert "Alex Adviser" in text_of(page.find(id="letter-authority-to-act"))


def test_adviser_mode_needs_the_advisers_name_and_a_way_to_reply(client):
    walk(client, who="adviser")
    page = check_answers(client, DETAILS)
    assert dict(error_summary(page)) == {
        "Enter your name.": "#adviser_name",
        "Enter your address, or an email address, so replies can reach you.": "#adviser_address",
    }


# --- privacy: the session never holds personal details ---------------------------------------


def test_the_session_cookie_never_holds_personal_details(app, client):
    seen = []

    def look():
        data = session_of(app, client)
        seen.append(data)
        held = json.dumps(data, ensure_ascii=False)
        assert not [p for p in PERSONAL if p in held], f"the session holds personal data: {held}"

    for path, data in [
        ("/journey/where-you-live", {"nation": "england"}),
        ("/journey/who-for", {"who": "adviser"}),
        (
            "/journey/who-told-you",
            {"provider": NOT_LISTED, "provider_name": "Work Ltd", "told_on": ["2", "11", "2026"]},
        ),
        ("/journey/which-site", {"site": "myworksearch"}),
        ("/journey/which-letters", {"letters": ["dwp-sar"]}),
    ]:
        answer(client, path, data)
        look()
    get_page(client, "/journey/about-the-site")
    look()
    check_answers(client, {**DETAILS, **ADVISER, "nino": ""}, 200)  # an error: details again
    look()
    page = check_answers(client, {**DETAILS, **ADVISER})
    look()
    fields = form_fields(page)
    fields["change"] = "1"
    changed = post_page(client, "/journey/which-letters", fields)
    look()
    again = MultiDict([(i["name"], i["value"]) for i in changed.select("form input[type=hidden]")])
    again.setlist("letters", ["provider-questions", "dwp-sar"])
    asked = post_page(client, "/journey/which-letters", again)  # a letter to Work Ltd now
    look()
    assert text_of(asked.h1) == "What is the address of Work Ltd?"
    carried = MultiDict([(i["name"], i["value"]) for i in asked.select("form input[type=hidden]")])
    carried["provider_address"] = "9 Work Road\nWorktown"
    details = post_page(client, "/journey/where-to-send", carried)
    look()
    assert details.find("input", {"name": "name"})["value"] == DETAILS["name"]  # nothing lost
    post_page(client, "/journey/your-details", fields)
    look()
    make_letters(client, page)
    look()
    assert seen[-1]["journey"]["letters"] == ["provider-questions", "dwp-sar"]
    assert seen[-1]["journey"]["provider_name"] == "Work Ltd"


def test_no_redirect_or_link_carries_personal_details(client):
    walk(client)
    page = check_answers(client, DETAILS)
    hrefs = " ".join(a["href"] for a in page.find_all("a", href=True))
    actions = " ".join(b.get("formaction", "") for b in page.find_all("button"))
    assert not [p for p in PERSONAL if p in hrefs + actions]


def test_pages_with_personal_details_are_not_stored(client):
    walk(client)
    token = csrf_token_from(get_page(client, "/journey/your-details"))
    response = client.post("/journey/check-answers", data={**DETAILS, "csrf_token": token})
    assert response.headers["Cache-Control"] == "no-store"


# --- changing an answer -----------------------------------------------------------------------


def test_change_your_details_shows_them_filled_in(client):
    walk(client)
    fields = form_fields(check_answers(client, DETAILS))
    fields["change"] = "1"
    page = post_page(client, "/journey/your-details", fields)
    assert text_of(page.h1) == "Your details"
    assert page.find("input", {"name": "name"})["value"] == NAME
    assert page.find("input", {"name": "nino"})["value"] == "QQ123456C"
    assert date_parts(page, "dob") == ["3", "2", "1980"]
    assert not page.select(".govuk-error-summary")


def test_changing_a_choice_keeps_the_details_and_asks_anything_new(client):
    walk(client, letters=["provider-questions"])
    fields = form_fields(
        check_answers(client, {k: v for k, v in DETAILS.items() if k not in ("nino", "dob")})
    )
    fields["change"] = "1"
    page = post_page(client, "/journey/which-letters", fields)
    assert checked(page, "letters") == ["provider-questions"]
    carried = MultiDict(
        [
            (i["name"], i["value"])
            for i in page.select("form:not(.app-back-form) input[type=hidden]")
        ]
    )
    assert carried["name"] == NAME and "letters" not in carried
    carried.setlist("letters", ["provider-questions", "dwp-sar"])
    details = post_page(client, "/journey/which-letters", carried)
    assert text_of(details.h1) == "Your details"
    assert details.find("input", {"name": "name"})["value"] == NAME
    assert details.find("input", {"name": "nino"}) is not None


def test_letters_with_something_missing_give_the_details_page_again(client):
    walk(client)
    fields = form_fields(check_answers(client, DETAILS))
    del fields["dob"]
    page = post_page(client, "/journey/letters", fields)
    assert text_of(page.h1) == "Your details"
    assert ("Enter your date of birth.", "#dob-day") in error_summary(page)


# --- dates: three parts or ISO, never a 500 ---------------------------------------------------


@pytest.mark.parametrize(
    "values, expected",
    [
        (["3", "2", "1980"], date(1980, 2, 3)),
        (["03", "02", "1980"], date(1980, 2, 3)),
        (["3", "Feb", "1980"], date(1980, 2, 3)),
        (["3", "february", "1980"], date(1980, 2, 3)),
        (["1980-02-03"], date(1980, 2, 3)),
        ([" 1980-2-3 "], date(1980, 2, 3)),
        (["", "", ""], None),
        ([""], None),
        ([], None),
    ],
)
def test_dates_read_from_three_parts_or_iso(app, values, expected):
    with app.test_request_context():
        reading = read_date(values, "Date of birth", "27 3 1980")
    assert (reading.value, reading.error) == (expected, "")


@pytest.mark.parametrize(
    "values, error, parts",
    [
        (["3", "", "1980"], "Date of birth must include a month", ("month",)),
        (["", "", "1980"], "Date of birth must include a day and month", ("day", "month")),
        (["31", "2", "1980"], "Enter a real date, for example 27 3 1980", ("day", "month", "year")),
        (["3", "13", "1980"], "Enter a real date, for example 27 3 1980", ("month",)),
        (["x", "2", "1980"], "Enter a real date, for example 27 3 1980", ("day",)),
        (["²", "2", "1980"], "Enter a real date, for example 27 3 1980", ("day",)),
        (["3", "2", "１９８０"], "Enter a real date, for example 27 3 1980", ("year",)),
        (
            ["3", "2", "80"],
            "Date of birth must include a year with 4 numbers, like 1980",
            ("year",),
        ),
        (["1980-13-45"], "Enter a real date, for example 27 3 1980", ("day", "month", "year")),
        (["3/2/1980"], "Enter a real date, for example 27 3 1980", ("day", "month", "year")),
        (
            ["1", "2", "3", "4"],
            "Enter a real date, for example 27 3 1980",
            ("day", "month", "year"),
        ),
    ],
)
def test_bad_dates_say_what_is_wrong(app, values, error, parts):
    with app.test_request_context():
        reading = read_date(values, "Date of birth", "27 3 1980")
    assert (reading.value, reading.error, reading.error_parts) == (None, error, parts)


@pytest.mark.parametrize(
    "dob", [["31", "2", "1980"], "1980-13-45", "3/2/1980", ["3", "2"], ["a", "b", "c", "d"]]
)
def test_a_bad_date_of_birth_is_an_error_on_the_page_never_a_500(client, dob):
    walk(client)
    page = check_answers(client, {**DETAILS, "dob": dob})
    assert text_of(page.title).startswith("Error:")
    assert any(href.startswith("#dob-") for _text, href in error_summary(page))


def test_an_iso_date_of_birth_is_accepted_and_shown_in_three_parts(client):
    walk(client)
    page = check_answers(client, {**DETAILS, "dob": "1980-02-03", "date": "2026-11-20"})
    assert "3 February 1980" in text_of(page) and "20 November 2026" in text_of(page)


def test_only_the_wrong_part_of_a_date_is_marked(client):
    walk(client)
    page = check_answers(client, {**DETAILS, "dob": ["3", "", "1980"]})
    marked = [i["name"] for i in page.select(".govuk-date-input .govuk-input--error")]
    assert len(marked) == 1
    assert "govuk-input--error" in page.find(id="dob-month")["class"]
    assert ("Date of birth must include a month", "#dob-month") in error_summary(page)


def test_every_hint_and_error_a_field_points_at_is_on_the_page(client):
    walk(client, who="adviser")
    pages = [get_page(client, path) for path, _h, _b in PAGES]
    pages.append(check_answers(client, {**DETAILS, "dob": ["3", "", "1980"]}))
    for page in pages:
        for element in page.select("[aria-describedby]"):
            for id_ in element["aria-describedby"].split():
                assert page.find(id=id_) is not None, (
                    f"{text_of(page.h1)}: {element.get('name')} points at missing #{id_}"
                )


def test_names_people_type_are_shown_as_text_never_as_markup(client):
    walk(client, site=NOT_LISTED, site_name="<b>Jobs</b>", to="/journey/which-letters")
    page = get_page(client, "/journey/about-the-site")
    assert text_of(page.h1) == "What we know about <b>Jobs</b>"
    assert page.h1.find("b") is None


def test_back_from_check_your_answers_keeps_every_detail(client):
    """Back is a POST with the details, like the Change buttons: nothing typed is lost."""
    walk(client)
    page = check_answers(client, DETAILS)
    back = page.select_one("form.app-back-form")
    assert back["action"] == "/journey/your-details" and back.button.get_text() == "Back"
    fields = MultiDict([(i["name"], i["value"]) for i in back.select("input[type=hidden]")])
    details = post_page(client, back["action"], fields)
    assert details.find("input", {"name": "name"})["value"] == NAME
    assert details.find("input", {"name": "nino"})["value"] == "QQ123456C"
    assert details.find("textarea", {"name": "address"}).get_text().strip() == DETAILS["address"]


def test_a_jobcentre_claimant_is_offered_a_journal_message_after_the_questions(client):
    """Issue 16: told by Jobcentre Plus, the work coach can answer in the journal. The message
    is offered just after the questions to the provider, and not ticked for them."""
    walk(client, provider="jobcentre-plus", to="/journey/which-letters")
    page = get_page(client, "/journey/which-letters")
    offered = [box["value"] for box in page.select('input[name="letters"]')]
    at = offered.index("provider-questions")
    assert offered[at + 1] == "journal-message"
    assert "journal-message" not in checked(page, "letters")


def test_a_provider_claimant_is_not_offered_the_journal_message_first(client):
    walk(client, provider="seetec", to="/journey/which-letters")
    offered = [
        box["value"]
        for box in get_page(client, "/journey/which-letters").select('input[name="letters"]')
    ]
    assert "journal-message" not in offered
