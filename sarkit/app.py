"""The Flask application factory."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from sarkit import paths, settings


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app. Config comes from `config`, then SARKIT_* environment variables."""
    app = Flask(
        "sarkit",
        template_folder=str(paths.TEMPLATES_DIR),
        static_folder=str(paths.STATIC_DIR),
        static_url_path="/static",
    )
    found = settings.read()
    app.config.update(
        SECRET_KEY=found.secret_key or None,
        MAX_CONTENT_LENGTH=64 * 1024,
        MAX_FORM_PARTS=200,
        RATE_LIMIT=found.rate_limit,
        REDIS_URL=found.redis_url or None,
        REPORT_URL=found.report_url,
        # Who runs this copy and how to reach them privately (sarkit/contact.py).
        CONTACT_EMAIL=found.contact_email,
        CONTACT_URL=found.contact_url,
        CONTRIBUTING_URL=found.contributing_url,
        PROFILES_DIR=str(paths.profiles_dir()),
        # Behind HTTPS (production), cookies are Secure; `sarkit serve` on plain HTTP sets 0.
        SESSION_COOKIE_SECURE=found.secure_cookies,
        # How many reverse proxies set X-Forwarded-For/-Proto in front of the app.
        TRUSTED_PROXIES=found.trusted_proxies,
        # The site's public address, for links that leave the page (return links, calendars):
        # never the request's Host header, which a client chooses.
        BASE_URL=found.base_url,
        # How many documents one instance renders at once, and where their locks are: set by
        # gunicorn.conf.py (sarkit/web/render_slots.py).
        RENDER_SLOTS=found.render_slots,
        RENDER_SLOTS_DIR=found.render_slots_dir,
    )
    if config:
        app.config.update(config)
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY in the environment (or use `sarkit serve` locally).")
    if not re.fullmatch(r"https?://[^/\s?#]+/?", app.config["BASE_URL"]):
        raise RuntimeError(
            f"SARKIT_BASE_URL must be the site's address, like "
            f"https://sarkit.example.org/ (it is {app.config['BASE_URL']!r})."
        )

    from sarkit import web
    from sarkit.config import letterhead_from_environment
    from sarkit.contact import build_contact
    from sarkit.profiles import load_catalogue

    letterhead = app.config.get("LETTERHEAD") or letterhead_from_environment()
    app.extensions["sarkit"] = {
        "catalogue": load_catalogue(Path(app.config["PROFILES_DIR"])),
        "letterhead": letterhead,
        # Built at start, so a mistyped contact setting stops the app instead of a page.
        "contact": build_contact(
            letterhead,
            email=app.config["CONTACT_EMAIL"],
            form_url=app.config["CONTACT_URL"],
            public_url=app.config["REPORT_URL"],
            contributing_url=app.config["CONTRIBUTING_URL"],
        ),
    }
    web.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
