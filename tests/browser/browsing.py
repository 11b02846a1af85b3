"""What the browser tests share: axe-core, layout checks, and walks through the journeys.

A walk drives a page the way a person would (labels, buttons, links; no URLs typed after the
first) and calls `visit(name)` on every page it reaches, so one walk serves the accessibility,
layout and no-JavaScript tests alike. Each walk ends on the letters page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core's tags; 2.2 added only AA rules to axe).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}

PERSON = {
    "name": "Siân O'Brien-Jones",
    "address": "1 Example Street\nExampletown",
    "postcode": "EX1 1EX",
    "nino": "QQ 12 34 56 C",
    "dob": ("3", "2", "1980"),
}

Visit = Callable[[str], None]

# Pages anyone can open by their address, and what they are.
PAGES = {
    "/": "start page",
    "/privacy": "privacy",
    "/accessibility": "accessibility statement",
    "/about": "who runs this site",
    "/card": "the card for the appointment",
    "/quick": "the one-page form",
    "/sites": "job-search websites",
    "/sites/myworksearch": "a site's profile",
    "/sites/universal-jobmatch": "a closed site's profile",
    "/sites/providers/jobcentre-plus": "a provider's profile",
    "/replies": "reply journey start",
    "/replies/start?nation=atlantis": "reply journey, a broken return link (400)",
    "/no-such-page": "404",
    "/journey/check-answers": "check your answers opened by its address (nothing kept)",
}


def nothing(_name: str) -> None:
    """A visit that checks nothing."""


# --- checks on the page as it is now ----------------------------------------------------------


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """Run axe-core on the page (WCAG 2.x A and AA); the violations, each with its first node.

    One finding is left out, and only that one: `aria-expanded` on a GOV.UK radio that reveals
    a conditional question. GOV.UK Frontend's JavaScript sets it on purpose, because screen
    readers announce it and that helps their users, although ARIA does not list it for radios
    (alphagov/govuk-frontend#979, and #2823, declined). Any other attribute axe objects to on
    such a radio, and `aria-expanded` anywhere else, still fails.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                    resultTypes: ["violations"]});
            const govukConditionalRadio = (v, node) => {
                if (v.id !== "aria-allowed-attr") return false;
                const el = document.querySelector(node.target.join(" "));
                if (!el || !el.matches("input.govuk-radios__input[type=radio][aria-controls]"))
                    return false;
                const reveal = document.getElementById(el.getAttribute("aria-controls"));
                if (!reveal || !reveal.classList.contains("govuk-radios__conditional"))
                    return false;
                const data = [...node.any, ...node.all, ...node.none].flatMap(check =>
                    Array.isArray(check.data) ? check.data : (check.data?.values || [null]));
                return data.length > 0 && data.every(d => /^aria-expanded="(true|false)"$/.test(d));
            };
            const violations = result.violations
                .map(v => ({...v, nodes: v.nodes.filter(n => !govukConditionalRadio(v, n))}))
                .filter(v => v.nodes.length > 0);
            return violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                count: v.nodes.length,
                target: v.nodes[0].target.join(" "),
                targets: v.nodes.map(n => n.target.join(" ")),
                html: v.nodes[0].html.slice(0, 200),
                summary: (v.nodes[0].failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
            }));
        }""",
        AXE_TAGS,
    )


def describe_violations(found: dict[str, list[dict]]) -> str:
    """A failure message a developer can act on without running the tests again."""
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(
                f"{where}: {v['id']} ({v['impact']}) {v['help']}\n"
                f"    first of {v['count']} node(s): {v['target']}\n"
                f"    {v['html']}\n"
                f"    {v['summary']}\n"
                f"    {v['helpUrl']}"
            )
    return "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(lines)


def overflow(page: Page) -> str:
    """'' if the page has no sideways scrolling, else its width and the elements that stick out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width <= viewport:
        return ""
    wide = page.evaluate(
        """(limit) => {
            const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                + (typeof e.className === "string" && e.className.trim()
                   ? "." + e.className.trim().split(/\\s+/).join(".") : "");
            const hidden = (e) => e.closest(".govuk-visually-hidden, [hidden]");
            const boxes = [...document.querySelectorAll("body *")]
                .filter(e => !hidden(e) && e.getBoundingClientRect().right > limit + 1)
                .map(e => name(e) + " (right edge " + Math.round(e.getBoundingClientRect().right)
                          + "px)");
            // Text that runs out of its box (a long web address) makes no box wider.
            const texts = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const parent = walker.currentNode.parentElement;
                if (!parent || hidden(parent)) continue;
                const range = document.createRange();
                range.selectNodeContents(walker.currentNode);
                const right = Math.max(0, ...[...range.getClientRects()].map(r => r.right));
                if (right > limit + 1) {
                    texts.push("text in " + name(parent) + " (right edge " + Math.round(right)
                               + "px): " + walker.currentNode.textContent.trim().slice(0, 80));
                }
            }
            return [...boxes, ...texts].slice(0, 6);
        }""",
        viewport,
    )
    return f"scrollWidth {width}px > {viewport}px; sticking out: {', '.join(wide)}"


