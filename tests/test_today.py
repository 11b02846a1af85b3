"""The world a claimant meets in December 2026: the journeys of today, and letters that all go
somewhere.

Four people walk the journey through the real app (cookies and CSRF on): one told by a work coach
to use Find a job, one given the Thrive App by Serco on the Restart Scheme, one on Connect to
Work in Buckinghamshire, one at a Jobs & Benefits office in Northern Ireland. Each gets the
profile of what is known today, with sources, and letters addressed to the body that holds the
data. Then every letter of every journey the profiles allow is built, and none may lack an
addressee.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from sarkit.answers import Adviser, Answers, AnswersError
from sarkit.documents import Addressee, to_text
from sarkit.letters import all_letters, build_letter
from sarkit.profiles import NATIONS, Fact, load_catalogue
from tests.helpers import csrf_token_from, get_page, post_page, text_of
from tests.letter_extras import extra_answers
from tests.test_journey import DETAILS, check_answers, make_letters, walk

CATALOGUE = load_catalogue()
FIRST = ("provider-questions", "dwp-sar", "dwp-foi")


def letter_rows(page, letter_id: str) -> dict[str, str]:
    section = page.find(id=f"letter-{letter_id}")
    assert section is not None, f"no {letter_id} on the letters page"
    return {text_of(row.dt): text_of(row.dd) for row in section.select(".govuk-summary-list__row")}


def about(client) -> str:
    return text_of(get_page(client, "/journey/about-the-site").main)


# --- four journeys of today ---------------------------------------------------------------------


def test_find_a_job_via_jobcentre_plus_goes_to_dwp_and_the_work_coach(client):
    walk(
        client,
        provider="jobcentre-plus",
        site="find-a-job",
        letters=(*FIRST, "site-sar", "objection"),
    )
    shown = about(client)
    assert "It depends" in shown  # people who must look for work set up an account
    assert "If you are required to look for work, you will set up an account" in shown
    page = make_letters(client, check_answers(client, DETAILS))

    for letter_id in ("dwp-sar", "site-sar"):  # DWP controls Find a job's data, not Adzuna
        sent_to = letter_rows(page, letter_id)["Send it to"]
        assert sent_to.startswith("Right of Access Requests"), sent_to
        assert "Adzuna" not in sent_to and "Jobcentre Plus" not in sent_to
    coach = letter_rows(page, "provider-questions")["Send it to"]
    assert coach == ("My work coach, Jobcentre Plus, as a message in your Universal Credit journal")
    section = page.find(id="letter-provider-questions")
    assert "The message, to copy into your journal" in text_of(section)
    message = section.find("textarea").get_text()
    # A journal message is the message alone: no address blocks for the work coach.
    assert message.startswith("Dear") or message.startswith("I ")
    assert "1 Example Street" not in message


def test_the_thrive_app_via_serco_shows_thrive_as_controller_and_writes_to_serco(client):
    walk(client, provider="serco", site="thrive-app", letters=(*FIRST, "site-sar"))
    shown = about(client)
    assert "Thrive is responsible for how and why your personal data is used" in shown
    # Serco's address is sourced, so nobody is asked for it
    assert client.get("/journey/where-to-send").status_code == 302
    page = make_letters(client, check_answers(client, DETAILS))
    assert letter_rows(page, "provider-questions")["Send it to"] == (
        "Serco, Serco House, 16 Bartley Wood Business Park, Bartley Way, Hook, Hampshire, RG27 9UY"
    )
    # the app's data is Thrive's, by its own notice: the request for it goes to Thrive
    assert letter_rows(page, "site-sar")["Send it to"] == (
        "Thrive Therapeutic Software Ltd, Data Protection Officer, Celixir House, Stratford "
        "Business & Technology Park, Innovation Way, Banbury Road, Stratford Upon Avon, "
        "Warwickshire, CV37 7GZ, dpo@thrive.uk.com"
    )


def test_northern_ireland_offers_its_own_offices_and_writes_to_the_department(client):
    walk(client, nation="northern-ireland", to="/journey/who-told-you")
    offered = [
        i["value"]
        for i in get_page(client, "/journey/who-told-you").find_all("input", {"name": "provider"})
    ]
    assert offered[0] == "jobs-and-benefits-office"
    restart = {
        p.id
        for p in CATALOGUE.providers.values()  # those known only for Restart
        if p.schemes and all(s.name == "Restart Scheme" for s in p.schemes)
    }
    assert len(restart) == 8
    assert not restart & set(offered), "Restart does not run in Northern Ireland"
    assert "jobcentre-plus" not in offered

    walk(
        client,
        nation="northern-ireland",
        provider="jobs-and-benefits-office",
        to="/journey/which-site",
    )
    sites = [
        i["value"]
        for i in get_page(client, "/journey/which-site").find_all("input", {"name": "site"})
    ]
    assert sites[0] == "universal-credit-account"  # the one its source names comes first
    walk(
        client,
        nation="northern-ireland",
        provider="jobs-and-benefits-office",
        site="universal-credit-account",
        letters=(*FIRST, "site-sar"),
    )
    page = make_letters(client, check_answers(client, DETAILS))
    for letter_id in ("dwp-sar", "site-sar"):
        assert letter_rows(page, letter_id)["Send it to"].startswith(
            "The Data Protection Officer, Department for Communities"
        )
    assert letter_rows(page, "provider-questions")["Send it to"].startswith(
        "My work coach, Jobs & Benefits office"
    )


def test_a_provider_with_no_sourced_address_is_asked_for_and_used(client):
    walk(client, provider="seetec", site="myworksearch", to="/journey/where-to-send")
    page = get_page(client, "/journey/where-to-send")
    assert text_of(page.h1) == "What is the address of Seetec?"
    assert "on their letters" in text_of(page.main)
    walk(client, provider="seetec", site="myworksearch", send_to="Seetec\n1 Work Way\nWK1 1WK")
    page = make_letters(client, check_answers(client, DETAILS))
    assert letter_rows(page, "provider-questions")["Send it to"] == (
        "Seetec, Seetec, 1 Work Way, WK1 1WK"
    )


def test_the_address_question_needs_an_answer(client):
    walk(client, provider="seetec", site="myworksearch", to="/journey/where-to-send")
    page = get_page(client, "/journey/where-to-send")
    again = post_page(
        client,
        "/journey/where-to-send",
        {"provider_address": "  ", "csrf_token": csrf_token_from(page)},
    )
    assert "Enter their address" in text_of(again.select_one(".govuk-error-summary"))


# --- no letter without an addressee, in any journey the profiles allow ---------------------------


def _journeys():
    for nation, provider, site in itertools.product(
        NATIONS, CATALOGUE.providers.values(), CATALOGUE.sites.values()
    ):
        if provider.nations.include(nation):
            yield nation, provider.id, site.id


BASE = dict(
    name="Sam Example",
    address="1 Example Street",
    postcode="EX1 1EX",
    nino="QQ123456C",
    email="sam@example.com",
)


@pytest.mark.parametrize("letter_id", sorted(all_letters()))
def test_no_letter_in_any_journey_is_made_without_an_addressee(letter_id):
    """Either the letter has somewhere to go, or it refuses, naming the field to fill in; and
    once that field is filled in, it goes there."""
    spec = all_letters()[letter_id]
    for nation, provider, site in _journeys():
        answers = Answers(
            nation=nation,
            provider=provider,
            site=site,
            **BASE,
            dob=date(1980, 2, 3),
            sent_on=date(2026, 11, 2),
            reply_on=date(2026, 11, 20),
            date=date(2026, 12, 23),  # after the first answer was due
            grounds="The note is wrong.",
            reference="R1",
            decision_on=date(2026, 11, 10),
            reply=extra_answers(letter_id).get("reply", ""),
            adviser=Adviser("Alex Adviser", "Advice Centre", "2 Advice Lane")
            if "adviser" in spec.needs
            else None,
        )
        try:
            doc = build_letter(letter_id, answers, CATALOGUE)
        except AnswersError as error:
            fields = {e.field for e in error.errors}
            assert "provider_address" in fields, (nation, provider, site, str(error))
            typed = Answers(**{**answers.__dict__, "provider_address": "1 Provider Road"})
            doc = build_letter(letter_id, typed, CATALOGUE)
        recipient: Addressee | None = doc.recipient
        if spec.to == "none":
            assert recipient is None
            continue
        assert recipient is not None and recipient.name.strip(), (nation, provider, site)
        assert recipient.reachable, (nation, provider, site, recipient)


# --- honest profiles: nothing stated without a source ---------------------------------------------


def _facts():
    for site in CATALOGUE.sites.values():
        yield f"sites/{site.id} operator", site.operator
        for name, fact in site.facts.items():
            yield f"sites/{site.id} {name}", fact
        for link in site.used_by:
            yield f"sites/{site.id} used_by {link.id}", link
    for provider in CATALOGUE.providers.values():
        yield f"providers/{provider.id} role", provider.role
        yield f"providers/{provider.id} lawful_basis", provider.lawful_basis
        yield f"providers/{provider.id} nations", provider.nations
        for link in provider.sites:
            yield f"providers/{provider.id} sites {link.id}", link


def _states_something(fact) -> bool:
    """A fact, a list of nations or a link states something unless it is unknown or empty."""
    if isinstance(fact, Fact):
        return fact.known
    return bool(getattr(fact, "value", True))


STATED = [(where, fact) for where, fact in _facts() if _states_something(fact)]


def test_the_profiles_state_facts_about_today():
    assert len(STATED) >= 62  # measured 3 December 2026; a drop means facts were lost


@pytest.mark.parametrize("where, fact", STATED, ids=[w for w, _ in STATED])
def test_every_known_fact_has_a_dated_source_with_a_quote(where, fact):
    assert fact.sources, f"{where} states something with no source"
    for source in fact.sources:
        assert source.title and (source.url or source.seed) and source.accessed, where
        assert source.quote, f"{where}: a source with no quote"


# --- Connect to Work: each area's own controller and lawful basis ---------------------------------


def test_connect_to_work_in_buckinghamshire_withdraws_consent_as_its_notice_says(client):
    walk(
        client,
        provider="buckinghamshire-council",
        site="find-a-job",
        letters=("provider-questions", "objection"),
        send_to="Connect to Work\nBuckinghamshire",
    )
    page = make_letters(client, check_answers(client, DETAILS))
    objection = text_of(page.find(id="letter-objection"))
    assert "Privacy and Connect to Work Programme (Buckinghamshire Council) says" in objection
    assert "I withdraw my consent" in objection and "Article 7(3)" in objection
    assert "Please tell me which lawful basis" not in objection  # it is sourced: no need to ask
    assert letter_rows(page, "objection")["Send it to"].startswith(
        "Buckinghamshire Council (Connect to Work), Connect to Work, Buckinghamshire"
    )


@pytest.mark.parametrize(
    "provider, says, asks",
    [
        ("buckinghamshire-council", "I withdraw my consent", False),
        (
            "west-sussex-county-council",
            "I object to this use of my data under Article 21(1)",
            False,
        ),
        ("kent-county-council", "If you rely on my consent", True),  # its basis is not sourced
    ],
)
def test_the_objection_follows_the_sourced_lawful_basis_or_asks(provider, says, asks):
    answers = Answers(
        nation="england",
        provider=provider,
        site="find-a-job",
        **BASE,
        provider_address="1 County Hall",
        date=date(2026, 12, 3),
    )
    text = " ".join(to_text(build_letter("objection", answers, CATALOGUE), wrap=False).split())
    assert says in text
    assert ("Please tell me which lawful basis" in text) is asks
    if provider == "west-sussex-county-council":
        assert "a task carried out in the public interest" in text and "6(1)(e)" in text


# --- the commonest case: a work coach and Find a job (issue 14, item 4) ------------------------


def _text(letter_id: str, **changes) -> str:
    answers = Answers(
        nation="england",
        provider="jobcentre-plus",
        site="find-a-job",
        **BASE,
        dob=date(1980, 2, 3),
        date=date(2026, 12, 3),
    )
    answers = Answers(**{**answers.__dict__, **changes})
    return " ".join(to_text(build_letter(letter_id, answers, CATALOGUE), wrap=False).split())


def test_the_work_coach_is_not_asked_whether_jobcentre_plus_is_a_joint_controller():
    text = _text("provider-questions")
    assert "joint controller" not in text
    assert "Is using Find a job mandatory for me" in text


def test_a_dwp_sar_about_jobcentre_plus_asks_for_no_data_held_for_dwp_by_dwp():
    assert "held for DWP by Jobcentre Plus" not in _text("dwp-sar")


def test_a_dwp_sar_about_a_joint_controller_provider_asks_for_what_it_holds_either_way():
    text = _text("dwp-sar", provider="serco", site="thrive-app")
    assert "as your processor or as a joint controller with you (Articles 26 and 28" in text
    assert "held for DWP by Serco" not in text
