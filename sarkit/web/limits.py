"""Rate limits on the expensive requests (PDF, pack, calendar, DOCX, and reading a reply, which
may run OCR for up to a minute), from SARKIT_RATE_LIMIT.

One budget per client for every download together (a shared limit), counted in Redis when
REDIS_URL is set, so all workers and all instances count the same requests. Without Redis each
worker process counts on its own, so the real limit is the setting times the number of workers:
the log says so at start-up. The client is the address the request came from, or the one the
trusted reverse proxy reports (SARKIT_TRUSTED_PROXIES, sarkit/app.py). `off` turns limits off.

If Redis stops answering, downloads go on (counted per worker meanwhile), the error is logged
once, and /healthz reports the limit as degraded: a claimant never gets a 500 for our fault.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

log = logging.getLogger("sarkit.limits")
limiter = Limiter(key_func=get_remote_address, default_limits=[])
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
    limiter.init_app(app)
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
        healthy = limiter.storage.check()
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
    if request.method == "POST" and request.path in LIMITED_POSTS:
        return False
    return not request.path.endswith(LIMITED_FORMATS)


# One budget for the letter downloads, the pack, the calendars and reading a reply alike.
limit_downloads = limiter.shared_limit(_limit, scope="downloads", exempt_when=_exempt)
