"""gunicorn as configured (gunicorn.conf.py): stopping it mid-PDF never gives a person a 500,
and it believes no X-Forwarded-* unless sarkit is told to trust a proxy."""

from __future__ import annotations

import http.client
import re
import signal
import threading
import time
from urllib.parse import urlencode

import pytest

from tests.servers import free_port, gunicorn, production_env
from tests.webforms import EXAMPLE

LETTERS = [
    "provider-questions",
    "dwp-sar",
    "dwp-foi",
    "site-sar",
    "objection",
    "erasure",
    "sensitive-data",
    "sar-reminder",
]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT])
def test_a_pack_in_progress_is_finished_when_the_server_is_stopped(stop):
    port = free_port()
    env = production_env(WEB_CONCURRENCY="1", SARKIT_SECURE_COOKIES="0", SARKIT_RATE_LIMIT="off")
    with gunicorn(port, env) as server:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/quick")
        response = conn.getresponse()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', response.read())[
            1
        ].decode()
        body = urlencode({**EXAMPLE, "letters": LETTERS, "csrf_token": token}, doseq=True)
        result: dict = {}

        def download():
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request(
                "POST",
                "/letters/pack.pdf",
                body=body,
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            r = c.getresponse()
            result["status"], result["data"] = r.status, r.read()

        thread = threading.Thread(target=download)
        thread.start()
        # The pack takes about half a second to make, far longer than it takes to reach the
        # worker: the signal comes while the worker is making it.
        time.sleep(0.15)
        server.send_signal(stop)
        thread.join(timeout=60)
        assert result["status"] == 200
        assert result["data"].startswith(b"%PDF") and result["data"].rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(("trusted", "second"), [("0", 429), ("1", 200)])
def test_x_forwarded_for_counts_only_when_a_proxy_is_trusted(trusted, second):
    """Two downloads claiming two addresses: one budget unless sarkit trusts a proxy."""
    port = free_port()
    env = production_env(
        WEB_CONCURRENCY="1",
        SARKIT_TRUSTED_PROXIES=trusted,
        SARKIT_RATE_LIMIT="1/minute",
        SARKIT_SECURE_COOKIES="0",
    )
    with gunicorn(port, env):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/quick")
        response = conn.getresponse()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', response.read())[
            1
        ].decode()
        body = urlencode({**EXAMPLE, "letters": "dwp-sar", "csrf_token": token}, doseq=True)
        statuses = []
        for claimed in ("203.0.113.9", "198.51.100.7"):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request(
                "POST",
                "/letters/dates.ics",
                body=body,
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Forwarded-For": claimed,
                    "X-Forwarded-Proto": "http",
                },
            )
            r = c.getresponse()
            r.read()
            statuses.append(r.status)
        assert statuses == [200, second]
