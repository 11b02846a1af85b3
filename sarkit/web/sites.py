"""The sites pages: what is known about each job-search website, with its sources.

/sites lists the sites and the providers; /sites/<id> shows one site's every fact and source;
/sites/providers/<id> shows one provider. Everything comes from the profiles, escaped by Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext

from sarkit.profiles import FACT_LABELS, FACT_NAMES, Fact, Site, Source
from sarkit.web.letters import catalogue
from sarkit.web.pagecache import same_for_everyone

bp = Blueprint("sites", __name__)

# A fact whose newest source is older than this is flagged as old.
OLD_AFTER = timedelta(days=365)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def source_as_of(source: Source) -> tuple[date, bool] | None:
    """When a source last vouched for its fact: its own date, or else the day it was read.

    The flag says which: True when it is the day a volunteer read a source that shows no date.
    """
    if source.date:
        return source.date, False
    if source.accessed:
        return source.accessed, True
    return None


@dataclass(frozen=True)
class FactView:
    """A fact as a page shows it: its question, and how old its newest source is."""

    key: str
    label: str
    fact: Fact
    as_of: date | None
    as_of_is_read_date: bool
    old: bool


def fact_view(key: str, label: str, fact: Fact, today: date) -> FactView:
    dated = [d for d in map(source_as_of, fact.sources) if d]
    newest, read = max(dated, key=lambda d: d[0]) if dated else (None, False)
    old = newest is not None and today - newest > OLD_AFTER
    return FactView(key, label, fact, newest, read, old)


def site_facts(site: Site, today: date) -> list[FactView]:
    """Who runs it, then the five facts in their fixed order."""
    views = [fact_view("operator", gettext("Who runs the website"), site.operator, today)]
    views += [fact_view(name, FACT_LABELS[name], site.facts[name], today) for name in FACT_NAMES]
    return views


def seed_date(text: str | None) -> str:
    """A seed's date as the document shows it: 2011, November 2011 or 1 February 2018."""
    if not text:
        return ""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


@bp.context_processor
def helpers() -> dict:
    return {"seed_date": seed_date}


@bp.get("/sites")
@same_for_everyone
def index():
    cat = catalogue()
    return render_template("sites/index.html", sites=list(cat.sites.values()),
                           providers=list(cat.providers.values()),
                           report_url=current_app.config["REPORT_URL"])


@bp.get("/sites/<site_id>")
@same_for_everyone
def site(site_id: str):
    cat = catalogue()
    found = cat.site(site_id)
    if found is None:
        abort(404)
    return render_template(
        "sites/site.html", site=found, facts=site_facts(found, date.today()),
        providers=cat.providers_using(found), seeds=cat.seeds,
        report_url=current_app.config["REPORT_URL"],
    )


@bp.get("/sites/providers/<provider_id>")
@same_for_everyone
def provider(provider_id: str):
    cat = catalogue()
    found = cat.provider(provider_id)
    if found is None:
        abort(404)
    return render_template(
        "sites/provider.html", provider=found,
        role=fact_view("role", gettext("Its role for your data"), found.role, date.today()),
        sites=cat.sites_used_by(found.id), seeds=cat.seeds,
        report_url=current_app.config["REPORT_URL"],
    )
