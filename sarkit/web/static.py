"""Static files: cached for a year by browsers and proxies, busted by a content hash, compressed.

Each static URL carries `?v=<hash of the file>`, so a changed file gets a new URL and the old one
can be cached "forever". WhiteNoise serves the assets with the gzip and brotli copies the build
made; Flask-Compress compresses the pages themselves.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask
from flask_compress import Compress
from whitenoise import WhiteNoise

ONE_YEAR = 365 * 24 * 60 * 60
compress = Compress()


def init_static(app: Flask) -> None:
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default is None
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/plain",
            "application/json",
            "text/calendar",
        ],
    )
    app.config.setdefault("COMPRESS_STREAMS", False)  # pages are buffered; assets: WhiteNoise
    compress.init_app(app)
    static_folder = Path(app.static_folder)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(static_folder),
        prefix="static/",
        max_age=ONE_YEAR,
        add_headers_function=_asset_headers,
    )

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            version = _file_version(static_folder / values["filename"])
            if version:
                values["v"] = version


def _asset_headers(headers, path: str, url: str) -> None:
    """Assets bypass Flask, so they get their own copy of the security headers that apply."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"


@cache
def _file_version(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""
