"""The OpenAPI 3.1 document for the open data API (/api/v1/openapi.json).

Written as data, from the same names the profiles use (FACT_NAMES, FACT_LABELS), so that a fact
added to the profiles can't be forgotten here. tests/test_api.py checks every response against
this document, with schemathesis and with jsonschema, so the two can't drift apart.
"""

from __future__ import annotations

import copy
from typing import Any

from sarkit.profiles import FACT_LABELS, FACT_NAMES, LAWFUL_BASES, NATIONS

LICENCE = {
    "name": "CC BY-SA 4.0",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/",
    "attribution": "sarkit site profile contributors",
}
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

# The values a fact may take, where the profiles' schema fixes them (others are free text, like
# an organisation's name).
FACT_VALUES = {
    "use_is_mandatory": ["voluntary", "mandatory", "depends", "unknown"],
    "provider_access_by_default": ["yes", "no", "depends", "unknown"],
    "dwp_access_by_default": ["yes", "no", "depends", "unknown"],
    "user_can_turn_off_access": ["yes", "no", "depends", "unknown"],
}
ROLE_VALUES = ["processor", "joint-controller", "controller", "unknown"]
STATUS_VALUES = ["active", "closed", "unknown"]


# What /api/v1/ points to: each address of the API, by what it holds.
INDEX_LINKS = {
    "sites": "/api/v1/sites.json",
    "site": "/api/v1/sites/{id}.json",
    "providers": "/api/v1/providers.json",
    "openapi": "/api/v1/openapi.json",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict, description: str = "", **extra: Any) -> dict:
    """An object with every property required and nothing else allowed: what we promise."""
    schema = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }
    if description:
        schema["description"] = description
    return schema


TEXT = {"type": "string"}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string", "pattern": "^https?://"}
IDS = {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}
YEAR = {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100}


def _fact_with(values: list[str], description: str) -> dict:
    return {
        "description": description,
        "allOf": [_ref("Fact"), {"type": "object", "properties": {"value": {"enum": values}}}],
    }


