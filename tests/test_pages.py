"""The plain pages and the page frame: what a person sees, the brand we leave out, errors, CSP."""

from __future__ import annotations

import re

import pytest
from flask import abort, render_template_string, request
from helpers import INDEPENDENCE_LINE, get_page, read_page, text_of
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.validators import InputRequired

SERVICE = "Check your job-search account"
BRAND_COLOUR = "#54319f"

PAGES = [
    ("/", "Find out who can see your job-search account"),
    ("/privacy", "Privacy: what happens to what you type"),
    ("/accessibility", "Accessibility statement for sarkit"),
    ("/about", "Who runs this site and how to contact them"),
]


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_shows_its_heading_and_is_titled_after_it(client, url, heading):
    page = get_page(client, url)

    assert text_of(page.h1) == heading
    assert text_of(page.title) == f"{heading} – {SERVICE} – sarkit"


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_says_sarkit_is_independent_at_the_top_and_in_the_footer(client, url, heading):
    page = get_page(client, url)

    banner = page.select_one(".govuk-phase-banner")
    assert "Not run by DWP, Jobcentre Plus or GOV.UK" in text_of(banner)
    assert INDEPENDENCE_LINE in text_of(page.select_one(".govuk-footer"))


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_carries_no_govuk_brand(client, url, heading):
    response = client.get(url)
    html = response.get_data(as_text=True)
    page = read_page(response, url, 200)

    assert "GDS Transport" not in html
    assert not page.select(".govuk-header, .govuk-logo, .govuk-footer__crown"), "a GOV.UK crown"
    assert not page.select(".govuk-footer__copyright-logo, .govuk-footer__licence-logo")
    assert "Crown copyright" not in text_of(page)
    assert "Open Government Licence" not in text_of(page)
    assert "govuk-icon" not in html and "govuk-crest" not in html
    header = page.select_one(".govuk-generic-header")
    assert text_of(header) == "sarkit"
    assert text_of(page.select_one(".govuk-service-navigation__service-name")) == SERVICE


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_uses_our_icons_and_colour(client, url, heading):
    page = get_page(client, url)

    assert page.find("meta", attrs={"name": "theme-color"})["content"] == BRAND_COLOUR
    icons = page.select('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')
    hrefs = sorted(link["href"] for link in icons)
    assert all("?v=" in href for href in hrefs), "static URLs carry a content hash"
    assert sorted(href.split("?")[0] for href in hrefs) == [
        "/static/images/favicon.ico",
        "/static/images/favicon.svg",
        "/static/images/icon-180.png",
        "/static/manifest.json",
    ]
    for href in hrefs:
        with client.get(href) as icon:
            assert icon.status_code == 200, f"{href} is not served: run `make assets`"
    assert not page.select('link[rel="mask-icon"]'), "GOV.UK's mask icon is still linked"


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_footer_links_to_privacy_accessibility_about_and_sites(client, url, heading):
    page = get_page(client, url)

    links = {text_of(a): a["href"] for a in page.select(".govuk-footer a")}
    assert links["Privacy"] == "/privacy"
    assert links["Accessibility statement"] == "/accessibility"
    assert links["Who runs this site"] == "/about"
    assert links["What we know about job-search websites"] == "/sites"


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_page_has_no_inline_styles_the_csp_would_block(client, url, heading):
    page = get_page(client, url)

    assert not page.find_all("style")
    assert not page.find_all(style=True)


def test_start_page_explains_the_tool_and_starts_the_journey(client):
    page = get_page(client, "/")
    main = page.find("main")

    assert "Nothing you type is kept" in text_of(main)
    assert "National Insurance number" in text_of(main)
    start = page.select_one("a.govuk-button--start")
    assert text_of(start) == "Start now"
    assert start["href"] == "/journey/where-you-live"


def test_start_page_says_keep_meeting_your_requirements(client):
    page = get_page(client, "/")

    warning = page.select_one(".govuk-warning-text")
    assert "Keep doing what your work coach or claimant commitment asks" in text_of(warning)


def test_start_page_offers_the_other_ways_in(client):
    page = get_page(client, "/")

    links = {text_of(a): a["href"] for a in page.select("main a.govuk-link")}
    assert links["I have sent a letter and want to know what to do next"] == "/replies"
    assert links["I am an adviser: use the one-page form"] == "/quick"
    assert links["See what we know about job-search websites"] == "/sites"


def test_privacy_page_says_nothing_is_kept_and_downloads_stay_on_the_device(client):
    main = text_of(get_page(client, "/privacy").find("main"))

    assert "does not keep anything you type" in main
    assert "no database" in main
    assert "saved on the phone or computer you are using" in main


def test_accessibility_statement_names_the_standard_and_how_to_report(client, app):
    page = get_page(client, "/accessibility")
    main = page.find("main")

    assert "WCAG) version 2.2 at level AA" in text_of(main)
    assert "None known yet." in text_of(main)
    report = main.find("a", string=re.compile("Report an accessibility problem"))
    assert report["href"] == app.config["REPORT_URL"]


# --- errors -------------------------------------------------------------------------------------


def test_missing_page_shows_page_not_found(client):
    page = get_page(client, "/no-such-page", status=404)

    assert text_of(page.h1) == "Page not found"
    assert page.find("a", string="Go to the start page")["href"] == "/"


def test_wrong_method_shows_the_error_page(client):
    response = client.post("/privacy")
    page = read_page(response, "POST /privacy", 405)

    assert text_of(page.h1) == "Sorry, this page cannot do that"


