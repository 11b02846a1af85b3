"""Save your answers on this device, and open them again (issue 15 item 3), in Chromium: the
file from the letters page opens /quick filled in, starts the reply helper where it left off
and fills in its details page. Nothing of it is kept on the server."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from browsing import PERSON, continue_button, expect_heading, follow, today_in_london, walk_claimant
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def save_answers(page: Page) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name="Save my answers (.json)").click()
    download = info.value
    assert download.suggested_filename == "sarkit-answers.json"
    with open(download.path(), "rb") as f:
        return f.read()


def open_saved(page: Page, content: bytes, summary: str) -> None:
    page.get_by_text(summary).click()
    page.get_by_label("Your saved answers file (it ends .json)").set_input_files(
        {"name": "sarkit-answers.json", "mimeType": "application/json", "buffer": content}
    )
    follow(page, page.get_by_role("button", name="Open my saved answers"))


def test_saved_answers_open_quick_filled_in_and_carry_the_reply_helper(new_context):
    page = new_context().new_page()
    walk_claimant(page)
    expect_heading(page, "Your letters")
    content = save_answers(page)
    saved = json.loads(content)
    assert saved["name"] == PERSON["name"] and "dwp-sar" in saved["letters"]

    page.goto("/")
    open_saved(page, content, "Open answers you saved before")
    expect_heading(page, "All the questions on one page")
    expect(page.get_by_label("Full name")).to_have_value(PERSON["name"])

    # Sixty days on, nothing has come: the same file starts the reply helper.
    later = {**saved, "date": (today_in_london() - timedelta(days=60)).isoformat()}
    page.goto("/replies")
    open_saved(page, json.dumps(later).encode(), "Start from answers you saved")
    expect_heading(page, "Which letter did you send?")  # three were sent: which one is this?
    page.locator("input[name='follows'][value='dwp-sar']").check()
    follow(page, continue_button(page))
    expect_heading(page, "When did you send it?")  # filled in from the file, to check
    sent = today_in_london() - timedelta(days=60)
    expect(page.locator("#sent_on-day")).to_have_value(str(sent.day))
    expect(page.locator("#sent_on-year")).to_have_value(str(sent.year))
    follow(page, continue_button(page))
    expect_heading(page, "What happened?")
    page.locator("input[name='reply'][value='no-reply']").check()
    follow(page, continue_button(page))
    expect(page.locator("h2#next")).to_be_visible()
    follow(page, continue_button(page))

    expect_heading(page, "Your details")
    open_saved(page, json.dumps(later).encode(), "Open answers you saved before")
    expect(page.get_by_text("Your saved details are filled in below")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value(PERSON["name"])
    follow(page, page.get_by_role("button", name="Make my letters"))
    expect_heading(page, "Your letters")
    expect(page.locator("textarea.app-letter-text").first).to_contain_text(PERSON["name"])
