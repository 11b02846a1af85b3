"""At most N documents rendered at once in one gunicorn instance, so pages always answer.

A PDF pack takes about a second of a worker's time; with every worker rendering, nobody could
even open the start page. gunicorn.conf.py gives each instance workers - 1 slots, so at least
one worker is always free for pages. A download that finds every slot taken gets a "busy, try
again in a minute" page (503) at once: waiting for a slot would hold a worker too, the very
worker kept free for pages.

Each slot is a lock file held with flock: the kernel lets go of it when a worker dies, however
it dies, so a slot can never leak. The files hold nothing. Without SARKIT_RENDER_SLOTS (the
development server, the tests' own apps) nothing is limited.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Response, abort, current_app, make_response, render_template, request

WAIT_SECONDS = 0.0  # how long a download waits for a slot before "busy, try again"
POLL_SECONDS = 0.05


def slot_files(directory: Path, count: int) -> list[Path]:
    return [directory / f"slot-{n}.lock" for n in range(count)]


@contextmanager
def render_slot() -> Iterator[None]:
    """Hold one rendering slot for the `with` block, or answer 503 if none comes free."""
    directory, count = (
        current_app.config.get("RENDER_SLOTS_DIR"),
        current_app.config.get("RENDER_SLOTS", 0),
    )
    if not directory or not count:
        yield
        return
    held = _take(
        slot_files(Path(directory), int(count)),
        current_app.config.get("RENDER_SLOT_WAIT", WAIT_SECONDS),
    )
    if held is None:
        abort(_busy())
    try:
        yield
    finally:
        os.close(held)  # closing the file lets go of the lock


def _busy() -> Response:
    """The busy page, with a "Try again" button that posts the same answers again: going back
    to a page that answered a POST would only show the browser's "confirm resubmission"."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    retry = {"path": request.path, "fields": fields}
    page = render_template("error.html", status=503, error=None, retry=retry)
    return make_response(page, 503, {"Retry-After": "30"})


def _take(files: list[Path], wait: float) -> int | None:
    deadline = time.monotonic() + wait
    while True:
        for path in files:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)
