"""The sites pages read as a person sees them: every site, every fact, its sources, and escaping."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from helpers import get_page, normalise, text_of

from sarkit import create_app, paths
from sarkit.profiles import FACT_LABELS, load_catalogue
from sarkit.web.sites import seed_date

PROFILES = paths.ROOT / "site_profiles"
CATALOGUE = load_catalogue(PROFILES)
SITE_IDS = sorted(CATALOGUE.sites)
PROVIDER_IDS = sorted(CATALOGUE.providers)
REPORT_URL = "https://example.org/report-a-mistake"


@pytest.fixture
def app():
    return create_app({"SECRET_KEY": "test-secret-key", "TESTING": True, "REPORT_URL": REPORT_URL})


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A copy of the real profiles to change for one test."""
    return Path(
        shutil.copytree(
            PROFILES, tmp_path / "site_profiles", ignore=shutil.ignore_patterns("snapshots")
        )
    )


def edit(folder: Path, rel: str, change) -> None:
    path = folder / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def client_for(folder: Path):
    return create_app(
        {
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "PROFILES_DIR": str(folder),
            "REPORT_URL": REPORT_URL,
        }
    ).test_client()


def card(page, title: str):
    """The summary card whose title is `title`."""
    cards = {
        text_of(found.select_one(".govuk-summary-card__title")): found
        for found in page.select(".govuk-summary-card")
    }
    assert title in cards, f"no card titled {title!r}; the cards are {list(cards)}"
    return cards[title]


def rows(element) -> dict[str, str]:
    """A summary list's rows as {key: value text}."""
    return {
        text_of(row.select_one(".govuk-summary-list__key")): text_of(
            row.select_one(".govuk-summary-list__value")
        )
        for row in element.select(".govuk-summary-list__row")
    }


# --- /sites -------------------------------------------------------------------------------------


def test_sites_page_lists_every_site_with_a_link(client):
    page = get_page(client, "/sites")

    assert text_of(page.h1) == "Job-search websites"
    for site in CATALOGUE.sites.values():
        link = card(page, site.name).select_one(".govuk-summary-card__title a")
        assert link["href"] == f"/sites/{site.id}"


@pytest.mark.parametrize(
    ("site_id", "status"),
    [
        ("find-a-job", "Open since 14 May 2018"),
        ("universal-jobmatch", "Closed on 14 May 2018. It opened on 19 November 2012"),
        ("myworksearch", "Not known"),
        ("avantajobs", "Not known"),
    ],
)
def test_sites_page_shows_each_sites_status_with_its_dates(client, site_id, status):
    page = get_page(client, "/sites")

    site = CATALOGUE.sites[site_id]
    assert rows(card(page, site.name))["Open or closed"] == status


def test_sites_page_says_what_each_site_is_and_when_it_was_last_checked(client):
    page = get_page(client, "/sites")

    for site in CATALOGUE.sites.values():
        shown = rows(card(page, site.name))
        assert shown["What it is"] == normalise(site.summary)
        assert shown["Last checked"] == "Not checked yet"  # no profile is checked yet


def test_sites_page_shows_the_last_check_date_once_there_is_one(profiles):
    edit(profiles, "sites/find-a-job.yaml", lambda d: d.update(last_checked=date(2026, 3, 2)))

    page = get_page(client_for(profiles), "/sites")

    assert rows(card(page, "Find a job"))["Last checked"] == "2 March 2026"


def provider_rows(page) -> dict[str, str]:
    """The providers list on /sites as {name (and any label): schemes and role}."""
    return rows(page.select_one("#provider-list"))


def test_sites_page_lists_providers_with_schemes_and_role(client):
    page = get_page(client, "/sites")

    shown = {
        name.removesuffix(" In the past"): about for name, about in provider_rows(page).items()
    }
    assert set(shown) == {p.name for p in CATALOGUE.providers.values()}
    assert shown["Seetec"] == (
        "Where: England Schemes: Restart Scheme Role for your data: Not known"
    )
    assert shown["Jobcentre Plus"] == (
        "Where: England, Wales, Scotland Schemes: Jobs and Careers "
        "Service Role for your data: Controller: it decides how "
        "your data is used"
    )
    assert shown["Avanta"].startswith("Where: England Schemes: Work Programme (in the past)")


def test_sites_page_links_and_marks_providers_that_are_history(client):
    page = get_page(client, "/sites")

    names = list(provider_rows(page))
    for provider in CATALOGUE.providers.values():
        label = f"{provider.name} In the past" if provider.history else provider.name
        assert label in names
        link = page.select_one("#provider-list").find("a", string=provider.name)
        assert link["href"] == f"/sites/providers/{provider.id}"


