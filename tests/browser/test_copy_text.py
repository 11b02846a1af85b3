"""The letter's text without JavaScript: no copy button, and the box can still be selected.

The copy button itself is tested over HTTPS (test_https.py), where the Clipboard API works.
"""

from __future__ import annotations

import pytest
from browsing import expect_heading, walk_claimant

pytestmark = pytest.mark.browser


def test_without_javascript_there_is_no_copy_button_and_the_text_can_be_selected(new_context):
    page = new_context(java_script_enabled=False).new_page()
    walk_claimant(page)
    expect_heading(page, "Your letters")
    box = page.locator("textarea.app-letter-text").first
    assert box.is_visible() and box.get_attribute("readonly") is not None
    assert not page.get_by_role("button", name="Copy the text").first.is_visible()
    # Selecting by hand still works on a read-only box.
    box.focus()
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "(() => { const b = document.activeElement;"
        " return b.value.substring(b.selectionStart, b.selectionEnd); })()"
    )
    assert selected.strip() == box.input_value().strip() and selected
