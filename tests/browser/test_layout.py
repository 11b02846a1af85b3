"""How pages look and behave in a real browser: 320px phones, focus, the real CSP, print.

- No sideways scrolling at 320px (WCAG 1.4.10 Reflow: 1280px at 400% zoom is 320px).
- Tabbing onto links, buttons and form controls shows a focus indicator you can see, and the
  focused element is not hidden under anything (WCAG 2.4.7, 2.4.11).
- With the real Content-Security-Policy (not bypassed), pages log no errors or CSP violations
  and GOV.UK Frontend's JavaScript starts.
- Printed, the letters page leaves out the header, footer and buttons.
"""

from __future__ import annotations

import io

import pytest
from browsing import (
    NARROW,
    PAGES,
    WIDE,
    expect_errors,
    expect_heading,
    focused,
    follow,
    overflow,
    tab_to,
    walk_claimant,
    walk_replies,
)
from PIL import Image, ImageChops

pytestmark = pytest.mark.browser


class Console:
    """Everything a page says went wrong: console errors, uncaught errors, CSP violations."""

    # Runs before any page script; the CSP does not apply to scripts Playwright adds this way.
    LISTEN = """
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) => {
            window.__cspViolations.push(e.violatedDirective + " blocked "
                + (e.blockedURI || "inline") + " on " + location.pathname);
        });
    """

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(self.LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))

    def _console(self, message) -> None:
        if (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") == self.page.url
        ):
            return  # an error page's own status (404, 405…): that is what it is for
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type} on {self.page.url}: {message.text}")

    def collect(self) -> None:
        """Take the CSP violations the current page recorded."""
        self.problems += self.page.evaluate("window.__cspViolations || []")

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


# --- no sideways scrolling at 320px -----------------------------------------------------------


def test_pages_opened_by_their_address_fit_320px_and_the_real_csp_logs_nothing(new_context):
    page = new_context(viewport=NARROW).new_page()
    console = Console(page)
    wide = {}
    for path, name in PAGES.items():
        page.goto(path)
        if problem := overflow(page):
            wide[f"{name} ({path})"] = problem
        console.collect()
    assert not wide, "\n".join(f"{name}: {problem}" for name, problem in wide.items())
    console.check()


def test_the_operators_long_contact_details_fit_320px(new_context, operated_server):
    """A long organisation name, address line and email address wrap instead of widening."""
    page = new_context(base_url=operated_server, viewport=NARROW).new_page()
    console = Console(page)
    page.goto("/about")
    assert not overflow(page), overflow(page)
    console.collect()
    console.check()


def test_every_journey_page_fits_320px_and_the_real_csp_logs_nothing(new_context):
    """Both journeys, with their error pages, at 320px with JavaScript on under the real CSP
    (not bypassed). With JavaScript off they are checked at 320px in test_journey_in_browser."""
    page = new_context(viewport=NARROW).new_page()
    console = Console(page)
    wide: dict[str, str] = {}

    def visit(name: str) -> None:
        if problem := overflow(page):
            wide[name] = problem
        console.collect()

    walk_claimant(page, visit, errors=True)
    walk_replies(page, visit, errors=True)
    page.goto("/quick")
    page.locator("input[name='letters']").first.check()
    follow(page, page.get_by_role("button", name="Make the letters"))
    expect_errors(page)
    visit("the one-page form, with errors")
    assert not wide, "\n".join(f"{name}: {problem}" for name, problem in wide.items())
    console.check()


# --- visible focus ----------------------------------------------------------------------------

