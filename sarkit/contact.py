"""Who runs this copy of sarkit, and which way each kind of message goes.

Every page that offers a way to get in touch asks this module; the rules are here and nowhere
else (ARCHITECTURE.md, "Where each rule lives"):

- a mistake goes to the private contact when there is one; the public issue tracker is the
  second way, and only for corrections to the public profiles;
- with no private contact, the public tracker is the only way, always with a warning that
  everything there is published;
- a request for a letter in another format is about a person, so it goes to the private contact
  only, never to the public tracker.

The public tracker publishes what is typed into it, so it is never offered without the warning
(the templates' `contact_routes` macro shows it for every route marked `public`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from sarkit.letters import Letterhead

# Enough to catch a typo in a setting; the address is never checked further than this.
EMAIL = re.compile(r"[^@\s<>\"'?&,;:]+@[^@\s<>\"'?&,;:]+\.[^@\s<>\"'?&,;:]+")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Route:
    """One way to send a message: where the link goes, and what kind of place that is."""

    href: str
    kind: str  # "email" or "form" (read privately), or "public" (published for anyone)
    shown: str  # the address to show beside the link, for someone whose email app won't open

    @property
    def public(self) -> bool:
        return self.kind == "public"


@dataclass(frozen=True)
class Contact:
    """Who runs this copy (the letterhead's organisation) and how to reach them and the project."""

    operator: Letterhead
    email: str  # private: read only by whoever runs this copy
    form_url: str  # private too: their own contact form
    public_url: str  # the project's issue tracker, where everything is published
    contributing_url: str  # the volunteers' guide to the profiles

    @property
    def private(self) -> bool:
        return bool(self.email or self.form_url)

    def private_route(self, subject: str) -> Route | None:
        """Email with `subject` filled in when there is an address, else the contact form."""
        if self.email:
            href = f"mailto:{quote(self.email, safe='@')}?subject={quote(subject)}"
            return Route(href, "email", self.email)
        return Route(self.form_url, "form", self.form_url) if self.form_url else None

    def mistake_routes(self, subject: str, *, about_profiles: bool = False) -> list[Route]:
        """Where to report a mistake: the private contact first; the public tracker only for the
        public profiles, or when there is nothing else."""
        private = self.private_route(subject)
        public = [Route(self.public_url, "public", self.public_url)] if self.public_url else []
        if private is None:
            return public
        return [private, *public] if about_profiles else [private]

    def format_routes(self, subject: str) -> list[Route]:
        """Where to ask for a letter in another format: the private contact, or nowhere."""
        private = self.private_route(subject)
        return [private] if private else []


def _email(name: str, value: str) -> str:
    if value and not EMAIL.fullmatch(value):
        raise ValueError(f"{name} must be an email address (it is {value!r}).")
    return value


def _web_address(name: str, value: str) -> str:
    if value and not WEB_ADDRESS.fullmatch(value):
        raise ValueError(f"{name} must be a web address starting https:// (it is {value!r}).")
    return value


def build_contact(
    operator: Letterhead,
    *,
    email: str,
    form_url: str,
    public_url: str,
    contributing_url: str,
) -> Contact:
    """The contact routes from the settings, refusing a value no link should carry (a typo, or a
    `javascript:` address) with the setting's name."""
    letterhead_email = _email("SARKIT_ORG_EMAIL", operator.email)
    return Contact(
        operator=operator,
        # Whoever put an email on their letterhead can be reached there, unless they name another.
        email=_email("SARKIT_CONTACT_EMAIL", email) or letterhead_email,
        form_url=_web_address("SARKIT_CONTACT_URL", form_url),
        public_url=_web_address("SARKIT_REPORT_URL", public_url),
        contributing_url=_web_address("SARKIT_CONTRIBUTING_URL", contributing_url),
    )