SCHEMAS: dict[str, dict] = {
    "Licence": _object(
        {
            "name": TEXT,
            "url": URL,
            "attribution": TEXT,
        },
        "The licence of the data, and how to credit it.",
    ),
    "Seed": _object(
        {
            "id": {"type": "string", "pattern": "^[0-9]{3}_[0-9a-f]{16}$"},
            "title": TEXT,
            "date": {
                "type": ["string", "null"],
                "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                "description": "The date the document shows: YYYY-MM-DD, YYYY-MM or YYYY.",
            },
            "origin": TEXT,
            "url": _nullable(URL),
        },
        "One of the documents the project started from, which a source may cite.",
    ),
    "Source": _object(
        {
            "title": {**TEXT, "description": "The page's or document's own title."},
            "url": {**_nullable(URL), "description": "Where to read it, or null for a seed only."},
            "seed": {
                "oneOf": [_ref("Seed"), {"type": "null"}],
                "description": "The seed document it is in, or null.",
            },
            "date": {
                **_nullable(DATE),
                "description": "The source's own date, or null if it shows none.",
            },
            "accessed": {**_nullable(DATE), "description": "The day a volunteer read it."},
            "quote": {**TEXT, "description": "A short exact quote, or empty."},
        },
        "Where a fact comes from.",
    ),
    "Fact": _object(
        {
            "value": {
                **TEXT,
                "description": "The value as the profile writes it; 'unknown' when no source says.",
            },
            "label": {**TEXT, "description": "The value in plain English."},
            "history": {
                "type": "boolean",
                "description": "True when this was true under a scheme that has ended.",
            },
            "note": {**TEXT, "description": "Plain English around the value, or empty."},
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "A value and the sources that say it.",
    ),
    "Scheme": _object(
        {
            "name": TEXT,
            "from": YEAR,
            "until": YEAR,
            "history": {"type": "boolean"},
            "note": TEXT,
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "A scheme (like the Work Programme) and the years it ran, where a source gives them.",
    ),
    "Status": _object(
        {
            "value": {"enum": STATUS_VALUES},
            "label": TEXT,
            "from": {**_nullable(DATE), "description": "The day the site opened, or null."},
            "until": {**_nullable(DATE), "description": "The day it closed, or null."},
            "note": TEXT,
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "Whether the site is open.",
    ),
    "Arrangement": _object(
        {
            "site": {"type": "string", "pattern": ID_PATTERN},
            "provider": {"type": "string", "pattern": ID_PATTERN},
            "history": {
                "type": "boolean",
                "description": "True when the arrangement has ended, or the site has closed.",
            },
            "from": YEAR,
            "until": YEAR,
            "note": TEXT,
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "That a provider told people to use a site, with the years and sources the profiles give.",
    ),
    "Nations": _object(
        {
            "value": {
                "type": "array",
                "items": {"enum": list(NATIONS)},
                "description": "The nations it works in; empty when no source says.",
            },
            "names": {"type": "array", "items": TEXT},
            "note": TEXT,
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "Where a provider works, as its sources say.",
    ),
    "Links": _object(
        {
            "self": {**_nullable(TEXT), "description": "This record in the API, or null."},
            "html": {**TEXT, "description": "This record's page on the site."},
        },
        "Where to find this record (paths on this server).",
    ),
    "Site": _object(
        {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "name": TEXT,
            "aliases": {"type": "array", "items": TEXT},
            "urls": {"type": "array", "items": URL},
            "summary": TEXT,
            "status": _ref("Status"),
            "operator": {**_ref("Fact"), "description": "Who runs the site."},
            "used_by": {
                **IDS,
                "description": "Providers that tell people to use it, as either "
                "profile says: today's first.",
            },
            "arrangements": {"type": "array", "items": _ref("Arrangement")},
            "letters_to": {
                "enum": ["operator", "department", "site"],
                "description": "department: DWP (DfC in Northern Ireland) controls the "
                "data, so letters about the site go to it; site: the "
                "company that runs it does, at its contact.",
            },
            "contact": _ref("Contact"),
            "schemes": {"type": "array", "items": _ref("Scheme")},
            "privacy_policy_url": _nullable(URL),
            "terms_url": _nullable(URL),
            "last_checked": {
                **_nullable(DATE),
                "description": "The day a person last compared the privacy and terms pages.",
            },
            "facts": _object(
                {
                    **{
                        name: (
                            _fact_with(FACT_VALUES[name], FACT_LABELS[name])
                            if name in FACT_VALUES
                            else {**_ref("Fact"), "description": FACT_LABELS[name]}
                        )
                        for name in FACT_NAMES
                    },
                    "lawful_basis": _fact_with(
                        list(LAWFUL_BASES),
                        "The lawful basis its privacy notice gives (UK GDPR Article 6).",
                    ),
                },
                "What is known about who sees your account, with sources.",
            ),
            "links": _ref("Links"),
        },
        "A job-search website claimants are told to use.",
    ),
    "Contact": _object(
        {
            "address": {
                "type": ["array", "null"],
                "items": TEXT,
                "description": "Postal address lines, only where a source gives them.",
            },
            "email": _nullable(TEXT),
            "web_form": _nullable(URL),
            "phone": _nullable(TEXT),
            "sources": {"type": "array", "items": _ref("Source")},
        },
        "Contact details, only where sourced.",
    ),
    "Provider": _object(
        {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "name": TEXT,
            "aliases": {"type": "array", "items": TEXT},
            "summary": TEXT,
            "history": {
                "type": "boolean",
                "description": "True when it no longer does this work under this name.",
            },
            "department": {
                "type": "boolean",
                "description": "True for a part of DWP (Jobcentre "
                "Plus) or of the Department for "
                "Communities.",
            },
            "nations": _ref("Nations"),
            "schemes": {"type": "array", "items": _ref("Scheme")},
            "role": _fact_with(ROLE_VALUES, "Its role for DWP under data protection law."),
            "lawful_basis": _fact_with(
                list(LAWFUL_BASES), "The lawful basis its privacy notice gives (UK GDPR Article 6)."
            ),
            "sites": {
                **IDS,
                "description": "Sites it tells people to use, as either profile says: "
                "today's first.",
            },
            "arrangements": {"type": "array", "items": _ref("Arrangement")},
            "contact": _ref("Contact"),
            "privacy_notice_url": _nullable(URL),
            "links": _ref("Links"),
        },
        "An organisation that tells people to use a job-search site (Jobcentre Plus included).",
    ),
    "SiteList": _object(
        {
            "licence": _ref("Licence"),
            "sites": {"type": "array", "items": _ref("Site")},
        }
    ),
    "ProviderList": _object(
        {
            "licence": _ref("Licence"),
            "providers": {"type": "array", "items": _ref("Provider")},
        }
    ),
    "Index": _object(
        {
            "licence": _ref("Licence"),
            "summary": TEXT,
            "links": _object({name: TEXT for name in INDEX_LINKS}),
        },
        "Where everything is: the answer at /api/v1/.",
    ),
    "Error": _object(
        {
            "error": _object({"status": {"type": "integer"}, "message": TEXT}),
        },
        "What went wrong, in plain English.",
    ),
}

_CORS = {
    "Access-Control-Allow-Origin": {
        "description": "Always *: anyone may read the open data from any web page.",
        "schema": {"type": "string", "const": "*"},
    }
}


def _json(schema: str, description: str) -> dict:
    return {
        "description": description,
        "headers": _CORS,
        "content": {"application/json": {"schema": _ref(schema)}},
    }


PATHS = {
    "/api/v1/": {
        "get": {
            "operationId": "getIndex",
            "summary": "Where everything is",
            "responses": {"200": _json("Index", "A link to each part of the API.")},
        }
    },
    "/api/v1/sites.json": {
        "get": {
            "operationId": "listSites",
            "summary": "Every job-search website, with its facts and sources",
            "responses": {"200": _json("SiteList", "The sites, in order of id.")},
        }
    },
    "/api/v1/sites/{id}.json": {
        "get": {
            "operationId": "getSite",
            "summary": "One job-search website",
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": "The site's id, like myworksearch.",
                    "schema": {"type": "string", "pattern": ID_PATTERN},
                    "example": "myworksearch",
                }
            ],
            "responses": {
                "200": _json("Site", "The site."),
                "404": _json("Error", "There is no site with that id."),
            },
        }
    },
    "/api/v1/providers.json": {
        "get": {
            "operationId": "listProviders",
            "summary": "Every organisation that tells people to use a site",
            "responses": {"200": _json("ProviderList", "The providers, in order of id.")},
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "headers": _CORS,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}

DESCRIPTION = """\
What is known about the job-search websites UK benefit claimants are told to use, and the \
organisations that tell them to: who controls the data, whether use is mandatory, who can see \
the account, each with its sources (title, address or seed document, date and a short quote). \
Anything nobody has a source for is `unknown`.

The data is kept by volunteers in `site_profiles/` and published under CC BY-SA 4.0: credit \
"sarkit site profile contributors". Dates are ISO 8601 (YYYY-MM-DD). Snapshots of privacy \
pages are kept for comparison only and are not served here. Read-only; CORS is open."""


def openapi_document() -> dict:
    """The whole document, a fresh copy each time (callers may change it)."""
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {
                "title": "sarkit open data: job-search websites and providers",
                "version": "1.0.0",
                "summary": "Job-search websites claimants are told to use, with sources.",
                "description": DESCRIPTION,
                "license": {"name": LICENCE["name"], "url": LICENCE["url"]},
            },
            "paths": PATHS,
            "components": {"schemas": SCHEMAS},
        }
    )
