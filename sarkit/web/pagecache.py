"""Pages that are the same for everyone (profiles, the start page) are rendered once.

Such a page depends only on the profiles and the settings, never on who asks; only the CSP nonce
of its one inline script changes per request, and the form token where it has a form (the start
page opens saved answers), so both are stored as placeholders and filled in for each response:
a cached token would be someone else's, and the form would fail as "session timed out". The
cache lives on the app, beside the catalogue it was rendered from, and holds no personal data
(these pages take no input of their own).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from sarkit import clock

PLACEHOLDER = "\x00nonce\x00"
TOKEN = "\x00csrf\x00"


def same_for_everyone(view: Callable) -> Callable:
    """Cache a GET view's HTML by path; the nonce is put back for each response."""

    @wraps(view)
    def cached(*args, **kwargs):
        cache = current_app.extensions["sarkit"]
        # Pages flag facts older than a year, so a new day starts an empty cache (and the old
        # day's pages are dropped rather than kept for ever). Welsh will follow.
        if cache.get("page_cache_day") != clock.today():
            cache["page_cache"], cache["page_cache_day"] = {}, clock.today()
        store = cache["page_cache"]
        key = (request.path, str(get_locale()))
        nonce = getattr(request, "csp_nonce", "")
        if key not in store:
            html = view(*args, **kwargs)
            if not isinstance(html, str) or not nonce:
                return html  # an error or a redirect: not cached
            html = html.replace(nonce, PLACEHOLDER)
            # Flask-WTF keeps the token it put in the page on g, under the field's name.
            if token := g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")):
                html = html.replace(token, TOKEN)
            store[key] = html
        page = store[key].replace(PLACEHOLDER, nonce)
        return page.replace(TOKEN, generate_csrf()) if TOKEN in page else page

    return cached
