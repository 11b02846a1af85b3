"""Today, as people in the UK count it: the one "today" every module uses.

The server's clock may run on UTC; between midnight and 1 am in summer that is still yesterday
in London, and a deadline or a "not in the future" check must not be a day out.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    return datetime.now(LONDON).date()
