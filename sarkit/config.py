"""Settings read from the environment by whoever runs the site (documented in the README)."""

from __future__ import annotations

import os

from sarkit.letters import Letterhead


def letterhead_from_environment(environ: dict | None = None) -> Letterhead:
    """The organisation's letterhead: SARKIT_ORG_NAME, _ADDRESS (lines split by |), _PHONE, ..."""
    env = os.environ if environ is None else environ
    address = tuple(x.strip() for x in env.get("SARKIT_ORG_ADDRESS", "").split("|") if x.strip())
    return Letterhead(
        name=env.get("SARKIT_ORG_NAME", "").strip(),
        address=address,
        phone=env.get("SARKIT_ORG_PHONE", "").strip(),
        email=env.get("SARKIT_ORG_EMAIL", "").strip(),
        charity_number=env.get("SARKIT_ORG_CHARITY_NUMBER", "").strip(),
        logo=env.get("SARKIT_ORG_LOGO", "").strip(),
    )
