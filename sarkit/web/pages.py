"""Plain pages: start, privacy, accessibility, about, the appointment card, health."""

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import get_locale

from sarkit.rendering import html_to_pdf
from sarkit.web.pagecache import same_for_everyone
from sarkit.web.render_slots import render_slot

bp = Blueprint("pages", __name__)


@bp.get("/")
@same_for_everyone
def start():
    return render_template("start.html")


@bp.get("/privacy")
@same_for_everyone
def privacy():
    return render_template("privacy.html")


@bp.get("/accessibility")
@same_for_everyone
def accessibility():
    return render_template("accessibility.html")


@bp.get("/about")
@same_for_everyone
def about():
    """Who runs this copy and how to reach them: all from `contact`, which every page has."""
    return render_template("about.html")


@bp.get("/card")
@same_for_everyone
def card():
    """What to ask at the appointment where they tell you to register: the same for everyone."""
    return render_template("card/page.html")


@bp.get("/card.pdf")
def card_pdf():
    """The card as an A6 PDF. It holds no personal data, so it is made once per language and
    address and kept: a GET anyone can repeat costs one lookup, not a render."""
    site_url = current_app.config["BASE_URL"] or request.host_url
    site_url = site_url.split("://", 1)[-1].rstrip("/")
    key = ("card.pdf", str(get_locale()), site_url)
    store = current_app.extensions["sarkit"].setdefault("card_cache", {})
    if key not in store:
        html = render_template("card/print.html", lang=str(get_locale()), site_url=site_url)
        with render_slot():
            store[key] = html_to_pdf(html)
    response = Response(store[key], mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="when-told-to-register.pdf"'
    return response


@bp.get("/healthz")
def healthz():
    """ok, or degraded with what is not working; the site still answers either way (200)."""
    from sarkit.web.limits import limits_degraded

    degraded = [problem for problem in (limits_degraded(),) if problem]
    return {"status": "degraded", "degraded": degraded} if degraded else {"status": "ok"}
