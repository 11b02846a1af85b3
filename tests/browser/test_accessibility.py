"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) finds nothing on any page, at 1280px and 320px.

Pages reached only by posting a form are reached the way a person reaches them, by filling in
and sending the pages before. axe-core is injected as an inline script, so these contexts bypass
the CSP; the real CSP is checked in test_layout.py. A failure names every violation with its
rule, impact, help text and the first element it was found on.
"""

from __future__ import annotations

import pytest
from browsing import (
    NARROW,
    PAGES,
    WIDE,
    axe_violations,
    continue_button,
    describe_violations,
    expect_errors,
    follow,
    walk_claimant,
    walk_replies,
)

pytestmark = pytest.mark.browser


class Auditor:
    """Runs axe-core on a page at both widths and keeps what it finds, by page."""

    def __init__(self, page, axe_source: str):
        self.page = page
        self.axe_source = axe_source
        self.found: dict[str, list[dict]] = {}
        self.seen: list[str] = []

    def __call__(self, name: str) -> None:
        self.seen.append(name)
        for label, size in (("1280px", WIDE), ("320px", NARROW)):
            self.page.set_viewport_size(size)
            violations = axe_violations(self.page, self.axe_source)
            if violations:
                self.found[f"{name} at {label} ({self.page.url})"] = violations
        self.page.set_viewport_size(WIDE)

    def check(self) -> None:
        assert not self.found, describe_violations(self.found)


@pytest.fixture
def audit(page, axe_source):
    return Auditor(page, axe_source)


def test_pages_opened_by_their_address_have_no_axe_violations(page, audit):
    """The start page, privacy, accessibility, /quick, /sites and profiles, the reply journey's
    start, and the error pages (404, 405, a broken return link), each at both widths."""
    for path, name in PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status in (200, 400, 404, 405), (path, response)
        audit(name)
    audit.check()


def test_one_page_form_with_errors_has_no_axe_violations(page, audit):
    page.goto("/quick")
    page.locator("input[name='letters']").first.check()
    follow(page, page.get_by_role("button", name="Make the letters"))
    expect_errors(page)
    audit("the one-page form, with errors")
    audit.check()


def test_session_timed_out_page_has_no_axe_violations(page, audit):
    """The error page a person sees when their session cookie has gone (a CSRF failure)."""
    page.goto("/journey/where-you-live")
    page.context.clear_cookies()
    page.get_by_label("England", exact=True).check()
    follow(page, continue_button(page))
    assert "timed out" in page.locator("h1").inner_text()
    audit("session timed out (400)")
    audit.check()


# Pages that say more when the copy's operator gave contact details (PAGES covers them without).
OPERATED_PAGES = {
    "/about": "who runs this site, with every detail given",
    "/accessibility": "accessibility statement, with a private contact",
    "/sites/myworksearch": "a site's profile, with a private contact",
}


def test_pages_with_the_operators_contact_details_have_no_axe_violations(
    new_context, operated_server, axe_source
):
    page = new_context(base_url=operated_server, bypass_csp=True).new_page()
    audit = Auditor(page, axe_source)
    for path, name in OPERATED_PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response)
        audit(name)
    audit.check()


def test_every_page_of_the_claimant_journey_has_no_axe_violations(page, audit):
    walk_claimant(page, audit, errors=True)
    assert len(audit.seen) == 13, audit.seen
    audit.check()


def test_the_pages_an_adviser_sees_differently_have_no_axe_violations(page, axe_source):
    """In adviser mode the questions say "they", the details page asks for the adviser's
    details too, and the letters start with the authority form for the person to sign."""
    audit = Auditor(page, axe_source)
    differ = {
        "who told you",
        "which site",
        "where to send",
        "your details",
        "your details, with errors",
        "check your answers",
        "letters page",
    }
    walk_claimant(
        page, lambda name: audit(name) if name in differ else None, errors=True, adviser=True
    )
    assert set(audit.seen) == differ, audit.seen
    assert page.locator("#letter-authority-to-act").count() == 1
    audit.check()


def test_every_page_of_the_reply_journey_has_no_axe_violations(page, audit):
    walk_replies(page, audit, errors=True)
    assert len(audit.seen) == 12, audit.seen
    audit.check()


# Other answers change only these pages: (the answer, days since the letter was sent).
REPLY_VARIANTS = {
    "a refusal: its date, where you stand, the letters to challenge it": ("refused-sar", 40),
    "no answer, none due yet: nothing to write": ("no-reply", 1),
    "a sanction: the decision date, the month to ask again, the reconsideration": (
        "sanctioned",
        40,
    ),
}
REPLY_PAGES_THAT_CHANGE = {
    "replies: when decided",
    "replies: when decided, with errors",
    "replies: when answered",
    "replies: when answered, with errors",
    "replies: where you stand",
    "replies: your details",
    "replies: your details, with errors",
    "replies: letters page",
}


@pytest.mark.parametrize("variant", REPLY_VARIANTS)
def test_other_answers_in_the_reply_journey_have_no_axe_violations(page, audit, variant):
    reply, sent_days_ago = REPLY_VARIANTS[variant]

    def visit(name: str) -> None:
        if name in REPLY_PAGES_THAT_CHANGE:
            audit(name)

    walk_replies(page, visit, errors=True, reply=reply, sent_days_ago=sent_days_ago)
    assert "replies: where you stand" in audit.seen, audit.seen
    audit.check()


def test_the_one_allowance_for_govuk_radios_hides_nothing_else(page, axe_source):
    """axe_violations leaves out only `aria-expanded` on a GOV.UK radio that reveals a
    question: the same attribute on a radio that reveals nothing, or another bad attribute on
    a revealing radio, is still reported."""
    page.goto("/")
    page.evaluate("""() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", `
          <div class="govuk-radios" data-module="govuk-radios"><fieldset><legend>Test</legend>
            <input class="govuk-radios__input" id="t1" name="t" type="radio" value="1"
                   aria-controls="t1-reveal" aria-expanded="false"><label for="t1">One</label>
            <div class="govuk-radios__conditional" id="t1-reveal">Revealed</div>
            <input class="govuk-radios__input" id="t2" name="t" type="radio" value="2"
                   aria-expanded="false"><label for="t2">Two</label>
            <input class="govuk-radios__input" id="t3" name="t" type="radio" value="3"
                   aria-controls="t1-reveal" aria-expanded="false" aria-selected="true">
            <label for="t3">Three</label>
          </fieldset></div>`);
    }""")
    found = axe_violations(page, axe_source)
    reported = [v for v in found if v["id"] == "aria-allowed-attr"]
    assert reported, describe_violations({"test radios": found})
    assert reported[0]["targets"] == ["#t2", "#t3"], describe_violations({"test radios": found})
