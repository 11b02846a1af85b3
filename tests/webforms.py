"""Posting forms the way a browser does: GET the form, keep the cookie, post the token back."""

from __future__ import annotations

from bs4 import BeautifulSoup

EXAMPLE = {
    "nation": "england",
    "site": "myworksearch",
    "provider": "seetec",
    "provider_address": "Seetec office\n1 Provider Road\nProvidertown PR1 1PR",
    "name": "Siân O'Brien-Jones",
    "address": "1 Example Street\nExampletown",
    "postcode": "EX1 1EX",
    "nino": "qq 12 34 56 c",
    "dob": "1980-02-03",
    "sent_method": "first-class",
    "date": "2026-11-20",
    "letters": ["provider-questions", "dwp-sar", "dwp-foi"],
}
ADVISER = {
    "adviser_name": "Alex Adviser",
    "adviser_organisation": "Example Advice Centre",
    "adviser_address": "3 Advice Lane\nExampletown",
    "adviser_email": "alex@example.org",
    "adviser_reference": "CASE-42",
}


def csrf_token(client, url: str = "/quick") -> str:
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return page.find("input", {"name": "csrf_token"})["value"]


def with_token(client, data: dict, url: str = "/quick") -> dict:
    return {**data, "csrf_token": csrf_token(client, url)}
