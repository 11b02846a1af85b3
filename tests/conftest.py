import pytest

from sarkit import create_app


@pytest.fixture
def app():
    return create_app({"SECRET_KEY": "test-secret-key-not-for-production", "TESTING": True,
                       "SESSION_COOKIE_SECURE": False})


@pytest.fixture
def client(app):
    return app.test_client()