# --- moving about -----------------------------------------------------------------------------


def follow(page: Page, target: Locator) -> None:
    """Click a link or button that loads a new page, and wait for it."""
    with page.expect_navigation():
        target.click()
    page.wait_for_load_state("load")


def press_and_follow(page: Page, key: str) -> None:
    """Press a key on the focused link or button and wait for the page it loads."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def focused(page: Page) -> str:
    """The focused element, described for a failure message."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        if (!e || e === document.body) return "nothing (the page itself)";
        const text = (e.innerText || e.value || e.getAttribute("aria-label") || "").trim();
        return e.outerHTML.split(">")[0].slice(0, 150) + "> " + text.slice(0, 60);
    }""")


def tab_to(page: Page, selector: str, *, key: str = "Tab", limit: int = 150) -> int:
    """Press Tab (or `key`) until the focused element matches `selector`; how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return presses
    raise AssertionError(
        f"{limit} presses of {key} never reached {selector!r} on {page.url}; "
        f"focus is on {focused(page)}"
    )


def heading(page: Page) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def expect_heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_contain_text(text)


def expect_errors(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:"), page.title()


def continue_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Continue", exact=True)


def choose(page: Page, name: str, value: str) -> None:
    """Tick a radio or checkbox by its value (what a person sees is its label)."""
    page.locator(f"input[name='{name}'][value='{value}']").check()


def today_in_london() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


# --- the claimant journey ---------------------------------------------------------------------


def walk_claimant(
    page: Page, visit: Visit = nothing, *, errors: bool = False, adviser: bool = False
) -> None:
    """From the start page to the letters page, with the mouse: a claimant on their own, or
    (`adviser`) an adviser acting for them. With `errors`, two pages are first sent empty to
    see their error summaries.
    """
    they = "they" if adviser else "you"
    page.goto("/")
    visit("start page")
    follow(page, page.get_by_role("button", name="Start now"))
    expect_heading(page, "Where do you live?")
    visit("where you live")
    if errors:
        follow(page, continue_button(page))
        expect_errors(page)
        visit("where you live, with an error")
    page.get_by_label("England", exact=True).check()
    follow(page, continue_button(page))

    expect_heading(page, "for yourself, or helping someone?")
    visit("who for")
    if adviser:
        page.get_by_label("I am an adviser or helper").check()
    else:
        page.get_by_label("For myself").check()
    follow(page, continue_button(page))

    expect_heading(page, f"Who told {'them' if adviser else 'you'} to use a job website?")
    visit("who told you")
    choose(page, "provider", "jobcentre-plus")
    follow(page, continue_button(page))

    expect_heading(page, f"Which website were {they} told to use?")
    visit("which site")
    choose(page, "site", "myworksearch")
    follow(page, continue_button(page))

    expect_heading(page, "What we know about MyWorkSearch")
    visit("about the site")
    follow(page, page.get_by_role("button", name="Continue"))

    expect_heading(page, "Which letters do you want?")
    visit("which letters")
    # The three letters most people start with are ticked; add the one about the site's data.
    choose(page, "letters", "site-sar")
    follow(page, continue_button(page))

    expect_heading(
        page,
        f"How will {'they' if adviser else 'you'} send the letter to "
        f"{'their' if adviser else 'your'} work coach?",
    )
    visit("where to send")
    choose(page, "send", "journal")
    follow(page, continue_button(page))

    expect_heading(page, "Their details, and yours" if adviser else "Your details")
    visit("your details")
    if errors:
        follow(page, continue_button(page))
        expect_errors(page)
        visit("your details, with errors")
    fill_details(page, adviser=adviser)
    follow(page, continue_button(page))

    expect_heading(page, "Check your answers")
    visit("check your answers")
    follow(page, page.get_by_role("button", name="Make my letters"))
    expect_heading(page, "Your letters")
    visit("letters page")


def fill_details(page: Page, *, adviser: bool = False) -> None:
    if adviser:
        page.get_by_label("Their full name").fill(PERSON["name"])
        page.get_by_label("Their address (optional)").fill(PERSON["address"])
        page.get_by_label("Their National Insurance number", exact=True).fill(PERSON["nino"])
        page.get_by_label("Your name", exact=True).fill("Alex Adviser")
        page.get_by_label("Your address", exact=True).fill("3 Advice Lane\nExampletown EX2 2EX")
    else:
        page.get_by_label("Full name").fill(PERSON["name"])
        page.get_by_label("Address", exact=True).fill(PERSON["address"])
        page.get_by_label("Postcode").fill(PERSON["postcode"])
        page.get_by_label("National Insurance number", exact=True).fill(PERSON["nino"])
    day, month, year = PERSON["dob"]
    page.locator("#dob-day").fill(day)
    page.locator("#dob-month").fill(month)
    page.locator("#dob-year").fill(year)
    # Nothing is chosen for them (GOV.UK: no radio is pre-selected), so they choose.
    page.get_by_label("First class post").check()


# --- the reply journey ------------------------------------------------------------------------


def walk_replies(
    page: Page,
    visit: Visit = nothing,
    *,
    errors: bool = False,
    reply: str = "no-reply",
    sent_days_ago: int = 60,
    answered_days_ago: int = 10,
) -> None:
    """From "I have sent a letter" to the letters page, about a request to DWP for a copy of
    your data posted first class `sent_days_ago`. With no reply 60 days on, it is late; with
    another `reply`, its date is asked too. Stops at "where you stand" if there is nothing to
    write yet. With `errors`, some pages are first sent empty to see their error summaries.
    """
    page.goto("/")
    follow(page, page.get_by_role("link", name="I have sent a letter and want to know what"))
    expect_heading(page, "I have sent a letter")
    visit("replies: start")
    follow(page, page.get_by_role("button", name="Start now"))

    expect_heading(page, "Where do you live?")
    visit("replies: where you live")
    page.get_by_label("England", exact=True).check()
    follow(page, continue_button(page))

    expect_heading(page, "Which letter did you send?")
    visit("replies: which letter")
    choose(page, "follows", "dwp-sar")
    follow(page, continue_button(page))

    expect_heading(page, "When did you send it?")
    visit("replies: when sent")
    if errors:
        follow(page, continue_button(page))
        expect_errors(page)
        visit("replies: when sent, with errors")
    fill_date(page, "sent_on", today_in_london() - timedelta(days=sent_days_ago))
    page.get_by_label("First class post").check()
    follow(page, continue_button(page))

    expect_heading(page, "What happened?")
    visit("replies: what happened")
    choose(page, "reply", reply)
    follow(page, continue_button(page))

    if reply == "sanctioned":  # a decision: the date on the decision letter instead
        expect_heading(page, "What date is on the decision letter?")
        visit("replies: when decided")
        if errors:
            follow(page, continue_button(page))
            expect_errors(page)
            visit("replies: when decided, with errors")
        fill_date(page, "decision_on", today_in_london() - timedelta(days=answered_days_ago))
        follow(page, continue_button(page))
    elif reply != "no-reply":
        expect_heading(page, "What date is on their answer?")
        visit("replies: when answered")
        if errors:
            follow(page, continue_button(page))
            expect_errors(page)
            visit("replies: when answered, with errors")
        fill_date(page, "reply_on", today_in_london() - timedelta(days=answered_days_ago))
        follow(page, continue_button(page))

    expect(page.locator("h2#next")).to_be_visible()
    visit("replies: where you stand")
    if not page.locator("input[name='letters']").count():
        return
    follow(page, continue_button(page))  # the letters to send now are ticked

    expect_heading(page, "Which website were you told to use?")
    visit("replies: website")
    choose(page, "site", "myworksearch")
    follow(page, continue_button(page))

    expect_heading(page, "Who told you to use it?")
    visit("replies: who told you")
    choose(page, "provider", "jobcentre-plus")
    follow(page, continue_button(page))

    expect_heading(page, "Your details")
    visit("replies: your details")
    if errors:
        follow(page, page.get_by_role("button", name="Make my letters"))
        expect_errors(page)
        visit("replies: your details, with errors")
    page.get_by_label("Full name").fill(PERSON["name"])
    page.get_by_label("Address", exact=True).fill(PERSON["address"])
    page.get_by_label("Postcode").fill(PERSON["postcode"])
    nino = page.locator("input[name='nino']")
    if nino.count():
        nino.fill(PERSON["nino"])
    if page.locator("#dob-day").count():
        day, month, year = PERSON["dob"]
        fill_date(page, "dob", date(int(year), int(month), int(day)))
    follow(page, page.get_by_role("button", name="Make my letters"))
    expect_heading(page, "Your letters")
    visit("replies: letters page")


def fill_date(page: Page, name: str, day: date) -> None:
    """Type a date into GOV.UK's three boxes (day, month, year)."""
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def download_pack(page: Page) -> bytes:
    """Press "Download all the letters (PDF)" on the letters page; the file's bytes."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Download all the letters (PDF)").click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as f:
        return f.read()
