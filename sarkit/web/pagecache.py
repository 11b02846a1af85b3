"""Pages that are the same for everyone (profiles, the start page) are rendered once.

Such a page depends only on the profiles and the settings, never on who asks; only the CSP nonce
of its one inline script changes per request, so it is stored with a placeholder and filled in.
The cache lives on the app, beside the catalogue it was rendered from, and holds no personal data
(these pages have no forms and take no input).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, request
from flask_babel import get_locale

from sarkit import clock

PLACEHOLDER = "\x00nonce\x00"


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
            store[key] = html.replace(nonce, PLACEHOLDER)
        return store[key].replace(PLACEHOLDER, nonce)

    return cached
