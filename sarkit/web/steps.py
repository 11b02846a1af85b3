"""One question a page: a journey's steps in order, where each page's Back goes, and its guards.

The claimant journey and the reply helper are both a `Flow`: an ordered tuple of `Step`s kept
in the signed session cookie under a key of their own. A step says whether it applies (a page
whose question does not apply is skipped, by Back and by the next page alike) and whether it
has been answered. Only non-personal choices ever reach the state (ARCHITECTURE.md,
Principle 2): personal details travel in POST bodies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import redirect, session, url_for
from werkzeug.wrappers import Response

State = dict


def _always(state: State) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    endpoint: str  # the page's full endpoint name, e.g. "journey.who_for"
    done: Callable[[State], bool]  # has its question an answer in the state?
    applies: Callable[[State], bool] = _always  # is its question asked at all?


@dataclass(frozen=True)
class Flow:
    session_key: str
    steps: tuple[Step, ...]
    before_first: str  # the endpoint "Back" on the first question goes to

    def state(self) -> State:
        return dict(session.get(self.session_key) or {})

    def save(self, **changes: object) -> None:
        """Keep these answers; None, "" and an empty list remove one (False is an answer)."""
        current = self.state()
        for key, value in changes.items():
            if value is None or value == "" or value == [] or value == ():
                current.pop(key, None)
            else:
                current[key] = value
        session[self.session_key] = current

    def clear(self) -> None:
        session.pop(self.session_key, None)

    def asked(self, state: State) -> list[str]:
        """The endpoints of the questions this state asks, in order."""
        return [s.endpoint for s in self.steps if s.applies(state)]

    def first_unanswered(self, before: str, state: State | None = None) -> str | None:
        """The first question before the page `before` still without an answer, or None."""
        st = self.state() if state is None else state
        for step in self.steps:
            if step.endpoint == before:
                return None
            if step.applies(st) and not step.done(st):
                return step.endpoint
        return None

    def guard(self, endpoint: str, state: State | None = None) -> Response | None:
        """A redirect to the first unanswered question before this page, or None."""
        missing = self.first_unanswered(endpoint, state)
        return redirect(url_for(missing)) if missing else None

    def back(self, endpoint: str, state: State | None = None) -> str:
        """Where this page's Back link goes: the question asked before it."""
        asked = self.asked(self.state() if state is None else state)
        index = asked.index(endpoint) if endpoint in asked else 0
        return url_for(asked[index - 1] if index > 0 else self.before_first)

    def next(self, endpoint: str, state: State | None = None) -> Response:
        """A redirect (303, so a reload never posts again) to the question after this one."""
        asked = self.asked(self.state() if state is None else state)
        index = asked.index(endpoint) if endpoint in asked else -1
        return redirect(url_for(asked[index + 1]), code=303)
