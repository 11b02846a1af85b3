"""The open data API: the profiles as JSON, read-only, described by /api/v1/openapi.json.

Anyone may read it from anywhere (CORS is open). Snapshots of privacy pages are never served.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from sarkit.openapi import INDEX_LINKS, LICENCE, openapi_document
from sarkit.profiles import (
    FACT_NAMES,
    VALUE_LABELS,
    Catalogue,
    Fact,
    Link,
    Provider,
    Scheme,
    Site,
    Source,
    link_is_history,
)
from sarkit.web import csrf
from sarkit.web.context import catalogue

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Read-only: nothing here acts on a POST (every one gets a 405), so there is nothing for a
# CSRF token to protect, and the check would answer a stray POST with an HTML page instead.
csrf.exempt(bp)


# --- the records as JSON (the shapes are the document's components) ----------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def source_json(source: Source, cat: Catalogue) -> dict:
    seed = cat.seeds.get(source.seed) if source.seed else None
    return {
        "title": source.title,
        "url": source.url,
        "seed": (
            {
                "id": seed.id,
                "title": seed.title,
                "date": seed.date,
                "origin": seed.origin,
                "url": seed.url,
            }
            if seed
            else None
        ),
        "date": _day(source.date),
        "accessed": _day(source.accessed),
        "quote": source.quote,
    }


def fact_json(fact: Fact, cat: Catalogue) -> dict:
    return {
        "value": fact.value,
        "label": fact.label,
        "history": fact.history,
        "note": fact.note,
        "sources": [source_json(s, cat) for s in fact.sources],
    }


def scheme_json(scheme: Scheme, cat: Catalogue) -> dict:
    return {
        "name": scheme.name,
        "from": scheme.from_year,
        "until": scheme.until_year,
        "history": scheme.history,
        "note": scheme.note,
        "sources": [source_json(s, cat) for s in scheme.sources],
    }


def arrangement_json(site: Site, provider: Provider, cat: Catalogue) -> dict:
    """ "This provider told people to use this site", as both profiles say it, merged."""
    links: tuple[Link, ...] = cat.links(site, provider)
    years = [k for k in links if k.from_year or k.until_year]
    return {
        "site": site.id,
        "provider": provider.id,
        "history": link_is_history(links, site),
        "from": years[0].from_year if years else None,
        "until": years[0].until_year if years else None,
        "note": " ".join(k.note for k in links if k.note),
        "sources": [source_json(s, cat) for k in links for s in k.sources],
    }


def site_json(site: Site, cat: Catalogue) -> dict:
    return {
        "id": site.id,
        "name": site.name,
        "aliases": list(site.aliases),
        "urls": list(site.urls),
        "summary": site.summary,
        "status": {
            "value": site.status,
            "label": VALUE_LABELS.get(site.status, site.status),
            "from": _day(site.status_from),
            "until": _day(site.status_until),
            "note": site.status_note,
            "sources": [source_json(s, cat) for s in site.status_sources],
        },
        "operator": fact_json(site.operator, cat),
        "used_by": [p.id for p in cat.providers_using(site)],
        "arrangements": [arrangement_json(site, p, cat) for p in cat.providers_using(site)],
        "letters_to": site.letters_to,
        "contact": {
            "address": list(site.address) or None,
            "email": site.email,
            "web_form": site.web_form,
            "phone": None,
            "sources": [source_json(s, cat) for s in site.contact_sources],
        },
        "schemes": [scheme_json(s, cat) for s in site.schemes],
        "privacy_policy_url": site.privacy_policy_url,
        "terms_url": site.terms_url,
        "last_checked": _day(site.last_checked),
        "facts": {
            **{name: fact_json(site.facts[name], cat) for name in FACT_NAMES},
            "lawful_basis": fact_json(site.lawful_basis, cat),
        },
        "links": {"self": f"/api/v1/sites/{site.id}.json", "html": f"/sites/{site.id}"},
    }


def provider_json(provider: Provider, cat: Catalogue) -> dict:
    return {
        "id": provider.id,
        "name": provider.name,
        "aliases": list(provider.aliases),
        "summary": provider.summary,
        "history": provider.history,
        "department": provider.department,
        "nations": {
            "value": list(provider.nations.value),
            "names": list(provider.nations.names),
            "note": provider.nations.note,
            "sources": [source_json(s, cat) for s in provider.nations.sources],
        },
        "schemes": [scheme_json(s, cat) for s in provider.schemes],
        "role": fact_json(provider.role, cat),
        "lawful_basis": fact_json(provider.lawful_basis, cat),
        "sites": [s.id for s in cat.sites_used_by(provider.id)],
        "arrangements": [
            arrangement_json(s, provider, cat) for s in cat.sites_used_by(provider.id)
        ],
        "contact": {
            "address": list(provider.address) or None,
            "email": provider.email,
            "web_form": provider.web_form,
            "phone": provider.phone,
            "sources": [source_json(s, cat) for s in provider.contact_sources],
        },
        "privacy_notice_url": provider.privacy_notice_url,
        "links": {"self": None, "html": f"/sites/providers/{provider.id}"},
    }


# --- responses ----------------------------------------------------------------------------------


def json_response(data: dict, status: int = 200) -> Response:
    """JSON in the document's key order, UTF-8, cacheable for a few minutes, with an ETag."""
    body = json.dumps(data, ensure_ascii=False)
    response = Response(body + "\n", status=status, mimetype="application/json")
    if status == 200:
        response.cache_control.public = True
        response.cache_control.max_age = 300
        response.add_etag()
        response.make_conditional(request)
    return response


def not_found(message: str) -> Response:
    return json_response({"error": {"status": 404, "message": message}}, 404)


@bp.after_request
def open_to_everyone(response: Response) -> Response:
    """Open data: any web page may read it. Nothing here is personal, and nothing is written."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if "Allow" in response.headers:  # the catch-all below takes every method; we allow reading
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    response.headers["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response


@bp.get("/")
def index():
    """A person or a program that tries /api/v1/ learns where everything is."""
    return json_response(
        {
            "licence": LICENCE,
            "summary": openapi_document()["info"]["summary"],
            "links": INDEX_LINKS,
        }
    )


@bp.get("/sites.json")
def sites():
    cat = catalogue()
    return json_response(
        {"licence": LICENCE, "sites": [site_json(s, cat) for s in cat.sites.values()]}
    )


@bp.get("/sites/<site_id>.json")
def site(site_id: str):
    cat = catalogue()
    found = cat.site(site_id)
    if found is None:
        return not_found(
            f"There is no site with the id {site_id!r}. /api/v1/sites.json lists every site."
        )
    return json_response(site_json(found, cat))


@bp.get("/providers.json")
def providers():
    cat = catalogue()
    return json_response(
        {"licence": LICENCE, "providers": [provider_json(p, cat) for p in cat.providers.values()]}
    )


@bp.get("/openapi.json")
def openapi():
    return json_response(openapi_document())


# Every method we know of (QUERY is the new safe one), so that a wrong method at a real address
# gets a JSON 405 with its Allow header, rather than the site's HTML error page.
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"]


@bp.route("/<path:anything>", methods=ANY_METHOD)
def elsewhere(anything: str):
    """Any other request under /api/v1/ answers in JSON too: 405 at a real address, else 404."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(method="GET")
    except HTTPException:
        endpoint = request.endpoint
    if endpoint != request.endpoint:
        response = json_response(
            {"error": {"status": 405, "message": "The open data API is read-only: use GET."}}, 405
        )
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return not_found("There is nothing at this address. /api/v1/openapi.json describes the API.")