# Page: (what, CSS selector of the element Tab should reach). At 1280px unless it says 320px.
FOCUS_TARGETS = {
    "/": [
        ("skip link", "a.govuk-skip-link"),
        ("header link", "a.govuk-generic-header__homepage-link"),
        ("navigation link", "a.govuk-service-navigation__link[href='/sites']"),
        ("start button (a link)", "a.govuk-button--start"),
        ("link in the text", "main a.govuk-link"),
        ("footer link", "a.govuk-footer__link"),
        ("menu button at 320px", "button.govuk-service-navigation__toggle"),
    ],
    "/journey/where-you-live": [
        ("back link", "a.govuk-back-link"),
        ("radio", "input[type='radio']"),
        ("button", "button.govuk-button"),
    ],
    "/quick": [
        ("select", "select#site"),
        ("text input", "input#site_name"),
        ("textarea", "textarea#provider_address"),
        ("checkbox", "input[type='checkbox']"),
    ],
}


# What can show focus: a visible outline, a shadow, a new background or border. (A change of
# text colour alone is not enough.)
FOCUS_STYLES = ("outline", "boxShadow", "backgroundColor", "borderColor", "borderWidth")


def snapshot(page, selector: str):
    """The element's focus-related styles (for a radio or checkbox, those of its label's ::before
    and ::after, where GOV.UK draws the ring), and a picture of it with a margin round it."""
    styles = page.evaluate(
        r"""(selector) => {
            const e = document.querySelector(selector);
            const label = e.labels?.[0];
            const styled = e.matches(".govuk-radios__input, .govuk-checkboxes__input")
                ? [getComputedStyle(label, "::before"), getComputedStyle(label, "::after")]
                : [getComputedStyle(e)];
            const visible = (s) => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2
                && !/rgba\(.*, 0\)$|transparent/.test(s.outlineColor);
            return styled.map(s => ({
                outline: visible(s) ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`
                                    : "none",
                boxShadow: s.boxShadow, backgroundColor: s.backgroundColor,
                borderColor: s.borderColor, borderWidth: s.borderWidth, color: s.color,
                textDecoration: s.textDecorationLine + " " + s.textDecorationThickness,
            }));
        }""",
        selector,
    )
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} has no box"
    margin = 8
    clip = {
        "x": max(box["x"] - margin, 0),
        "y": max(box["y"] - margin, 0),
        "width": box["width"] + 2 * margin,
        "height": box["height"] + 2 * margin,
    }
    return styles, page.screenshot(clip=clip, animations="disabled")


def focus_problem(page, path: str, what: str, selector: str) -> str:
    """'' if tabbing onto `selector` shows a focus indicator, in view and not covered."""
    page.set_viewport_size(NARROW if "320px" in what else WIDE)
    page.goto(path)
    page.locator(selector).first.scroll_into_view_if_needed()
    before_styles, before = snapshot(page, selector)
    # Start tabbing from the top of the page, as a keyboard user would.
    page.evaluate("document.activeElement?.blur()")
    tab_to(page, selector)
    after_styles, after = snapshot(page, selector)

    shown = [
        f"{key}: {b[key]} -> {a[key]}"
        for b, a in zip(before_styles, after_styles, strict=True)
        for key in FOCUS_STYLES
        if a[key] != b[key] and a[key] != "none"
    ]
    if not shown:
        return (
            "focusing it changes none of its outline, box-shadow, background or border: "
            f"{after_styles}"
        )
    changed = ImageChops.difference(
        Image.open(io.BytesIO(before)).convert("RGB"), Image.open(io.BytesIO(after)).convert("RGB")
    ).convert("L")
    changed_pixels = changed.point(lambda v: 255 if v > 30 else 0).histogram()[255]
    if changed_pixels < 40:
        return f"focusing it changes only {changed_pixels} pixels"
    # WCAG 2.4.11: the focused element is in view and not covered by anything.
    covered = page.evaluate(
        """() => {
            const e = document.activeElement, r = e.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 10);
            if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return "out of view";
            const hit = document.elementFromPoint(x, y);
            return hit && (e.contains(hit) || hit.contains(e) || e.labels?.[0]?.contains(hit))
                ? "" : "covered by " + (hit ? hit.outerHTML.slice(0, 120) : "nothing");
        }"""
    )
    return f"the focused {focused(page)} is {covered}" if covered else ""


