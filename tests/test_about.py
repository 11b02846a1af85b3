"""/about says who runs this copy and how to reach them, from the settings alone; every way of
getting in touch goes where sarkit/contact.py says: the private contact first, the public tracker
only with its warning, and a letter in another format never to the public tracker."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import get_page, text_of

from sarkit import create_app, settings
from sarkit.contact import build_contact
from sarkit.letters import Letterhead

PUBLIC = "https://github.com/sarkit/sarkit/issues/new"  # SARKIT_REPORT_URL's default
OPERATOR = {
    "SARKIT_ORG_NAME": "Exampletown Welfare Rights",
    "SARKIT_ORG_ADDRESS": "1 High Street|Exampletown|EX1 1EX",
    "SARKIT_ORG_PHONE": "01234 567890",
    "SARKIT_ORG_CHARITY_NUMBER": "1234567",
    "SARKIT_CONTACT_EMAIL": "sarkit@example.org",
}
# The settings that say who runs a copy; each test starts with none of them set.
WHO_RUNS_IT = [
    s.name for s in settings.SETTINGS if s.name.startswith(("SARKIT_ORG_", "SARKIT_CONTACT_"))
]
# Pages with a way to get in touch, in both kinds of copy.
CONTACT_PAGES = ["/about", "/accessibility", "/privacy", "/sites", "/sites/myworksearch"]


@pytest.fixture
def make_client(monkeypatch):
    """A test client for a real app built from these settings, read from the environment."""

    def make(**environ: str):
        for name in WHO_RUNS_IT:
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        app = create_app(
            {"SECRET_KEY": "test-secret-key", "TESTING": True, "SESSION_COOKIE_SECURE": False}
        )
        return app.test_client()

    return make


def mailto(href: str) -> tuple[str, str]:
    """The address and subject of a mailto: link."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    return parts.path, parse_qs(parts.query)["subject"][0]


def links_to(page, href_start: str) -> list:
    return [a for a in page.select("main a[href]") if a["href"].startswith(href_start)]


# --- a copy whose operator has said nothing -----------------------------------------------------


def test_an_unconfigured_copy_says_honestly_that_no_contact_details_were_given(make_client):
    page = get_page(make_client(), "/about")
    main = text_of(page.find("main"))

    assert "Whoever runs this copy of sarkit has not said who they are." in main
    assert "has not given any contact details, so there is no private way to reach them" in main
    assert not page.select('a[href^="mailto:"]')
    for made_up in ("Telephone", "Post", "Registered charity number"):
        assert made_up not in main


def test_an_unconfigured_copy_points_to_the_public_project_with_a_warning(make_client):
    page = get_page(make_client(), "/about")

    [report] = links_to(page, PUBLIC)
    assert text_of(report) == "Report a mistake"
    warning = report.find_previous(class_="govuk-warning-text")
    assert "Everything written there is public" in text_of(warning)
    assert "National Insurance number" in text_of(warning)


# --- a copy whose operator has said who they are ------------------------------------------------


def test_a_configured_copy_names_its_operator_and_how_to_reach_them(make_client):
    page = get_page(make_client(**OPERATOR), "/about")
    main = page.find("main")

    assert "This copy of sarkit is run by Exampletown Welfare Rights." in text_of(main)
    assert "Registered charity number 1234567." in text_of(main)
    assert "01234 567890" in text_of(main)
    post = main.find("h3", string="Post").find_next("p")
    assert [line.strip() for line in post.stripped_strings] == [
        "Exampletown Welfare Rights",
        "1 High Street",
        "Exampletown",
        "EX1 1EX",
    ]
    email = main.find("h3", string="Email").find_next("a")
    assert text_of(email) == "sarkit@example.org"
    assert mailto(email["href"])[0] == "sarkit@example.org"
    assert "not given" not in text_of(main)


def test_the_letterhead_email_is_the_private_contact_when_no_other_is_named(make_client):
    page = get_page(make_client(SARKIT_ORG_EMAIL="advice@example.org"), "/about")

    email = page.find("main").find("h3", string="Email").find_next("a")
    assert mailto(email["href"])[0] == "advice@example.org"


def test_a_contact_form_alone_is_a_private_contact(make_client):
    client = make_client(SARKIT_CONTACT_URL="https://example.org/contact")
    page = get_page(client, "/sites/myworksearch")

    report = page.find("a", string="Report something out of date about MyWorkSearch")
    assert report["href"] == "https://example.org/contact"
    assert not get_page(client, "/about").select('a[href^="mailto:"]')


