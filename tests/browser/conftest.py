"""The browser tests' fixtures: the real app on a loopback port, and one headless Chromium.

The app is served by werkzeug in a thread for the whole session (templates compile once); the
browser is Debian's Chromium (`/usr/bin/chromium`, from scripts/system-deps.sh) driven by
Playwright, launched once. Each test gets fresh contexts (cookies, viewport, JavaScript on or
off), so tests never share a session. Nothing is downloaded: `playwright install` is not used.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from sarkit import create_app
from sarkit.letters import Letterhead

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}


class QuietHandler(WSGIRequestHandler):
    """No request log on the test output."""

    def log_request(self, code="-", size="-") -> None:
        pass


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The site on a free loopback port; yields its base URL (no trailing slash)."""
    yield from serve(
        create_app(
            {"SECRET_KEY": "browser-tests", "SESSION_COOKIE_SECURE": False, "RATE_LIMIT": "off"}
        )
    )


@pytest.fixture(scope="session")
def operated_server() -> Iterator[str]:
    """A copy whose operator gave every detail (/about and the contact links then say more)."""
    yield from serve(
        create_app(
            {
                "SECRET_KEY": "browser-tests",
                "SESSION_COOKIE_SECURE": False,
                "RATE_LIMIT": "off",
                "LETTERHEAD": Letterhead(
                    name="Exampletown Welfare Rights and Advice Service",
                    address=("Unit 4, The Old Co-operative Buildings", "1 High Street", "EX1 1EX"),
                    phone="01234 567890",
                    email="advice-and-information@exampletown-welfare-rights.example.org",
                    charity_number="1234567",
                ),
                "CONTACT_URL": "https://exampletown-welfare-rights.example.org/contact",
            }
        )
    )


def serve(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/system-deps.sh` (or `make setup`),"
            " or `make test-fast` to skip the browser tests.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `make setup`).", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts for this test (closed after it): `new_context(**options)`.

    Defaults: the live server as base URL, a desktop viewport, downloads accepted.
    """
    contexts = []

    def make(**options):
        options = {
            "base_url": live_server,
            "viewport": DESKTOP,
            "accept_downloads": True,
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page with JavaScript on, at 1280px, with the CSP bypassed so axe-core can be injected.

    The real CSP is tested on its own (test_layout.py: test_the_real_csp_...).
    """
    return new_context(bypass_csp=True).new_page()
