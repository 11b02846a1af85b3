"""What the app holds for every request: the profiles catalogue and the letterhead.

Loaded once when the app is made (sarkit/app.py); every blueprint reads them from here.
"""

from __future__ import annotations

from flask import current_app

from sarkit.letters import Letterhead
from sarkit.profiles import Catalogue


def catalogue() -> Catalogue:
    return current_app.extensions["sarkit"]["catalogue"]


def letterhead() -> Letterhead | None:
    return current_app.extensions["sarkit"]["letterhead"]