@pytest.mark.parametrize(
    ("status", "heading", "says"),
    [
        (400, "Sorry, something was wrong with that request", "Nothing you typed was kept"),
        (405, "Sorry, this page cannot do that", "Go back to the start"),
        (413, "The form was too big", "make your longest answers shorter"),
        (429, "Too many requests", "Wait a minute and try again"),
        (500, "Sorry, there is a problem with this tool", "Nothing you typed was kept"),
    ],
)
def test_each_error_status_renders_the_error_page(app, status, heading, says):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/test-error")
    def fail():
        if status == 500:
            raise RuntimeError("a bug")
        abort(status)

    page = read_page(app.test_client().get("/test-error"), f"status {status}", status)

    assert text_of(page.h1) == heading
    assert says in text_of(page.find("main"))
    assert text_of(page.title) == f"{heading} – {SERVICE} – sarkit"


def test_too_big_a_form_gets_the_413_page(app):
    @app.post("/test-form")
    def take_form():
        return str(len(request.form))

    big = {"answer": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    page = read_page(app.test_client().post("/test-form", data=big), "big POST", 413)

    assert text_of(page.h1) == "The form was too big"


def test_form_without_a_valid_token_explains_the_timeout(app):
    @app.post("/test-form")
    def take_form():
        return "accepted"

    page = read_page(app.test_client().post("/test-form", data={"a": "b"}), "no token", 400)

    assert text_of(page.h1) == "Your session timed out"
    main = text_of(page.find("main"))
    assert "Go back, reload the page and try again. Nothing you typed was kept." in main


# --- the page frame with a form -----------------------------------------------------------------


class NameForm(Form):
    full_name = StringField("Full name", validators=[InputRequired("Enter your full name")])


FORM_PAGE = """{% extends "base.html" %}
{% set page_title = "What is your name?" %}
{% block content %}<h1 class="govuk-heading-l">{{ page_title }}</h1>{% endblock %}"""


def test_form_errors_prefix_the_title_and_show_one_error_summary(app):
    @app.get("/test-form-page")
    def form_page():
        form = NameForm(MultiDict())
        form.validate()
        return render_template_string(FORM_PAGE, form=form)

    page = read_page(app.test_client().get("/test-form-page"), "form page", 200)

    assert text_of(page.title) == f"Error: What is your name? – {SERVICE} – sarkit"
    summaries = page.select(".govuk-error-summary")
    assert len(summaries) == 1
    assert text_of(summaries[0].h2) == "There is a problem"
    error = summaries[0].select_one(".govuk-error-summary__list a")
    assert (text_of(error), error["href"]) == ("Enter your full name", "#full_name")


def test_a_form_without_errors_leaves_the_title_and_summary_alone(app):
    @app.get("/test-form-page")
    def form_page():
        return render_template_string(FORM_PAGE, form=NameForm(MultiDict({"full_name": "Sam"})))

    page = read_page(app.test_client().get("/test-form-page"), "form page", 200)

    assert text_of(page.title) == f"What is your name? – {SERVICE} – sarkit"
    assert not page.select(".govuk-error-summary")


# --- security headers and scripts ---------------------------------------------------------------


def test_content_security_policy_is_exactly_ours_and_the_inline_script_carries_its_nonce(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce, f"no nonce in the CSP: {csp}"

    assert csp == (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce.group(1)}'; "
        "style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    page = read_page(response, "GET /", 200)
    inline = [script for script in page.find_all("script") if not script.get("src")]
    assert [script.get("nonce") for script in inline] == [nonce.group(1)]


def test_nonce_changes_with_every_response(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]

    assert first != second


def test_scripts_are_same_origin_modules_and_the_start_button_needs_none(client):
    page = get_page(client, "/")

    external = [script for script in page.find_all("script") if script.get("src")]
    assert [(s["src"].split("?")[0], s.get("type")) for s in external] == [
        ("/static/app.js", "module")
    ]
    with client.get("/static/app.js") as script:
        assert script.status_code == 200
    assert page.select_one("a.govuk-button--start") is not None  # a link, not a scripted button


def test_stylesheet_has_no_gds_transport_and_prints_without_the_frame(client):
    with client.get("/static/main.css") as response:
        assert response.status_code == 200, "main.css is not built: run `make assets`"
        css = response.get_data(as_text=True)

    assert "GDS Transport" not in css
    assert '"Helvetica Neue"' in css or "Helvetica Neue" in css
    print_rules = css[css.index("@media print{.govuk-template__header") :]
    for selector in (
        ".govuk-template__header",
        ".govuk-template__footer",
        ".govuk-back-link",
        ".govuk-button",
        "nav",
    ):
        assert selector in print_rules.split("}")[0]


def test_static_files_are_cached_for_a_year_and_compressed(client):
    page = get_page(client, "/")
    css = page.find("link", rel="stylesheet")["href"]
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
    with client.get(css, headers=browser) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] in ("br", "gzip")


def test_pages_are_compressed_too(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_pages_the_same_for_everyone_are_cached_but_keep_a_fresh_nonce(app, client):
    first, second = client.get("/sites/myworksearch"), client.get("/sites/myworksearch")
    assert first.get_data() != second.get_data()  # the nonce differs
    for response in (first, second):
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    cached = app.extensions["sarkit"]["page_cache"]
    assert any(key[0] == "/sites/myworksearch" for key in cached)
    assert all("\x00nonce\x00" in html for html in cached.values())