@pytest.mark.parametrize("path", FOCUS_TARGETS)
def test_tabbing_onto_links_buttons_and_fields_shows_where_focus_is(page, path):
    problems = [
        f"{what} ({selector}): {problem}"
        for what, selector in FOCUS_TARGETS[path]
        if (problem := focus_problem(page, path, what, selector))
    ]
    assert not problems, f"on {path}:\n" + "\n".join(problems)


# --- the real Content-Security-Policy ---------------------------------------------------------


def test_the_real_csp_blocks_nothing_and_govuk_frontend_starts(new_context):
    """Not bypassed: the start page and the journey's first page, at 320px so the service
    navigation's Menu button (drawn by GOV.UK Frontend's JavaScript) is in play."""
    page = new_context(viewport=NARROW).new_page()
    console = Console(page)
    response = page.goto("/")
    csp = response.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in csp and "'nonce-" in script_src, csp
    for name in ("start page", "where you live"):
        if name == "where you live":
            follow(page, page.get_by_role("button", name="Start now"))
            expect_heading(page, "Where do you live?")
        body = page.locator("body").get_attribute("class") or ""
        assert "govuk-frontend-supported" in body and "js-enabled" in body, (
            f"{name}: the nonce'd inline script did not run: body class {body!r}"
        )
        started = page.locator("[data-module='govuk-service-navigation']")
        assert started.get_attribute("data-govuk-service-navigation-init") is not None, (
            f"{name}: GOV.UK Frontend's JavaScript did not start the service navigation"
        )
        menu = page.get_by_role("button", name="Menu")
        assert menu.is_visible(), f"{name}: no Menu button at 320px"
        menu.click()
        assert page.locator(".govuk-service-navigation__list").is_visible(), (
            f"{name}: the Menu button does not open the navigation"
        )
        console.collect()
    assert page.locator("[data-module='govuk-radios'][data-govuk-radios-init]").count() == 1
    console.check()


# --- print ------------------------------------------------------------------------------------


def test_printing_the_letters_page_leaves_out_the_header_footer_and_buttons(page):
    page.goto("/quick")
    page.get_by_label("Website", exact=True).select_option("myworksearch")
    page.get_by_label("Who told them to use it").select_option("jobcentre-plus")
    page.get_by_label("England").check()
    page.get_by_label("Full name").fill("Siân O'Brien-Jones")
    page.get_by_label("Address", exact=True).fill("1 Example Street\nExampletown")
    page.get_by_label("Postcode").fill("EX1 1EX")
    page.get_by_label("National Insurance number", exact=True).fill("QQ 12 34 56 C")
    page.get_by_label("Date of birth").fill("1980-02-03")
    for letter in ("provider-questions", "dwp-sar"):
        page.locator(f"input[name='letters'][value='{letter}']").check()
    follow(page, page.get_by_role("button", name="Make the letters"))
    expect_heading(page, "Your letters")
    assert page.locator("button.govuk-button").first.is_visible()

    page.emulate_media(media="print")
    hidden = {
        "header": "header.govuk-template__header",
        "footer": "footer.govuk-template__footer",
        "skip link": ".govuk-skip-link",
        "service navigation": ".govuk-service-navigation",
        "buttons": ".govuk-button",
    }
    shown = {
        name: page.locator(selector).evaluate_all(
            "(all) => all.filter(e => e.checkVisibility()).length"
        )
        for name, selector in hidden.items()
    }
    assert not any(shown.values()), f"visible when printed: {shown}"
    # On paper the page is the letters themselves, whole, one to a page.
    printed = page.locator(".app-print-only")
    assert printed.count() == 2 and printed.first.is_visible()
    assert "Dear Sir or Madam" in page.locator("#letter-dwp-sar .app-print-only").inner_text()
    assert "Yours faithfully" in page.locator("#letter-dwp-sar .app-print-only").inner_text()
    assert not page.locator(".app-letter-text").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
