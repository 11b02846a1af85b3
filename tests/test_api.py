"""The open data API answers what its own OpenAPI document says, and nothing more."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sarkit import create_app, paths
from sarkit.openapi import openapi_document
from sarkit.profiles import FACT_NAMES, load_catalogue

PROFILES = paths.ROOT / "site_profiles"
CATALOGUE = load_catalogue(PROFILES)
DOCUMENT_URI = "urn:sarkit:openapi"


# The schema is loaded once, from an app built for this module (schemathesis reads the document
# at collection time). schemathesis.pytest.from_fixture would take the per-test app instead, but
# it reads `request.node._nodeid`, which pytest 9 no longer has.
API_APP = create_app({"SECRET_KEY": "test-secret-key", "TESTING": True})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", API_APP)


def validator_for(component: str, document: dict) -> Draft202012Validator:
    """A validator for one of the document's component schemas, with its $refs resolved."""
    resource = Resource(contents=document, specification=DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    return Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#/components/schemas/{component}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def problems(instance, component: str, document: dict) -> list[str]:
    errors = validator_for(component, document).iter_errors(instance)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, f"GET {url} answered {response.status_code}"
    assert response.mimetype == "application/json", f"GET {url} answered {response.mimetype}"
    return response.get_json()


# --- schemathesis: every operation, generated requests, every default check ---------------------


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_api_answers_as_its_openapi_document_says(case):
    # schemathesis asks for gzip like a browser, but its WSGI transport hands back the bytes
    # without undoing Content-Encoding (an HTTP client would), so ask for the plain body.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


# --- jsonschema: each response against the document's component schemas ------------------------


@pytest.mark.parametrize(
    ("url", "component"),
    [
        ("/api/v1/", "Index"),
        ("/api/v1/sites.json", "SiteList"),
        ("/api/v1/providers.json", "ProviderList"),
        ("/api/v1/sites/no-such-site.json", "Error"),
        *[(f"/api/v1/sites/{site_id}.json", "Site") for site_id in sorted(CATALOGUE.sites)],
    ],
)
def test_response_matches_its_component_schema(client, url, component):
    document = get_json(client, "/api/v1/openapi.json")
    data = get_json(client, url, 404 if component == "Error" else 200)

    assert problems(data, component, document) == []


def test_served_document_is_the_one_in_the_code(client):
    assert get_json(client, "/api/v1/openapi.json") == openapi_document()


def test_document_is_openapi_3_1_with_the_data_licence(client):
    document = get_json(client, "/api/v1/openapi.json")

    assert document["openapi"] == "3.1.0"
    assert document["info"]["license"] == {
        "name": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/sites.json",
        "/api/v1/sites/{id}.json",
        "/api/v1/providers.json",
        "/api/v1/openapi.json",
    }
    for name in ("Site", "Provider", "Fact", "Source"):
        assert name in document["components"]["schemas"], name


def test_document_requires_every_fact(client):
    document = get_json(client, "/api/v1/openapi.json")

    facts = document["components"]["schemas"]["Site"]["properties"]["facts"]
    assert facts["required"] == [*FACT_NAMES, "lawful_basis"]


def test_component_schemas_reject_what_the_api_never_sends(client):
    """The schemas are strict enough to catch drift: an extra field or a bad date fails."""
    document = get_json(client, "/api/v1/openapi.json")
    site = get_json(client, "/api/v1/sites/find-a-job.json")

    assert problems({**site, "snapshot": "text"}, "Site", document)
    assert problems({**site, "last_checked": "23/11/2026"}, "Site", document)
    assert problems({**site, "facts": {}}, "Site", document)


# --- what the endpoints return ------------------------------------------------------------------


def test_sites_list_has_every_site_in_order_and_the_licence(client):
    data = get_json(client, "/api/v1/sites.json")

    assert [s["id"] for s in data["sites"]] == sorted(CATALOGUE.sites)
    assert data["licence"]["name"] == "CC BY-SA 4.0"
    assert data["licence"]["attribution"] == "sarkit site profile contributors"


def test_providers_list_has_every_provider(client):
    data = get_json(client, "/api/v1/providers.json")

    assert [p["id"] for p in data["providers"]] == sorted(CATALOGUE.providers)
    jcp = next(p for p in data["providers"] if p["id"] == "jobcentre-plus")
    assert jcp["role"]["value"] == "controller"
    # today's site first, then the ones it used under arrangements that have ended
    assert jcp["sites"] == [
        "find-a-job",
        "universal-credit-account",
        "myworksearch",
        "universal-jobmatch",
    ]
    assert [a["history"] for a in jcp["arrangements"]] == [False, False, True, True]
    assert jcp["nations"]["value"] == ["england", "wales", "scotland"]
    assert jcp["department"] is True
    assert jcp["role"]["sources"][1]["seed"]["title"] == "LMS Data Protection Compliance Guide"


def test_one_site_has_iso_dates_facts_and_sources(client):
    site = get_json(client, "/api/v1/sites/find-a-job.json")

    assert site["status"] == {
        **site["status"],
        "value": "active",
        "from": "2018-05-14",
        "until": None,
        "label": "Open",
    }
    controller = site["facts"]["data_controller"]
    assert controller["value"] == "Department for Work and Pensions"
    assert controller["sources"][0] == {
        "title": "Privacy (Find a job)",
        "url": "https://findajob.dwp.gov.uk/privacy.html",
        "seed": None,
        "date": None,
        "accessed": "2026-11-23",
        "quote": "The DWP are the Data Controller of any personal data processed by the Service",
    }
    assert site["facts"]["use_is_mandatory"]["label"] == "It depends"
    assert site["links"] == {"self": "/api/v1/sites/find-a-job.json", "html": "/sites/find-a-job"}


def test_history_facts_are_marked(client):
    site = get_json(client, "/api/v1/sites/myworksearch.json")

    assert site["facts"]["provider_access_by_default"]["history"] is True
    assert site["operator"]["value"] == "MyWorkSearch Ltd"
    assert site["used_by"] == ["jobcentre-plus"]


def test_unknown_site_is_json_404(client):
    data = get_json(client, "/api/v1/sites/no-such-site.json", 404)

    assert data["error"]["status"] == 404
    assert "no-such-site" in data["error"]["message"]


def test_the_api_root_says_where_everything_is_and_each_link_answers(client):
    """/api/v1/ used to answer the site's HTML 404: a program trying it gets JSON links."""
    data = get_json(client, "/api/v1/")
    assert data["licence"]["name"].startswith("CC BY-SA")
    for path in data["links"].values():
        get_json(client, path.replace("{id}", "find-a-job"))
    assert set(data["links"]) == {"sites", "site", "providers", "openapi"}


def test_unknown_api_address_is_json_404(client):
    data = get_json(client, "/api/v1/sites/a/b.json", 404)

    assert "openapi.json" in data["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sites.json",
        "/api/v1/sites/find-a-job.json",
        "/api/v1/providers.json",
        "/api/v1/openapi.json",
        "/api/v1/sites/no-such-site.json",
    ],
)
def test_api_is_open_to_any_web_page_and_says_its_licence(client, url):
    response = client.get(url)

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        response.headers["Link"] == "<https://creativecommons.org/licenses/by-sa/4.0/>; "
        'rel="license"'
    )


def test_api_is_read_only(client):
    response = client.post("/api/v1/sites.json")

    assert response.status_code == 405


def test_unchanged_data_answers_not_modified(client):
    first = client.get("/api/v1/sites.json")
    again = client.get("/api/v1/sites.json", headers={"If-None-Match": first.headers["ETag"]})

    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert again.status_code == 304


def test_snapshots_are_never_served(tmp_path: Path):
    profiles = Path(shutil.copytree(PROFILES, tmp_path / "site_profiles"))
    marker = "SNAPSHOT-TEXT-MUST-NOT-BE-SERVED"
    snapshots = profiles / "snapshots"
    snapshots.mkdir(exist_ok=True)
    (snapshots / "find-a-job-privacy.txt").write_text(f"The DWP {marker}\n", encoding="utf-8")
    client = create_app(
        {"SECRET_KEY": "test-secret-key", "TESTING": True, "PROFILES_DIR": str(profiles)}
    ).test_client()

    for url in (
        "/api/v1/sites.json",
        "/api/v1/sites/find-a-job.json",
        "/api/v1/providers.json",
        "/sites/find-a-job",
        "/api/v1/snapshots/find-a-job-privacy.txt",
    ):
        assert marker not in client.get(url).get_data(as_text=True), url
