"""Security as tested behaviour: headers, CSRF, size limits, rate limits shared through Redis,
and a PDF renderer that never fetches what a letter's text might smuggle in."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sarkit import create_app
from sarkit.answers import parse_answers
from sarkit.letters import build_letter
from sarkit.profiles import load_catalogue
from sarkit.rendering import default_renderer, render_letter_html
from tests.servers import free_port, redis_server
from tests.webforms import EXAMPLE, with_token

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize("url", ["/", "/quick", "/sites", "/healthz", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    nonce = headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert headers["Content-Security-Policy"] == EXPECTED_CSP.format(nonce=nonce)
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "browsing-topics=()" in headers["Permissions-Policy"]
    assert "interest-cohort" not in headers["Permissions-Policy"]


def test_the_open_data_api_stays_readable_from_other_sites(client):
    headers = client.get("/api/v1/sites.json").headers
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "Cross-Origin-Resource-Policy" not in headers


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/letters/dwp-sar.txt", "text/plain; charset=utf-8"),
        ("/letters/dwp-sar.html", "text/html; charset=utf-8"),
        ("/letters/dates.ics", "text/calendar; charset=utf-8"),
        ("/letters/dwp-sar.pdf", "application/pdf"),
    ],
)
def test_downloads_name_their_type_and_one_charset(path, content_type):
    client = create_app(
        {"SECRET_KEY": "k", "RATE_LIMIT": "off", "SESSION_COOKIE_SECURE": False}
    ).test_client()
    response = client.post(path, data=with_token(client, {**EXAMPLE, "letters": "dwp-sar"}))
    assert response.headers["Content-Type"] == content_type


@pytest.mark.parametrize(
    ("data", "status"), [({"nation": "england"}, 400), ({"name": "a" * (70 * 1024)}, 413)]
)
def test_the_session_timed_out_and_too_large_pages_carry_the_nonce_their_script_needs(
    client, data, status
):
    response = client.post("/journey/where-you-live", data=data)
    assert response.status_code == status
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = BeautifulSoup(response.data, "html.parser")
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert inline and all(s.get("nonce") == nonce for s in inline)


def test_hsts_and_secure_cookies_behind_an_https_proxy():
    app = create_app({"SECRET_KEY": "k", "TRUSTED_PROXIES": 1, "SESSION_COOKIE_SECURE": True})
    client = app.test_client()
    response = client.get(
        "/quick", headers={"X-Forwarded-Proto": "https"}, base_url="https://localhost"
    )
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_every_form_on_the_site_carries_a_csrf_token(client):
    for url in ("/quick",):
        page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        for form in page.find_all("form", method="post"):
            assert form.find("input", {"name": "csrf_token"}), f"{url}: a form without CSRF"


@pytest.mark.parametrize(
    "url", ["/quick", "/letters/dwp-sar.pdf", "/letters/pack.pdf", "/letters/dates.ics"]
)
def test_posts_without_a_token_are_refused(client, url):
    client.get("/quick")
    response = client.post(url, data=EXAMPLE)
    assert response.status_code == 400
    assert "Nothing you typed was kept" in response.get_data(as_text=True)


def test_a_huge_request_gets_a_plain_413_page(client):
    response = client.post("/quick", data={"name": "x" * 200_000})
    assert response.status_code == 413
    assert "too big" in response.get_data(as_text=True).lower()


def test_over_long_and_control_character_fields_are_refused_with_clear_errors(client):
    page = client.post(
        "/quick",
        data=with_token(client, {**EXAMPLE, "name": "A" * 500, "site_name": "Jobs\x1b[31m"}),
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "characters or fewer" in text
    assert "letters, numbers and punctuation only" in text


def test_profile_and_typed_text_cannot_make_the_pdf_fetch_anything(httpserver, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    evil = (
        f'<img src="file://{secret}"> <link rel=stylesheet href="{httpserver.url_for("/s")}">'
        f' ![x]({httpserver.url_for("/i.png")}) <iframe src="{httpserver.url_for("/f")}">'
    )
    answers, _ = parse_answers(
        {
            **{k: v for k, v in EXAMPLE.items() if k != "letters"},
            "site": "",
            "site_name": "Jobs",
            "provider": "",
            "provider_name": "Evil Ltd",
            "provider_address": evil[:290],
        }
    )
    doc = build_letter("provider-questions", answers, load_catalogue())
    html = render_letter_html([doc])
    assert "<img" not in html and "<iframe" not in html and "<link rel=stylesheet" not in html
    data = default_renderer().html_to_pdf(html)
    assert data.startswith(b"%PDF")
    assert httpserver.log == []
    assert b"TOP-SECRET" not in data


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


def test_two_instances_share_one_rate_limit_through_redis(redis_url):
    config = {
        "SECRET_KEY": "shared-key",
        "RATE_LIMIT": "3/minute",
        "REDIS_URL": redis_url,
        "SESSION_COOKIE_SECURE": False,
    }
    first, second = create_app(config).test_client(), create_app(config).test_client()
    statuses = []
    for client in (first, second, first, second):
        data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
        statuses.append(client.post("/letters/dwp-sar.txt", data=data).status_code)
    # .txt is not limited; PDFs are: three between the two instances, then 429 on either.
    assert statuses == [200, 200, 200, 200]
    statuses = []
    for client in (first, second, first, second):
        data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
        statuses.append(client.post("/letters/dwp-sar.pdf", data=data).status_code)
    assert statuses == [200, 200, 200, 429]


def test_one_budget_covers_every_download_together():
    """The letter PDFs, the pack and the calendar draw on one budget per client."""
    client = create_app(
        {"SECRET_KEY": "k", "RATE_LIMIT": "3/minute", "SESSION_COOKIE_SECURE": False}
    ).test_client()
    data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
    statuses = [
        client.post(path, data=data).status_code
        for path in (
            "/letters/dwp-sar.pdf",
            "/letters/dates.ics",
            "/letters/pack.pdf",
            "/letters/dwp-foi.pdf",
            "/letters/dates.ics",
        )
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.post("/letters/dwp-sar.txt", data=data).status_code == 200  # text is free


def test_with_redis_down_downloads_go_on_and_healthz_says_degraded():
    port = free_port()  # nothing listens there
    client = create_app(
        {
            "SECRET_KEY": "k",
            "RATE_LIMIT": "60/minute",
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "SESSION_COOKIE_SECURE": False,
        }
    ).test_client()
    data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
    assert [client.post("/letters/dwp-sar.pdf", data=data).status_code for _ in range(2)] == [
        200,
        200,
    ]
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert "Redis is not answering" in health.get_json()["degraded"][0]


def test_healthz_is_ok_with_redis_answering(redis_url):
    client = create_app(
        {"SECRET_KEY": "k", "REDIS_URL": redis_url, "SESSION_COOKIE_SECURE": False}
    ).test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_rate_limit_page_is_plain_english_and_off_means_off():
    config = {"SECRET_KEY": "k", "RATE_LIMIT": "1/minute", "SESSION_COOKIE_SECURE": False}
    client = create_app(config).test_client()
    data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
    assert client.post("/letters/dwp-sar.pdf", data=data).status_code == 200
    limited = client.post("/letters/dwp-sar.pdf", data=data)
    assert limited.status_code == 429
    assert "wait" in limited.get_data(as_text=True).lower()
    client = create_app({**config, "RATE_LIMIT": "off"}).test_client()
    data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
    assert all(client.post("/letters/dwp-sar.pdf", data=data).status_code == 200 for _ in range(3))


def test_reading_a_reply_shares_the_download_budget_as_it_may_run_ocr():
    """A photo read by OCR costs as much as a PDF made: posting to /replies/read counts against
    the same budget, so nobody can keep the workers busy with it. Showing the page does not."""
    config = {"SECRET_KEY": "k", "RATE_LIMIT": "2/minute", "SESSION_COOKIE_SECURE": False}
    client = create_app(config).test_client()
    reply = {"text": "Our Ref: FOI1\nThe cost limit of £600 would be exceeded (section 12)."}
    assert client.post("/replies/read", data=with_token(client, reply)).status_code == 200
    data = with_token(client, {**EXAMPLE, "letters": "dwp-sar"})
    assert client.post("/letters/dwp-sar.pdf", data=data).status_code == 200
    assert client.post("/replies/read", data=with_token(client, reply)).status_code == 429
    assert client.get("/replies/read").status_code == 200


def test_links_that_leave_the_page_use_the_configured_address_never_the_host_header():
    client = create_app(
        {
            "SECRET_KEY": "k",
            "RATE_LIMIT": "off",
            "SESSION_COOKIE_SECURE": False,
            "BASE_URL": "https://sarkit.example.org/",
        }
    ).test_client()
    form = BeautifulSoup(client.get("/quick", headers={"Host": "evil.example"}).data, "html.parser")
    data = {
        **EXAMPLE,
        "letters": "dwp-sar",
        "csrf_token": form.find("input", {"name": "csrf_token"})["value"],
    }
    ics = client.post("/letters/dates.ics", data=data, headers={"Host": "evil.example"}).get_data(
        as_text=True
    )
    unfolded = ics.replace("\r\n ", "")
    assert "https://sarkit.example.org/replies/start?" in unfolded
    assert "evil.example" not in unfolded
    page = client.post("/quick", data=data, headers={"Host": "evil.example"})
    assert "evil.example" not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "base_url",
    ["sarkit.example.org", "ftp://sarkit.example.org/", "https://sarkit.example.org/path?x=1", ""],
)
def test_a_wrong_base_url_stops_the_site_at_start_with_a_sentence(base_url):
    with pytest.raises(RuntimeError, match="SARKIT_BASE_URL must be the site's address"):
        create_app({"SECRET_KEY": "k", "BASE_URL": base_url})


def test_each_app_keeps_its_own_download_budget():
    """Flask-Limiter keeps its storage on the Limiter: with one for the whole module, making a
    second app emptied the first one's count (and a Redis failure in one app changed where the
    next counted), so a budget could start again half-way. Each app now has its own."""
    config = {"SECRET_KEY": "k", "RATE_LIMIT": "2/minute", "SESSION_COOKIE_SECURE": False}
    first = create_app(config).test_client()
    data = with_token(first, {**EXAMPLE, "letters": "dwp-sar"})
    assert [first.post("/letters/dates.ics", data=data).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    second = create_app(config).test_client()
    data_second = with_token(second, {**EXAMPLE, "letters": "dwp-sar"})
    assert second.post("/letters/dates.ics", data=data_second).status_code == 200
    assert first.post("/letters/dates.ics", data=data).status_code == 429
