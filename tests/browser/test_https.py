"""The site as people meet it: the production server over HTTPS, in Chromium.

gunicorn runs wsgi.py with gunicorn.conf.py and a throwaway self-signed certificate, with no
test switches: Secure cookies, CSRF on, the real headers. The browser keeps its own Referer
behaviour (nothing is overridden), so a Referrer-Policy that stops the Referer a CSRF check
needs makes every form here fail, as it once did in production ("Your session timed out").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browsing import (
    PERSON,
    download_pack,
    expect_heading,
    follow,
    walk_claimant,
    walk_replies,
)
from tests.servers import free_port, gunicorn, production_env, self_signed_certificate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def https_site(tmp_path_factory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("tls")
    port = free_port()
    with gunicorn(port, production_env(), tls=self_signed_certificate(directory)):
        yield f"https://127.0.0.1:{port}"


@pytest.fixture
def https_page(browser, https_site) -> Iterator[Page]:
    context = browser.new_context(
        base_url=https_site,
        ignore_https_errors=True,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    posts: list[tuple[str, str | None, int]] = []
    page.on(
        "requestfinished",
        lambda request: (
            request.method == "POST"
            and posts.append(
                (request.url, request.headers.get("referer"), request.response().status)
            )
        ),
    )
    page.posts = posts  # what each POST sent as Referer, and what came back
    yield page
    context.close()


def assert_no_post_refused(page: Page) -> None:
    refused = [(url, status) for url, _, status in page.posts if status in (400, 403)]
    assert page.posts, "no form was posted"
    assert not refused, f"forms refused over HTTPS: {refused}"


def test_claimant_journey_over_https_ends_in_a_pdf(https_page):
    walk_claimant(https_page)
    assert download_pack(https_page).startswith(b"%PDF")
    assert_no_post_refused(https_page)
    # The browser sent our own address as Referer on each POST (Referrer-Policy: same-origin).
    assert all(
        ref and ref.startswith(https_page.url.split("/journey")[0])
        for _, ref, _ in https_page.posts
    ), https_page.posts


def test_reply_helper_over_https_ends_in_a_pdf(https_page):
    walk_replies(https_page)
    assert download_pack(https_page).startswith(b"%PDF")
    assert_no_post_refused(https_page)


def test_one_page_form_over_https_makes_the_letters(https_page):
    page = https_page
    page.goto("/quick")
    page.locator("input[name='nation'][value='england']").check()
    page.locator("select[name='site']").select_option("find-a-job")
    page.locator("select[name='provider']").select_option("jobcentre-plus")
    page.locator("input[name='name']").fill(PERSON["name"])
    page.locator("textarea[name='address']").fill(PERSON["address"])
    page.locator("input[name='postcode']").fill(PERSON["postcode"])
    page.locator("input[name='nino']").fill(PERSON["nino"])
    page.locator("input[name='dob']").fill("1980-02-03")
    page.locator("input[name='letters'][value='dwp-sar']").check()
    follow(page, page.get_by_role("button", name="Make the letters"))
    expect_heading(page, "Your letters")
    assert download_pack(page).startswith(b"%PDF")
    assert_no_post_refused(page)


def test_the_session_cookie_over_https_is_secure_httponly_and_lax(https_page):
    https_page.goto("/journey/where-you-live")
    https_page.get_by_label("England", exact=True).check()
    follow(https_page, https_page.get_by_role("button", name="Continue"))
    cookies = {c["name"]: c for c in https_page.context.cookies()}
    session = cookies["session"]
    assert (session["secure"], session["httpOnly"], session["sameSite"]) == (True, True, "Lax")


def test_a_post_from_another_site_is_refused_over_https(https_page, https_site):
    """The CSRF check still holds: a form on another origin posting here is refused."""
    page = https_page
    page.goto("/journey/where-you-live")  # a session and its cookie exist
    token = page.locator("input[name='csrf_token']").get_attribute("value")
    response = page.request.post(
        f"{https_site}/journey/where-you-live",
        form={"csrf_token": token, "nation": "england"},
        headers={"Referer": "https://evil.example/"},
        max_redirects=0,
    )
    assert response.status == 400


def test_the_copy_button_copies_each_letter_as_it_is_sent_over_https(https_page):
    """The Clipboard API works only in a secure context: this is the one people meet."""
    page = https_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    walk_claimant(page)
    boxes = page.locator("textarea.app-letter-text")
    assert boxes.count() >= 2
    for n in range(boxes.count()):
        box = boxes.nth(n)
        button = page.locator(f"button[data-copy='{box.get_attribute('id')}']")
        button.click()
        status = page.locator(f"#{button.get_attribute('data-copy-status')}")
        expect(status).to_have_text(re.compile(r"^Copied"))  # set once the clipboard answers
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == box.input_value().strip()
        # Sendable as made: no note to the sender, no blank to fill in.
        assert "Check this address" not in copied and "[" not in copied
        assert "address above" not in copied
