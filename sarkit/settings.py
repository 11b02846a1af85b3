"""Every setting whoever runs sarkit can make, declared once: its name, default and meaning.

The environment is read here and nowhere else (tests/test_settings.py fails if another module
reads it, and if the README's table of settings and this list disagree). The app, the command
line, the PDF renderer and gunicorn.conf.py all take their values from `read()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("SECRET_KEY", "", "Signs the session cookie; required in production."),
    Setting(
        "SARKIT_BASE_URL",
        "http://127.0.0.1:5000/",
        "The site's public address, for return links and calendars.",
    ),
    Setting("SARKIT_SECURE_COOKIES", "1", "1: the session cookie goes over HTTPS only."),
    Setting(
        "SARKIT_TRUSTED_PROXIES",
        "0",
        "How many reverse proxies set X-Forwarded-For/-Proto in front of the app.",
    ),
    Setting("SARKIT_RATE_LIMIT", "60/minute", "One download budget per client; off turns it off."),
    Setting("REDIS_URL", "", "Where the rate-limit counts are shared by every worker."),
    Setting("SARKIT_PROFILES_DIR", "", "Read profiles from another folder."),
    Setting(
        "SARKIT_REPORT_URL",
        "https://github.com/sarkit/sarkit/issues/new",
        "The project's public issue tracker: everything sent there is published.",
    ),
    Setting(
        "SARKIT_CONTRIBUTING_URL",
        "https://github.com/sarkit/sarkit/blob/main/CONTRIBUTING.md",
        "The volunteers' guide to writing and correcting the profiles.",
    ),
    Setting(
        "SARKIT_CONTACT_EMAIL",
        "",
        "Where people write privately to whoever runs this copy (default: SARKIT_ORG_EMAIL).",
    ),
    Setting("SARKIT_CONTACT_URL", "", "A contact form of whoever runs this copy (optional)."),
    Setting("SARKIT_ORG_NAME", "", "The letterhead's organisation name."),
    Setting("SARKIT_ORG_ADDRESS", "", "The letterhead's address, lines separated by |."),
    Setting("SARKIT_ORG_PHONE", "", "The letterhead's phone number."),
    Setting("SARKIT_ORG_EMAIL", "", "The letterhead's email address."),
    Setting("SARKIT_ORG_CHARITY_NUMBER", "", "The letterhead's registered charity number."),
    Setting("SARKIT_ORG_LOGO", "", "The letterhead logo's file (PNG, JPEG or SVG)."),
    Setting("SARKIT_BIND", "127.0.0.1:8000", "Where gunicorn listens."),
    Setting("WEB_CONCURRENCY", "", "gunicorn workers per instance (default: 2 per CPU)."),
    Setting("SARKIT_RENDER_SLOTS", "0", "How many documents one instance renders at once."),
    Setting("SARKIT_RENDER_SLOTS_DIR", "", "Where the render slots' lock files are."),
)
NAMES = frozenset(s.name for s in SETTINGS)


@dataclass(frozen=True)
class Settings:
    """The settings as typed values."""

    secret_key: str
    base_url: str
    secure_cookies: bool
    trusted_proxies: int
    rate_limit: str
    redis_url: str
    profiles_dir: str  # "" means the repository's site_profiles/
    report_url: str
    contributing_url: str
    contact_email: str  # "" means the letterhead's email, if any (sarkit/contact.py)
    contact_url: str
    org_name: str
    org_address: tuple[str, ...]
    org_phone: str
    org_email: str
    org_charity_number: str
    org_logo: str
    bind: str
    web_concurrency: int  # 0 means "work it out from the CPUs"
    render_slots: int
    render_slots_dir: str


def raw(name: str, environ: Mapping[str, str] | None = None) -> str:
    """One setting as text, with its declared default; an undeclared name is a mistake."""
    if name not in NAMES:
        raise KeyError(f"{name} is not a declared setting (sarkit/settings.py)")
    env = os.environ if environ is None else environ
    default = next(s.default for s in SETTINGS if s.name == name)
    return env.get(name, default).strip()


def _int(name: str, environ: Mapping[str, str] | None) -> int:
    text = raw(name, environ)
    try:
        return int(text) if text else 0
    except ValueError:
        raise ValueError(f"{name} must be a whole number (it is {text!r}).") from None


def read(environ: Mapping[str, str] | None = None) -> Settings:
    """Every setting, from the environment (or the mapping given, for tests)."""

    def get(name: str) -> str:
        return raw(name, environ)

    return Settings(
        secret_key=get("SECRET_KEY"),
        base_url=get("SARKIT_BASE_URL"),
        secure_cookies=get("SARKIT_SECURE_COOKIES") == "1",
        trusted_proxies=_int("SARKIT_TRUSTED_PROXIES", environ),
        rate_limit=get("SARKIT_RATE_LIMIT"),
        redis_url=get("REDIS_URL"),
        profiles_dir=get("SARKIT_PROFILES_DIR"),
        report_url=get("SARKIT_REPORT_URL"),
        contributing_url=get("SARKIT_CONTRIBUTING_URL"),
        contact_email=get("SARKIT_CONTACT_EMAIL"),
        contact_url=get("SARKIT_CONTACT_URL"),
        org_name=get("SARKIT_ORG_NAME"),
        org_address=tuple(x.strip() for x in get("SARKIT_ORG_ADDRESS").split("|") if x.strip()),
        org_phone=get("SARKIT_ORG_PHONE"),
        org_email=get("SARKIT_ORG_EMAIL"),
        org_charity_number=get("SARKIT_ORG_CHARITY_NUMBER"),
        org_logo=get("SARKIT_ORG_LOGO"),
        bind=get("SARKIT_BIND"),
        web_concurrency=_int("WEB_CONCURRENCY", environ),
        render_slots=_int("SARKIT_RENDER_SLOTS", environ),
        render_slots_dir=get("SARKIT_RENDER_SLOTS_DIR"),
    )
