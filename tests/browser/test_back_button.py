"""Back and Reload after the letters: never Chromium's "Confirm Form Resubmission" page (which
Playwright sees as net::ERR_CACHE_MISS), and nothing typed is shown again, as nothing was kept."""

from __future__ import annotations

import pytest
from browsing import PERSON, expect_heading, follow, walk_claimant

pytestmark = pytest.mark.browser


def test_back_to_the_letters_page_shows_a_page_not_a_resubmission(new_context):
    page = new_context().new_page()
    walk_claimant(page)
    expect_heading(page, "Your letters")
    page.get_by_role("link", name="Privacy").click()
    page.wait_for_load_state()
    response = page.go_back()  # raised net::ERR_CACHE_MISS before app.js replaced the entry
    assert response is not None and response.request.method == "GET"
    expect_heading(page, "Your letters were not kept")
    follow(page, page.get_by_role("button", name="Enter your details again"))
    expect_heading(page, "Your details")


def test_reloading_the_letters_page_asks_nothing_again(new_context):
    page = new_context().new_page()
    walk_claimant(page)
    response = page.reload()
    assert response is not None and response.request.method == "GET"
    expect_heading(page, "Your letters were not kept")
    assert PERSON["name"] not in page.content()
