"""Read pages the way a person sees them, with the checks every page gets for free.

After GOV.UK Notify's `client_request`: each page is parsed, and must have a title, no duplicate
ids, exactly one h1 and the line that says sarkit is independent.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from bs4 import BeautifulSoup

INDEPENDENCE_LINE = (
    "sarkit is an independent, free tool. It is not run by the Department for Work and Pensions "
    "(DWP), Jobcentre Plus, GOV.UK or any employment provider."
)


def normalise(text: str) -> str:
    """Collapse runs of whitespace, as a reader would see the text."""
    return " ".join(text.split())


def text_of(element) -> str:
    """The visible text of an element, whitespace collapsed."""
    return normalise(element.get_text(" "))


def get_page(client, url: str, status: int = 200) -> BeautifulSoup:
    """GET `url`, check its status and the page basics, and return it parsed."""
    return read_page(client.get(url), f"GET {url}", status)


def post_page(client, url: str, data, status: int = 200) -> BeautifulSoup:
    """POST `data` to `url`, check its status and the page basics, and return it parsed."""
    return read_page(client.post(url, data=data), f"POST {url}", status)


def read_page(response, what: str, status: int) -> BeautifulSoup:
    """Parse an HTML response after checking its status, then run the checks every page gets."""
    assert response.status_code == status, (
        f"{what} answered {response.status_code}, expected {status}"
    )
    assert response.mimetype == "text/html", f"{what} answered {response.mimetype}, not HTML"
    html = response.get_data(as_text=True)
    repeated = repeated_attributes(html)
    assert not repeated, f"{what}: attributes given twice (invalid HTML): {repeated[:5]}"
    page = BeautifulSoup(html, "html.parser")
    check_page(page, what)
    return page


class _AttributeCounter(HTMLParser):
    """BeautifulSoup keeps one of two same-named attributes; the standard parser gives both."""

    def __init__(self) -> None:
        super().__init__()
        self.repeated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = Counter(name for name, _ in attrs)
        self.repeated += [f"<{tag}> {name}" for name, count in names.items() if count > 1]


def repeated_attributes(html: str) -> list[str]:
    counter = _AttributeCounter()
    counter.feed(html)
    return counter.repeated


def check_page(page: BeautifulSoup, what: str) -> None:
    """The checks every page gets: title, unique ids, one h1, the independence line."""
    assert page.html is not None, f"{what}: no <html> element"
    assert page.title is not None, f"{what}: no <title>"
    title = text_of(page.title)
    assert title and not title.startswith("–"), f"{what}: the page has no title of its own"

    counts = Counter(tag["id"] for tag in page.find_all(id=True))
    duplicates = sorted(id_ for id_, count in counts.items() if count > 1)
    assert not duplicates, f"{what}: duplicate ids {duplicates}"

    headings = [text_of(h1) for h1 in page.find_all("h1")]
    assert len(headings) == 1, f"{what}: expected exactly one h1, found {headings}"

    assert INDEPENDENCE_LINE in text_of(page), f"{what}: the independence line is missing"


def csrf_token_from(page: BeautifulSoup) -> str:
    """The CSRF token of the form on a page, to post back."""
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no csrf_token field"
    return field["value"]
