import os
from datetime import timedelta

import pytest
from hypothesis import settings

from sarkit import answers, create_app

# Property tests explore afresh on a developer's machine (and keep what they find in
# .hypothesis/); in CI they run derandomised with no example database, so a landing never
# turns on a lucky draw. Every counterexample ever found is an @example beside its test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def app():
    return create_app(
        {
            "SECRET_KEY": "test-secret-key-not-for-production",
            "TESTING": True,
            "SESSION_COOKIE_SECURE": False,
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


# The examples' letters are dated 20 November 2026 (the deadlines were worked out by hand from
# that day), so on the real day they are weeks old, and a page where a person says when they
# will send would rightly ask about them again. That rule is tested on a fixed day, in
# tests/test_sensible_dates.py (marked `send_date_rule`); elsewhere it is given all the slack it
# needs. The HTTPS tests run the real server, rule and all.
@pytest.fixture(autouse=True)
def _examples_keep_their_send_date(request, monkeypatch):
    if request.node.get_closest_marker("send_date_rule") is None:
        monkeypatch.setattr(answers, "SEND_DATE_SLACK", timedelta(days=365 * 200))
