"""Plain pages: start, privacy, accessibility, health."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def start():
    return render_template("start.html")


@bp.get("/privacy")
def privacy():
    return render_template("privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("accessibility.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
