"""The journeys in a real browser, as far as the PDF: with JavaScript off, and by keyboard alone.

The walks themselves (tests/browser/browsing.py) use labels, buttons and links, never typed
addresses, and check each page's heading on the way.
"""

from __future__ import annotations

import pytest
from browsing import (
    NARROW,
    PERSON,
    download_pack,
    expect_heading,
    focused,
    overflow,
    press_and_follow,
    tab_to,
    walk_claimant,
    walk_replies,
)

pytestmark = pytest.mark.browser


class FitsTheScreen:
    """A visit that notes every page wider than the screen (the phone the journey is on)."""

    def __init__(self, page):
        self.page = page
        self.wide: dict[str, str] = {}

    def __call__(self, name: str) -> None:
        if problem := overflow(self.page):
            self.wide[name] = problem

    def check(self) -> None:
        assert not self.wide, "\n".join(f"{name}: {why}" for name, why in self.wide.items())


# --- with JavaScript off, on a 320px phone ----------------------------------------------------


def test_claimant_journey_without_javascript_ends_in_a_pdf(new_context):
    """Every question, its error messages, check your answers, the letters and the PDF, with
    JavaScript off; without it every conditional question shows at once, so each page is also
    checked for sideways scrolling."""
    page = new_context(java_script_enabled=False, viewport=NARROW).new_page()
    fits = FitsTheScreen(page)
    walk_claimant(page, fits, errors=True)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    assert download_pack(page).startswith(b"%PDF")
    fits.check()


def test_reply_journey_without_javascript_ends_in_a_pdf(new_context):
    page = new_context(java_script_enabled=False, viewport=NARROW).new_page()
    fits = FitsTheScreen(page)
    walk_replies(page, fits, errors=True)
    assert download_pack(page).startswith(b"%PDF")
    fits.check()


# --- by keyboard alone ------------------------------------------------------------------------

CONTINUE = "button.govuk-button:not(.govuk-button--secondary)"


def test_claimant_journey_by_keyboard_alone(page):
    """Tab, Shift+Tab, Space, Enter and typing: no clicks, from the start page to the PDF."""
    page.goto("/")
    page.keyboard.press("Tab")
    assert "Skip to main content" in focused(page), "the skip link is not the first stop"
    tab_to(page, "a.govuk-button--start")
    press_and_follow(page, "Enter")

    expect_heading(page, "Where do you live?")
    tab_to(page, "input[name='nation']")
    assert page.evaluate("document.activeElement.value") == "england"
    page.keyboard.press("Space")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "for yourself, or helping someone?")
    tab_to(page, CONTINUE)
    # Back up to the answer: Shift+Tab lands on the radios again.
    tab_to(page, "input[name='who'][value='myself']", key="Shift+Tab")
    page.keyboard.press("Space")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "Who told you to use a job website?")
    tab_to(page, "input[name='provider']")
    assert page.evaluate("document.activeElement.value") == "jobcentre-plus"
    page.keyboard.press("Space")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "Which website were you told to use?")
    tab_to(page, "input[name='site']")
    page.keyboard.press("Space")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "What we know about")
    tab_to(page, "main a.govuk-button")
    press_and_follow(page, "Enter")

    expect_heading(page, "Which letters do you want?")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "How will you send the letter to your work coach?")
    tab_to(page, "input[name='send']")
    page.keyboard.press("Space")
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "Your details")
    tab_to(page, "#name")
    page.keyboard.type(PERSON["name"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "address", focused(page)
    page.keyboard.type(PERSON["address"])
    tab_to(page, "#postcode")
    page.keyboard.type(PERSON["postcode"])
    tab_to(page, "#nino")
    page.keyboard.type(PERSON["nino"])
    tab_to(page, "#dob-day")
    for part in PERSON["dob"]:
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    tab_to(page, "input[name='sent_method']")
    page.keyboard.press("Space")  # nothing is chosen for them: the first, first class post
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "Check your answers")
    assert "Siân O'Brien-Jones" in page.locator("main").inner_text()
    tab_to(page, CONTINUE)
    press_and_follow(page, "Enter")

    expect_heading(page, "Your letters")
    tab_to(page, "button[formaction$='/letters/pack.pdf']")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