def test_settings_are_printed_as_text_never_as_html(make_client):
    client = make_client(
        SARKIT_ORG_NAME="<script>alert('name')</script>",
        SARKIT_ORG_ADDRESS="<b>1 Road</b>|Town",
        SARKIT_ORG_PHONE="<img src=x onerror=alert(1)>",
    )
    response = client.get("/about")
    html = response.get_data(as_text=True)
    page = get_page(client, "/about")

    assert "<script>alert" not in html and "<b>1 Road" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert "run by <script>alert('name')</script>." in text_of(page.find("main"))


# --- where each way of getting in touch goes ----------------------------------------------------


def test_report_links_go_to_the_private_contact_with_a_subject_naming_the_site(make_client):
    page = get_page(make_client(**OPERATOR), "/sites/myworksearch")

    report = page.find("a", string="Report something out of date about MyWorkSearch")
    address, subject = mailto(report["href"])
    assert address == "sarkit@example.org"
    assert "MyWorkSearch" in subject
    # The public tracker is still there for the profile, second, and warned about.
    [public] = links_to(page, PUBLIC)
    assert public.find_previous("a", href=report["href"]) is report
    assert "Everything written there is public" in text_of(
        public.find_previous(class_="govuk-warning-text")
    )


def test_with_a_private_contact_only_profile_pages_offer_the_public_tracker(make_client):
    client = make_client(**OPERATOR)

    for path in ("/privacy", "/accessibility"):
        page = get_page(client, path)
        assert links_to(page, "mailto:sarkit@example.org"), path
        assert not links_to(page, PUBLIC), path


def test_the_public_tracker_is_never_linked_without_the_warning(make_client):
    for environ in ({}, OPERATOR):
        client = make_client(**environ)
        for path in CONTACT_PAGES:
            page = get_page(client, path)
            assert not page.select(f'.govuk-footer a[href="{PUBLIC}"]'), path
            for link in page.select(f'main a[href="{PUBLIC}"]'):
                warning = link.find_parent("p").find_previous_sibling()
                assert warning is not None and "govuk-warning-text" in warning["class"], path


def test_a_letter_in_another_format_is_asked_for_privately(make_client):
    page = get_page(make_client(**OPERATOR), "/accessibility")

    ask = page.find("a", string="Ask for a letter in another format")
    address, subject = mailto(ask["href"])
    assert address == "sarkit@example.org"
    assert subject == "sarkit: a letter in another format"


def test_a_letter_in_another_format_is_never_asked_for_on_the_public_tracker(make_client):
    page = get_page(make_client(), "/accessibility")

    heading = page.find("h2", id="other-formats")
    section = []
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        section.append(element)
    assert not any(element.select("a") for element in section)
    said = " ".join(text_of(element) for element in section)
    assert "has not given a private way to contact them" in said
    assert "Do not ask for one on the sarkit project's public issue tracker" in said
    # The public tracker stays for accessibility problems with the site, warned about.
    [problem] = links_to(page, PUBLIC)
    assert text_of(problem) == "Report an accessibility problem"


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility", "/about", "/sites"])
def test_every_page_links_to_about_from_its_footer(make_client, path):
    page = get_page(make_client(), path)

    links = {text_of(a): a["href"] for a in page.select(".govuk-footer a")}
    assert links["Who runs this site"] == "/about"
    assert links["Report a mistake"] == "/about#report"


# --- settings no link should carry --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SARKIT_CONTACT_EMAIL", "not an address"),
        ("SARKIT_CONTACT_EMAIL", "a@example.org?cc=b@example.org"),
        ("SARKIT_ORG_EMAIL", "advice at example.org"),
        ("SARKIT_CONTACT_URL", "javascript:alert(1)"),
        ("SARKIT_REPORT_URL", "example.org/issues"),
    ],
)
def test_a_mistyped_contact_setting_stops_the_app_naming_the_setting(make_client, name, value):
    with pytest.raises(ValueError, match=name):
        make_client(**{name: value})


def test_the_mailto_subject_is_encoded_and_cannot_add_recipients():
    contact = build_contact(
        Letterhead(),
        email="a@example.org",
        form_url="",
        public_url=PUBLIC,
        contributing_url="",
    )
    route = contact.private_route("sarkit: Jobs & more?cc=x@example.org")

    assert route is not None and route.kind == "email"
    assert mailto(route.href) == ("a@example.org", "sarkit: Jobs & more?cc=x@example.org")
    assert "cc" not in parse_qs(urlsplit(route.href).query)
