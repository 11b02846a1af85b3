"""The profile checker is not an SSRF tool: it fetches public web pages and nothing else.

Real servers on loopback (pytest-httpserver): the default policy must refuse them without
sending a byte; a policy that allows 127.0.0.1 only must still refuse a redirect to 127.0.0.2.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from sarkit.profile_check import Settings, extract_text, fetch, make_session
from sarkit.public_web import public_only, url_problem

ONLY_127_0_0_1 = Settings(
    connect_timeout=2,
    read_timeout=1,
    backoff=0,
    retries=0,
    allowed=lambda address: str(address) == "127.0.0.1",
)
PAGE = "<html><body><p>Privacy notice: we share data with DWP.</p></body></html>"


DEFAULT = Settings(retries=0, backoff=0)  # the policy in production: the public internet only


def get(url: str, settings: Settings = DEFAULT):
    with make_session(settings) as session:
        return fetch(session, url, settings)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_before_anything_is_sent(httpserver: HTTPServer, host):
    httpserver.expect_request("/privacy").respond_with_data(PAGE, content_type="text/html")
    fetched = get(f"http://{host}:{httpserver.port}/privacy")
    assert fetched.text is None
    assert fetched.error.startswith(f"Not fetched: {host} is at ")
    assert "which is not on the public internet" in fetched.error
    assert httpserver.log == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_the_default_policy_allows_only_the_public_internet(address):
    import ipaddress

    assert not public_only(ipaddress.ip_address(address))
    assert public_only(ipaddress.ip_address("151.101.0.1"))  # a public address


def test_a_redirect_to_a_refused_address_is_not_followed(httpserver: HTTPServer):
    inner = HTTPServer(host="127.0.0.2", port=0)
    inner.start()
    try:
        inner.expect_request("/secret").respond_with_data("TOP SECRET")
        httpserver.expect_request("/privacy").respond_with_data(
            "", status=302, headers={"Location": f"http://127.0.0.2:{inner.port}/secret"}
        )
        fetched = get(f"http://127.0.0.1:{httpserver.port}/privacy", ONLY_127_0_0_1)
        assert fetched.error.startswith("Not fetched: 127.0.0.2 is at 127.0.0.2")
        assert inner.log == []
    finally:
        inner.stop()


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1/"])
def test_a_redirect_to_another_kind_of_address_is_refused(httpserver: HTTPServer, location):
    httpserver.expect_request("/privacy").respond_with_data(
        "", status=302, headers={"Location": location}
    )
    fetched = get(f"http://127.0.0.1:{httpserver.port}/privacy", ONLY_127_0_0_1)
    assert fetched.text is None
    assert fetched.error == (
        "Not fetched: the address redirects to something that is not http or https."
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("file:///etc/passwd", "The address must start with https:// (or http://)."),
        ("ftp://example.org/x", "The address must start with https:// (or http://)."),
        ("https://user:pw@example.org/", "The address must not hold a user name or password."),
        ("http://localhost:6379/", "localhost is not on the public internet."),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is not an address on the public internet.",
        ),
        ("http://[::1]/", "::1 is not an address on the public internet."),
        ("https://www.gov.uk/privacy", None),
    ],
)
def test_url_problem_without_the_network(url, problem):
    assert url_problem(url) == problem


def test_no_netrc_or_proxy_from_the_environment_is_used(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch
):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login volunteer password SECRET-PASSWORD\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9/")  # nothing listens there
    httpserver.expect_request("/privacy").respond_with_data(PAGE, content_type="text/html")
    fetched = get(f"http://127.0.0.1:{httpserver.port}/privacy", ONLY_127_0_0_1)
    assert fetched.error is None, fetched.error
    ((request, _),) = httpserver.log
    assert "Authorization" not in request.headers


def test_an_unknown_charset_is_read_as_utf8(httpserver: HTTPServer):
    httpserver.expect_request("/privacy").respond_with_data(
        PAGE.encode(), content_type="text/html; charset=x-no-such-charset"
    )
    fetched = get(f"http://127.0.0.1:{httpserver.port}/privacy", ONLY_127_0_0_1)
    assert fetched.text == "Privacy notice: we share data with DWP."


def test_a_page_dripped_slowly_is_stopped_at_the_page_deadline(httpserver: HTTPServer):
    def drip():
        yield b"<html><body><p>"
        for _ in range(100):
            time.sleep(0.1)
            yield b"a"

    httpserver.expect_request("/slow").respond_with_handler(
        lambda request: Response(drip(), content_type="text/html")
    )
    settings = Settings(
        connect_timeout=2,
        read_timeout=2,
        backoff=0,
        retries=0,
        page_deadline=1,
        allowed=ONLY_127_0_0_1.allowed,
    )
    started = time.monotonic()
    fetched = get(f"http://127.0.0.1:{httpserver.port}/slow", settings)
    assert fetched.error == ("The page took longer than 1 seconds to arrive, so it was not read.")
    assert time.monotonic() - started < 5  # the drip would take 10 s


def test_deeply_nested_html_is_read_in_linear_time():
    html = "<div>" * 16_000 + "deep" + "</div>" * 16_000
    started = time.perf_counter()
    assert extract_text(html) == "deep"
    # Linear: 0.2 s here; the quadratic version took about 10 s. 3 s holds on a loaded machine.
    assert time.perf_counter() - started < 3
