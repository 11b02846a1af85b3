import os

import pytest
from hypothesis import settings

from sarkit import create_app

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
