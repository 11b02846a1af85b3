"""The downloads as Chromium opens them: the HTML letter styled like the PDF under the real CSP."""

from __future__ import annotations

import pytest

from tests.webforms import EXAMPLE

pytestmark = pytest.mark.browser

# Posts the answers as the letters page's buttons do: a form with the page's CSRF token.
POST_FORM = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.querySelector("input[name=csrf_token]").value;
  for (const [name, value] of [...fields, ["csrf_token", token]]) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def test_the_html_letter_opens_styled_like_the_pdf_under_the_real_csp(new_context):
    """Not bypassing the CSP: the inline letter CSS applies by its hash, and nothing is
    refused (a wrong hash would leave an unstyled page and a console error)."""
    page = new_context().new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto("/quick")
    fields = [(k, v) for k, v in EXAMPLE.items() if k != "letters"] + [("letters", "erasure")]
    with page.expect_navigation():
        page.evaluate(POST_FORM, ["/letters/erasure.html", fields])
    assert page.locator("h1.subject").count() == 1
    style = page.evaluate(
        """() => {
      const s = getComputedStyle(document.querySelector("h1.subject"));
      const body = getComputedStyle(document.body);
      const address = getComputedStyle(document.querySelector("address.sender"));
      return [s.fontSize, s.fontWeight, body.maxWidth, address.textAlign];
    }"""
    )
    # 11pt bold subject, a paper-wide column, the sender on the right: letter.css, applied.
    assert style == ["14.6667px", "700", "642.52px", "right"], style
    assert not refused, refused
