"""The sites pages: what is known about each job-search website, with its sources.

/sites lists the sites and the providers; /sites/<id> shows one site's every fact and source;
/sites/providers/<id> shows one provider. Everything comes from the profiles, escaped by Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext

from sarkit import clock
from sarkit.profiles import (
    FACT_LABELS,
    FACT_NAMES,
    NATION_NAMES,
    Catalogue,
    Fact,
    Provider,
    Site,
    Source,
    link_is_history,
)
from sarkit.web.context import catalogue
from sarkit.web.pagecache import same_for_everyone

bp = Blueprint("sites", __name__)

# A fact whose newest source is older than this is flagged as old.
OLD_AFTER = timedelta(days=365)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class LinkView:
    """A site or provider at the other end of "told people to use it": past or present."""

    name: str
    url: str
    history: bool
    years: str  # "2009 to 2011", "from 2021", or ""


def _years(start: int | None, end: int | None) -> str:
    if start and end:
        return gettext("%(start)s to %(end)s", start=start, end=end)
    if start:
        return gettext("from %(start)s", start=start)
    return gettext("until %(end)s", end=end) if end else ""


def link_view(cat: Catalogue, site: Site, provider: Provider, name: str, url: str) -> LinkView:
    links = cat.links(site, provider)
    dated = next((k for k in links if k.from_year or k.until_year), None)
    return LinkView(
        name,
        url,
        link_is_history(links, site),
        _years(dated.from_year, dated.until_year) if dated else "",
    )


def providers_of(cat: Catalogue, site: Site) -> list[LinkView]:
    return [
        link_view(cat, site, p, p.name, url_for("sites.provider", provider_id=p.id))
        for p in cat.providers_using(site)
    ]


def sites_of(cat: Catalogue, provider: Provider) -> list[LinkView]:
    return [
        link_view(cat, s, provider, s.name, url_for("sites.site", site_id=s.id))
        for s in cat.sites_used_by(provider.id)
    ]


def site_nations(cat: Catalogue, site: Site) -> list[str]:
    """Where the site is used today: the nations of the providers that use it now."""
    today = [p for p in cat.providers_using(site) if not link_is_history(cat.links(site, p), site)]
    if not today or any(not p.nations.value for p in today):
        return []
    found = {n for p in today for n in p.nations.value}
    return [NATION_NAMES[n] for n in NATION_NAMES if n in found]


def today_first(cat: Catalogue) -> list[Site]:
    """The sites in use today first, then those of the past; A to Z in each."""
    return sorted(cat.sites.values(), key=lambda s: (not cat.in_use_today(s), s.name.casefold()))


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
    views.append(fact_view("lawful_basis", FACT_LABELS["lawful_basis"], site.lawful_basis, today))
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
    sites = today_first(cat)
    providers = sorted(
        cat.providers.values(), key=lambda p: (p.history, not p.department, p.name.casefold())
    )
    return render_template(
        "sites/index.html",
        sites=sites,
        providers=providers,
        users={s.id: providers_of(cat, s) for s in sites},
        nations={s.id: site_nations(cat, s) for s in sites},
        today={s.id for s in sites if cat.in_use_today(s)},
    )


@bp.get("/sites/<site_id>")
@same_for_everyone
def site(site_id: str):
    cat = catalogue()
    found = cat.site(site_id)
    if found is None:
        abort(404)
    return render_template(
        "sites/site.html",
        site=found,
        facts=site_facts(found, clock.today()),
        providers=providers_of(cat, found),
        seeds=cat.seeds,
    )


@bp.get("/sites/providers/<provider_id>")
@same_for_everyone
def provider(provider_id: str):
    cat = catalogue()
    found = cat.provider(provider_id)
    if found is None:
        abort(404)
    return render_template(
        "sites/provider.html",
        provider=found,
        role=fact_view("role", gettext("Its role for your data"), found.role, clock.today()),
        sites=sites_of(cat, found),
        seeds=cat.seeds,
        basis=fact_view(
            "lawful_basis", gettext("Lawful basis it gives"), found.lawful_basis, clock.today()
        ),
    )
