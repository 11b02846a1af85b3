"""Rate limits on the expensive downloads (PDF, pack, calendar), from SARKIT_RATE_LIMIT.

Flask-Limiter keeps counts in memory, or in Redis when REDIS_URL is set so several instances
behind a load balancer share one limit. `off` turns limits off.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])
LIMITED_FORMATS = (".pdf", ".ics", ".docx")


def init_limits(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "sarkit")
    # A moving window counts the requests of the last minute, whenever they came: a fixed window
    # lets twice the limit through across a clock minute, and made tests depend on the clock.
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    limiter.init_app(app)


def _rate() -> str:
    return current_app.config["RATE_LIMIT"]


def _exempt() -> bool:
    return _rate().strip().lower() == "off" or not request.path.endswith(LIMITED_FORMATS)


limit_downloads = limiter.limit(_rate, exempt_when=_exempt, scope="downloads")
