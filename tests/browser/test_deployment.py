"""The reference deployment (deploy/): Caddy in front of two gunicorn instances sharing Redis.

This is how sarkit grows past one machine: more stateless instances behind the proxy, one
Redis. Each instance has one worker here, so a worker held by a slow client would show at once.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import urlencode, urlsplit

import pytest

from tests.browser.browsing import download_pack, walk_claimant
from tests.servers import caddy, free_port, gunicorn, production_env, redis_server

pytestmark = pytest.mark.browser
LIMIT = 4


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("deploy")
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(directory))
        env = production_env(
            REDIS_URL=redis_url,
            SARKIT_TRUSTED_PROXIES="1",
            SARKIT_RATE_LIMIT=f"{LIMIT}/minute",
            WEB_CONCURRENCY="1",
        )
        ports = [free_port(), free_port()]
        for port in ports:
            stack.enter_context(gunicorn(port, env))
        yield stack.enter_context(caddy(directory, free_port(), ports))


class Client:
    """One person's browser, reduced to what a rate-limit test needs: a source address, a
    cookie, and the form token. `source` is a loopback address (all of 127/8 is ours)."""

    def __init__(self, site: str, source: str) -> None:
        self.host, self.port = urlsplit(site).hostname, urlsplit(site).port
        self.source, self.cookie, self.token = source, "", ""
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # Caddy's own local CA

    def request(
        self, method: str, path: str, body: str = "", headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPSConnection(
            self.host, self.port, context=self.context, source_address=(self.source, 0), timeout=30
        )
        sent = {"Cookie": self.cookie} if self.cookie else {}
        if method == "POST":
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{self.host}:{self.port}{path}",
            }
        try:
            connection.request(method, path, body=body, headers=sent | (headers or {}))
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()  # also when the read fails, or the socket is left to the GC
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";")[0]
        return response.status, dict(response.getheaders()), data

    def start(self) -> Client:
        _, _, page = self.request("GET", "/quick")
        self.token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        return self

    def download(self, path: str, headers: dict | None = None) -> int:
        form = {
            "csrf_token": self.token.decode(),
            "nation": "england",
            "site": "myworksearch",
            "provider": "seetec",
            "name": "Sam Example",
            "address": "1 Example Street",
            "postcode": "EX1 1EX",
            "nino": "QQ123456C",
            "dob": "1980-02-03",
            "sent_method": "first-class",
            "letters": "dwp-sar",
        }
        return self.request("POST", path, urlencode(form), headers)[0]


def test_the_journey_works_over_https_through_the_proxy(browser, site):
    context = browser.new_context(base_url=site, ignore_https_errors=True, accept_downloads=True)
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        walk_claimant(page)
        assert download_pack(page).startswith(b"%PDF")
    finally:
        context.close()


def test_a_phone_photo_of_their_answer_is_read_through_the_proxy(browser, site):
    """A photo of a reply is megabytes, far over the 100 KB every other form may send: the proxy
    lets /replies/read take it, in Chromium, over HTTPS, with the form's CSRF token."""
    from tests.test_reply_reader import CORPUS, photo_of, reply_pdf

    text = (CORPUS / "01-dwp-cost-deprivation-capital.txt").read_text(encoding="utf-8")
    photo = photo_of(reply_pdf(text), degrees=-1.5, darker=0.75, dpi=300, quality=95)
    assert len(photo) > 1_000_000, len(photo)
    context = browser.new_context(base_url=site, ignore_https_errors=True)
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        page.goto("/replies/read")
        page.get_by_label("Choose a file").set_input_files(
            {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo}
        )
        page.get_by_role("button", name="Read their answer").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "They said your request would cost too much"
    finally:
        context.close()


def test_a_photo_over_the_limit_gets_sarkits_own_page_through_the_proxy(site):
    """Over 10 MiB: sarkit's own page says so (Caddy lets it through up to 11 MB), and the page
    arrives whole: sarkit reads the rest of the upload before it answers, where closing with it
    unread reset the connection and cut the page short (IncompleteRead) about one time in ten."""
    client = Client(site, "127.0.0.5").start()
    for _ in range(10):
        status, _, page = client.request("POST", "/replies/read", "x=" + "a" * (10_700_000))
        assert status == 413
        assert b"</html>" in page


def test_the_proxy_sends_the_security_headers_and_no_server_name(site):
    status, headers, _ = Client(site, "127.0.0.1").request("GET", "/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in headers


def test_the_rate_limit_is_shared_by_both_instances_and_counted_per_real_client(site):
    first = Client(site, "127.0.0.2").start()
    # Caddy sends requests to the two instances in turn; one budget between them, in Redis.
    statuses = [
        first.download(path)
        for path in (
            "/letters/dwp-sar.pdf",
            "/letters/dates.ics",
            "/letters/pack.pdf",
            "/letters/dates.ics",
        )
    ]
    assert statuses == [200] * LIMIT
    assert first.download("/letters/dates.ics") == 429
    # A forged X-Forwarded-For is dropped by Caddy: the real address is still counted.
    assert first.download("/letters/dates.ics", {"X-Forwarded-For": "203.0.113.9"}) == 429
    # Another person, from another address, is not held back by the first.
    assert Client(site, "127.0.0.3").start().download("/letters/dates.ics") == 200


def test_a_body_larger_than_the_limit_is_refused(site):
    client = Client(site, "127.0.0.4").start()
    # Over sarkit's 64 KiB: sarkit's own page says so.
    status, _, page = client.request("POST", "/quick", "x=" + "a" * (70 * 1024))
    assert status == 413
    assert b"<h1" in page
    # 100 KB or more: Caddy refuses it before reading it.
    status, _, page = client.request("POST", "/quick", "x=" + "a" * (200 * 1024))
    assert (status, page) == (413, b"Request too large")


def _dribbler(site: str, request_head: bytes) -> ssl.SSLSocket:
    host, port = urlsplit(site).hostname, urlsplit(site).port
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    sock = context.wrap_socket(socket.create_connection((host, port), timeout=10))
    sock.sendall(request_head)
    return sock


def test_slow_clients_do_not_stop_other_users(site):
    """Slowloris: sockets that dribble their headers, and uploads that never finish their body,
    more of each than there are gunicorn workers. Everyone else is answered at once."""
    slow_headers = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    slow_body = (
        b"POST /quick HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        b"application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nname=S"
    )
    held = [_dribbler(site, slow_headers) for _ in range(10)]
    held += [_dribbler(site, slow_body) for _ in range(6)]
    try:
        for sock in held:
            sock.sendall(b"a")  # still alive, still slow
        other = Client(site, "127.0.0.5")
        for _ in range(6):
            started = time.monotonic()
            status, _, _ = other.request("GET", "/sites")
            assert status == 200
            # Generous for a loaded 2-core machine; a held worker would wait 30 s or more.
            assert time.monotonic() - started < 10
    finally:
        for sock in held:
            sock.close()
