"""The web face: Jinja loaders for the GOV.UK macros, security, errors and the blueprints."""

from __future__ import annotations

import io

from flask import Flask, Request, make_response, render_template, request
from flask_babel import Babel
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError, CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Undefined,
)
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from sarkit import paths
from sarkit.letters import long_date
from sarkit.web.static import init_static

csrf = CSRFProtect()
babel = Babel()

# Self-hosted assets only; no inline script or style except the template's nonce'd one-liner.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "browsing-topics": "()",
}
# Pages open no window another site can reach, and no other site may embed what they answer.
# The open data API (its own CORS) and static files (WhiteNoise, before Flask) are left open.
CROSS_ORIGIN = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
ERROR_STATUSES = (400, 404, 405, 413, 429, 500, 503)


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates shared by every app in the process (tests build one app each, and
    GOV.UK's macros take over a second to compile). Holds template code only, never data."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class PrintingUndefined(Undefined):
    """Undefined names may be tested but never printed.

    govuk-frontend-jinja's templates test options nobody passed (`{% if params.classes %}`),
    as Nunjucks allows, so StrictUndefined breaks every GOV.UK macro. Printing an undefined
    name is still an error, so a typo in one of our templates fails loudly instead of leaving
    a gap on the page.
    """

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()
        return ""

    __html__ = __str__


def init_app(app: Flask) -> None:
    """Wire templates, CSRF, translations, headers, error pages and blueprints onto the app."""
    app.request_class = InMemoryRequest
    app.jinja_env.undefined = PrintingUndefined
    app.jinja_env.bytecode_cache = SharedBytecodeCache()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(paths.TEMPLATES_DIR)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    babel.init_app(app, default_locale="en_GB")
    Talisman(
        app,
        force_https=False,  # the reverse proxy redirects; HSTS is still sent on HTTPS requests
        strict_transport_security=True,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        # same-origin: the browser sends a Referer to this site only, never to another. Over
        # HTTPS Flask-WTF checks that a POST's Referer is this site (WTF_CSRF_SSL_STRICT, kept
        # on: with the token and the SameSite cookie it is a third lock). "no-referrer" sent
        # none, so every form over HTTPS was refused. Our URLs never hold personal details.
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_http_only=True,
        frame_options="DENY",
    )
    # Before the CSRF check reads the body: the one page that takes a file may send more.
    app.before_request(_upload_limits)
    # After Talisman, so its before_request has made the CSP nonce before the CSRF check can
    # refuse a request: the "session timed out" page then runs its script like any other.
    csrf.init_app(app)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    init_static(app)
    app.after_request(_no_store_for_personal_pages)
    app.after_request(_cross_origin_isolation)
    _register_errors(app)
    _register_blueprints(app)
    # Every page may say how to get in touch (the footer does), so every template gets the one
    # Contact that decides where each kind of message goes (sarkit/contact.py).
    app.context_processor(lambda: {"contact": app.extensions["sarkit"]["contact"]})


class InMemoryRequest(Request):
    """Uploaded files stay in memory, whatever their size: Werkzeug would otherwise write one
    over 500 KB to a temporary file (ARCHITECTURE.md, Principle 2). Bodies are capped first by
    MAX_CONTENT_LENGTH, and on /replies/read by its own limit."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()


UPLOAD_ENDPOINTS = {"replies.read"}


def _upload_limits() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        from sarkit.web.replies import READ_MAX_BODY, READ_MAX_TEXT

        request.max_content_length = READ_MAX_BODY
        request.max_form_memory_size = READ_MAX_TEXT * 4 + 1024  # UTF-8 is up to 4 bytes a char


def _no_store_for_personal_pages(response):
    """Anything answering a POST may hold personal details: never let a browser or proxy keep it."""
    if request.method == "POST" or getattr(request, "personal", False):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _cross_origin_isolation(response):
    if not request.path.startswith("/api/"):
        for name, value in CROSS_ORIGIN.items():
            response.headers.setdefault(name, value)
    return response


# Werkzeug refuses a body over the limit without reading it. The server then closes the
# connection with the rest of the upload unread, and the kernel answers that with a reset which
# can destroy our own page on its way out: through Caddy a phone photo just over 10 MiB got a
# truncated 413. Reading (and dropping) the rest of a body up to what the proxy lets through
# (11 MB, deploy/Caddyfile) lets the page arrive whole; a bigger body is not read.
DRAIN_MAX = 12 * 1024 * 1024


def _drain_refused_body() -> None:
    remaining = min(request.content_length or 0, DRAIN_MAX)
    stream = request.environ.get("wsgi.input")
    while stream is not None and remaining > 0:
        chunk = stream.read(min(remaining, 256 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)


def _register_errors(app: Flask) -> None:
    def render_error(error: HTTPException, status: int):
        if status == 413:
            _drain_refused_body()
        response = make_response(render_template("error.html", status=status, error=error), status)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        if status in (429, 503):
            response.headers["Retry-After"] = "30"
        return response

    for status in ERROR_STATUSES:
        app.register_error_handler(status, lambda e, s=status: render_error(e, s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("error.html", status=400, error=error, csrf=True), 400


def _register_blueprints(app: Flask) -> None:
    from sarkit.web import api, journey, letters, pages, replies, sites
    from sarkit.web.limits import init_limits

    init_limits(app)
    for module in (pages, journey, letters, replies, sites, api):
        app.register_blueprint(module.bp)
