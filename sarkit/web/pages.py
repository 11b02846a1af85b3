"""Plain pages: start, privacy, accessibility, about, health."""

from flask import Blueprint, render_template

from sarkit.web.pagecache import same_for_everyone

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


@bp.get("/healthz")
def healthz():
    """ok, or degraded with what is not working; the site still answers either way (200)."""
    from sarkit.web.limits import limits_degraded

    degraded = [problem for problem in (limits_degraded(),) if problem]
    return {"status": "degraded", "degraded": degraded} if degraded else {"status": "ok"}
