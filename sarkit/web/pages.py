"""Plain pages: start, privacy, accessibility, health."""

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


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