# --- /sites/<id> --------------------------------------------------------------------------------


@pytest.mark.parametrize("site_id", SITE_IDS)
def test_every_site_page_shows_every_fact(client, site_id):
    page = get_page(client, f"/sites/{site_id}")

    site = CATALOGUE.sites[site_id]
    assert text_of(page.h1) == site.name
    for name, label in FACT_LABELS.items():
        fact = site.lawful_basis if name == "lawful_basis" else site.facts[name]
        assert rows(card(page, label))["Answer"].startswith(fact.label)
    assert rows(card(page, "Who runs the website"))["Answer"].startswith(site.operator.label)


def test_site_page_shows_a_sources_title_link_date_and_quote(client):
    page = get_page(client, "/sites/myworksearch")

    operator = card(page, "Who runs the website")
    link = operator.find("a", string="The irony of success (the founder's blog)")
    assert link["href"] == "https://blog.alberg.co.uk/2010/02/20/the-irony-of-success/"
    sources = rows(operator)["Where this comes from"]
    assert "Dated 20 February 2010. Read on 23 November 2026." in sources
    assert text_of(operator.blockquote) == "“I started MyWorkSearch Ltd a year ago”"


def test_site_page_says_when_a_source_shows_no_date(client):
    page = get_page(client, "/sites/myworksearch")

    sources = rows(card(page, "Do you have to use it"))["Where this comes from"]
    assert "No date shown. Read on 23 November 2026." in sources


def test_site_page_labels_history_in_the_past(client):
    page = get_page(client, "/sites/myworksearch")

    answer = card(page, "Can the provider see your account").select_one(
        ".govuk-summary-list__value"
    )
    assert text_of(answer) == "Yes In the past"
    assert text_of(answer.select_one(".govuk-tag")) == "In the past"


def test_site_page_flags_a_fact_whose_newest_source_is_over_a_year_old(client):
    page = get_page(client, "/sites/myworksearch")

    age = rows(card(page, "Who runs the website"))["How old it is"]
    assert age == (
        "This information is more than a year old. The newest source is dated "
        "20 February 2010. Things may have changed since."
    )


def test_site_page_does_not_flag_a_fact_with_a_recent_source(profiles):
    recent = date.today() - timedelta(days=30)

    def recent_source(data):
        data["operator"]["sources"][0].update(date=recent, accessed=recent)

    edit(profiles, "sites/myworksearch.yaml", recent_source)

    page = get_page(client_for(profiles), "/sites/myworksearch")

    assert "How old it is" not in rows(card(page, "Who runs the website"))


def test_site_page_flags_an_undated_source_read_over_a_year_ago(profiles):
    long_ago = date.today() - timedelta(days=400)

    def undated_old_source(data):
        data["operator"]["sources"][0].update(date=None, accessed=long_ago)

    edit(profiles, "sites/myworksearch.yaml", undated_old_source)

    page = get_page(client_for(profiles), "/sites/myworksearch")

    age = rows(card(page, "Who runs the website"))["How old it is"]
    assert f"The newest source was last read on {long_ago.day} {long_ago:%B %Y}." in age


def test_site_page_says_unknown_in_plain_words(client):
    page = get_page(client, "/sites/myworksearch")

    shown = rows(card(page, "Who controls your data"))
    assert shown["Answer"] == "Not known"
    assert shown["More about this"].startswith("We have not found a source that says.")
    assert "unknown" not in text_of(page.select_one("main"))


def test_site_page_shows_the_operator_and_the_providers_that_use_it(client):
    page = get_page(client, "/sites/myworksearch")

    about = page.select_one("main .govuk-summary-list")
    # a past arrangement says so, with its years
    assert rows(about)["Who tells people to use it"] == "Jobcentre Plus (in the past, 2009 to 2011)"
    link = about.find("a", string="Jobcentre Plus")
    assert link["href"] == "/sites/providers/jobcentre-plus"
    assert rows(card(page, "Who runs the website"))["Answer"] == "MyWorkSearch Ltd In the past"


def test_site_page_links_the_privacy_policy_or_says_it_is_not_known(client):
    find_a_job = get_page(client, "/sites/find-a-job")
    myworksearch = get_page(client, "/sites/myworksearch")

    link = find_a_job.find("a", string="Read the privacy policy")
    assert link["href"] == "https://findajob.dwp.gov.uk/privacy.html"
    assert rows(find_a_job.select_one("main .govuk-summary-list"))["Terms and conditions"] == (
        "Not known"
    )
    assert rows(myworksearch.select_one("main .govuk-summary-list"))["Privacy policy"] == (
        "Not known"
    )


