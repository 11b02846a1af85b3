"""The organisation's letterhead, from the settings (sarkit/settings.py, the README's table)."""

from __future__ import annotations

from collections.abc import Mapping

from sarkit import settings
from sarkit.letters import Letterhead


def letterhead_from_environment(environ: Mapping[str, str] | None = None) -> Letterhead:
    """The organisation's letterhead: SARKIT_ORG_NAME, _ADDRESS (lines split by |), _PHONE, ..."""
    found = settings.read(environ)
    return Letterhead(
        name=found.org_name,
        address=found.org_address,
        phone=found.org_phone,
        email=found.org_email,
        charity_number=found.org_charity_number,
        logo=found.org_logo,
    )
