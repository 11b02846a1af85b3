"""Reading their answer in a real browser, without JavaScript: paste it or choose a file, see what
it looks like, confirm, and land on "where you stand"; no axe-core violation, nothing wider than
the screen at 320px, and screenshots at 320 and 1280px (in the test's temporary folder, never
committed) for a person to look at.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from browsing import (
    NARROW,
    WIDE,
    axe_violations,
    choose,
    continue_button,
    describe_violations,
    expect_heading,
    fill_date,
    follow,
    overflow,
    today_in_london,
)

pytestmark = pytest.mark.browser

REFUSAL = (
    "DWP Central Freedom of Information Team\nOur Ref: FOI2026/12345\n{date}\nDear Sam,\n"
    "Thank you for your request. We have estimated that the cost of meeting your request would "
    "exceed the cost limit of £600. Under Section 12 of the FoI Act the Department is not "
    "therefore obliged to comply with your request."
)


def to_what_happened(page) -> None:
    page.goto("/replies/start")
    page.get_by_label("England", exact=True).check()
    follow(page, continue_button(page))
    choose(page, "follows", "dwp-foi")
    follow(page, continue_button(page))
    fill_date(page, "sent_on", today_in_london() - timedelta(days=40))
    page.get_by_label("Email").check()
    follow(page, continue_button(page))
    expect_heading(page, "What happened?")


def look(page, axe_source: str | None, name: str, shots, found: dict) -> None:
    """Screenshots at 320 and 1280px, nothing wider than the screen, and axe-core where the page
    runs scripts (axe is a script: without JavaScript the page is looked at, not audited)."""
    for label, size in (("320", NARROW), ("1280", WIDE)):
        page.set_viewport_size(size)
        if label == "320":
            assert not overflow(page), f"{name}: {overflow(page)}"
        page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        if axe_source and (violations := axe_violations(page, axe_source)):
            found[f"{name} at {label}px"] = violations


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_reading_a_pasted_answer(new_context, axe_source, tmp_path, javascript):
    # axe-core is injected inline, so that context bypasses the CSP (tested on its own elsewhere).
    page = new_context(
        java_script_enabled=javascript, viewport=WIDE, bypass_csp=javascript
    ).new_page()
    axe_source = axe_source if javascript else None
    found: dict = {}
    to_what_happened(page)
    follow(page, page.get_by_role("link", name="Paste their answer, or choose a file"))
    expect_heading(page, "Paste their answer, or choose a file")
    look(page, axe_source, "read", tmp_path, found)

    follow(page, page.get_by_role("button", name="Read their answer"))  # nothing given
    assert page.locator(".govuk-error-summary").count() == 1
    look(page, axe_source, "read-error", tmp_path, found)

    dated = today_in_london() - timedelta(days=5)
    page.get_by_label("Paste the words of their letter or email").fill(
        REFUSAL.format(date=dated.strftime("%d/%m/%Y"))
    )
    follow(page, page.get_by_role("button", name="Read their answer"))
    expect_heading(page, "They said your request would cost too much")
    assert "cost limit" in page.locator(".app-because").inner_text()
    assert "FOI2026/12345" in page.locator(".govuk-summary-list").inner_text()
    look(page, axe_source, "read-result", tmp_path, found)

    follow(page, continue_button(page))
    expect_heading(page, "They said your request would cost too much")
    assert "/replies/where-you-stand" in page.url
    assert "internal review" in page.locator(".app-where-you-stand").inner_text()
    assert not found, describe_violations(found)
    print(f"\nscreenshots in {tmp_path}")


def test_reading_a_chosen_file_without_javascript(new_context):
    page = new_context(java_script_enabled=False, viewport=NARROW).new_page()
    to_what_happened(page)
    page.goto("/replies/read")
    text = REFUSAL.format(date=today_in_london().strftime("%d %B %Y"))
    page.get_by_label("Choose a file").set_input_files(
        {"name": "their-answer.txt", "mimeType": "text/plain", "buffer": text.encode("utf-8")}
    )
    follow(page, page.get_by_role("button", name="Read their answer"))
    expect_heading(page, "They said your request would cost too much")
    assert not overflow(page)