def test_site_page_shows_where_the_status_comes_from(client):
    page = get_page(client, "/sites/universal-jobmatch")

    status = rows(card(page, "Is it still open"))
    assert status["Answer"] == "Closed on 14 May 2018. It opened on 19 November 2012"
    assert "Universal Jobmatch (Wikipedia)" in status["Where this comes from"]


def test_site_page_shows_schemes_with_their_sources(client):
    page = get_page(client, "/sites/myworksearch")

    scheme = rows(card(page, "Support for Newly Unemployed Professionals (Jobcentre Plus)"))
    assert scheme["When"] == "Until 2011 In the past"
    assert "Common sense and practical help (the founder's blog)" in scheme["Where this comes from"]


def test_site_page_says_how_to_report_something_out_of_date(client):
    page = get_page(client, "/sites/myworksearch")

    heading = page.find("h2", string="How to report something out of date")
    assert heading is not None
    link = page.find("a", string="Report something out of date about MyWorkSearch")
    assert link["href"] == REPORT_URL


def test_site_page_reminds_people_to_keep_meeting_their_requirements(client):
    page = get_page(client, "/sites/myworksearch")

    assert "Keep doing what your work coach or claimant commitment asks" in text_of(
        page.select_one(".govuk-warning-text")
    )


def test_site_page_links_its_open_data(client):
    page = get_page(client, "/sites/find-a-job")

    assert page.find("a", string="Get it as JSON")["href"] == "/api/v1/sites/find-a-job.json"


def test_unknown_site_is_page_not_found(client):
    page = get_page(client, "/sites/no-such-site", status=404)

    assert text_of(page.h1) == "Page not found"


# --- escaping ---------------------------------------------------------------------------------

ATTACK = '<script>alert("owned")</script><img src=x onerror="alert(1)">'


def test_profile_text_is_escaped_never_run(profiles):
    def poison(data):
        data["summary"] = f"Summary {ATTACK}"
        data["operator"]["note"] = f"Note {ATTACK}"
        data["operator"]["sources"][0]["quote"] = f"Quote {ATTACK}"
        data["operator"]["sources"][0]["title"] = f"Title {ATTACK}"

    edit(profiles, "sites/myworksearch.yaml", poison)
    client = client_for(profiles)

    for url in ("/sites", "/sites/myworksearch", "/sites/providers/jobcentre-plus"):
        html = client.get(url).get_data(as_text=True)
        page = get_page(client, url)
        assert "<script>alert" not in html, url
        assert not page.select("img[onerror]"), url
        assert not [s for s in page.select("script") if "alert" in s.get_text()], url
    page = get_page(client, "/sites/myworksearch")
    assert text_of(page.select_one(".govuk-body-l")) == f"Summary {ATTACK}"
    assert text_of(card(page, "Who runs the website").blockquote) == f"“Quote {ATTACK}”"


# --- providers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("provider_id", PROVIDER_IDS)
def test_every_provider_page_shows_its_role(client, provider_id):
    page = get_page(client, f"/sites/providers/{provider_id}")

    provider = CATALOGUE.providers[provider_id]
    assert text_of(page.h1) == provider.name
    assert rows(card(page, "Its role for your data"))["Answer"].startswith(provider.role.label)


def test_provider_page_names_a_seed_source_by_its_title(client):
    page = get_page(client, "/sites/providers/jobcentre-plus")

    sources = rows(card(page, "Its role for your data"))["Where this comes from"]
    assert (
        "LMS Data Protection Compliance Guide (a document kept by the project: Jobcentre "
        "Plus staff guidance"
    ) in sources


def test_provider_page_links_the_sites_it_tells_people_to_use(client):
    page = get_page(client, "/sites/providers/jobcentre-plus")

    assert page.find("a", string="MyWorkSearch")["href"] == "/sites/myworksearch"


def test_unknown_provider_is_page_not_found(client):
    get_page(client, "/sites/providers/no-such-provider", status=404)


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("2011", "2011"),
        ("2011-11", "November 2011"),
        ("2018-02-01", "1 February 2018"),
        (None, ""),
    ],
)
def test_seed_dates_are_written_as_the_document_shows_them(shown, expected):
    assert seed_date(shown) == expected
