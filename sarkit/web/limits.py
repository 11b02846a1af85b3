"""Rate limits on the expensive requests (PDF, pack, calendar, DOCX, and reading a reply, which
may run OCR for up to a minute), from SARKIT_RATE_LIMIT.

One budget per client for every download together (a shared limit), counted in Redis when
REDIS_URL is set, so all workers and all instances count the same requests. Without Redis each
worker process counts on its own, so the real limit is the setting times the number of workers:
the log says so at start-up. The client is the address the request came from, or the one the
trusted reverse proxy reports (SARKIT_TRUSTED_PROXIES, sarkit/app.py). `off` turns limits off.

If Redis stops answering, downloads go on (counted per worker meanwhile), the error is logged
once, and /healthz reports the limit as degraded: a claimant never gets a 500 for our fault.

Each app gets its own Limiter. Flask-Limiter keeps its state on the Limiter object (which
storage, whether that storage was found dead), and init_app does not reset all of it: one
module-wide Limiter let an app made after a Redis failure count in the fallback storage for a
while and then switch back, so a budget could start again half-way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

log = logging.getLogger("sarkit.limits")
EXTENSION = "sarkit.limiter"
LIMITED_FORMATS = (".pdf", ".ics", ".docx")
# Reading an answer that was sent (a photo, a PDF) costs as much as making one: it counts too.
LIMITED_POSTS = ("/replies/read",)


def init_limits(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "sarkit")
    # A moving window counts the requests of the last minute, whenever they came: a fixed window
    # lets twice the limit through across a clock minute, and made tests depend on the clock.
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # Redis down: carry on, counting in memory, rather than failing every download.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    # An application limit is one budget across every view it is not exempt for: the downloads.
    limiter = Limiter(
        key_func=get_remote_address,
        application_limits=[_limit],
        application_limits_exempt_when=_exempt,
    )
    limiter.init_app(app)
    app.extensions[EXTENSION] = limiter
    rate = app.config["RATE_LIMIT"]
    if rate.strip().lower() != "off" and not app.config.get("REDIS_URL"):
        log.warning(
            "Rate limit %s is counted by each worker process on its own (no REDIS_URL): "
            "with N workers a client may make up to N times that many downloads.",
            rate,
        )


def limits_degraded() -> str:
    """Why the rate limit is not working as configured, or '' when it is."""
    if _rate().strip().lower() == "off" or not current_app.config.get("REDIS_URL"):
        return ""
    try:
        healthy = current_app.extensions[EXTENSION].storage.check()
    except Exception:  # any error from the storage means it cannot count
        healthy = False
    if healthy:
        return ""
    return "Redis is not answering: rate limits are counted by each worker on its own."


def _rate() -> str:
    return current_app.config["RATE_LIMIT"]


def _limit() -> str:
    # Flask-Limiter parses the limit before it asks whether the request is exempt: give it a
    # real one when limits are off (never counted, as every request is then exempt).
    return "1/second" if _rate().strip().lower() == "off" else _rate()


def _exempt() -> bool:
    if _rate().strip().lower() == "off":
        return True
    if not getattr(current_app.view_functions.get(request.endpoint or ""), COUNTED, False):
        return True
    if request.method == "POST" and request.path in LIMITED_POSTS:
        return False
    return not request.path.endswith(LIMITED_FORMATS)


COUNTED = "counts_as_download"
View = TypeVar("View", bound=Callable)


def limit_downloads(view: View) -> View:
    """Mark a view as one of the downloads: one budget for the letters, the pack, the calendars
    and reading a reply alike (the formats and posts above; the rest of the view is free)."""
    setattr(view, COUNTED, True)
    return view
