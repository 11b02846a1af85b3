"""Privacy by design, proved: a full journey with marker details leaves no trace at rest.

A real `sarkit serve` process runs with its own temporary folder and captured logs. The test
goes through the site as a person would, with a marker name, NI number and date of birth, then
searches every file the server could have written (the repository, its temporary folder), its
logs, every cookie it set and every URL it sent us to.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import time
import zlib
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup

from sarkit import paths

NINO = "QQ991183B"
MARKERS = [
    NINO,
    "QQ 99 11 83 B",
    "qq 99 11 83 b",
    "Zyxwarkle",
    "1971-04-29",
    "29 April 1971",
    "ZX9 9ZZ",
    "zyxwarkle@example.org",
    "07700 900982",
]
PERSON = {
    "nation": "england",
    "site": "myworksearch",
    "provider": "seetec",
    "provider_address": "1 Provider Road\nProvidertown PR1 1PR",
    "name": "Prynhawn Zyxwarkle",
    "address": "99 Marker Road\nMarkertown",
    "postcode": "ZX9 9ZZ",
    "nino": "qq 99 11 83 b",
    "dob": "1971-04-29",
    "email": "zyxwarkle@example.org",
    "phone": "07700 900982",
    "sent_method": "first-class",
    "sent_on": "2026-10-01",
    "reference": "REF-1",
}
ALL_LETTERS = [
    "provider-questions",
    "dwp-sar",
    "dwp-foi",
    "site-sar",
    "objection",
    "erasure",
    "sensitive-data",
    "sar-reminder",
    "foi-internal-review",
    "ico-complaint",
]
FORMATS = ["html", "pdf", "txt", "docx"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A real server process with its own TMPDIR and logs captured to files."""
    port = free_port()
    tmpdir = tmp_path / "server-tmp"
    tmpdir.mkdir()
    log = tmp_path / "server.log"
    since = time.time()
    env = {**os.environ, "TMPDIR": str(tmpdir), "SARKIT_RATE_LIMIT": "off"}
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [str(paths.ROOT / ".venv" / "bin" / "sarkit"), "serve", "--port", str(port)],
            cwd=paths.ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port)
            yield {"url": f"http://127.0.0.1:{port}", "tmp": tmpdir, "log": log, "since": since}
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("sarkit serve did not start")


def token(session: requests.Session, url: str) -> str:
    page = BeautifulSoup(session.get(url, timeout=30).text, "html.parser")
    return page.find("input", {"name": "csrf_token"})["value"]


def flask_session_payload(cookie: str) -> str:
    """The JSON inside Flask's signed session cookie (no key needed to read it)."""
    compressed = cookie.startswith(".")
    body = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return (zlib.decompress(data) if compressed else data).decode("utf-8", "replace")


def files_written_since(root: Path, since: float) -> list[Path]:
    skip = {
        ".git",
        "node_modules",
        ".venv",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "__pycache__",
    }
    found = []
    for path in root.rglob("*"):
        if any(part in skip for part in path.relative_to(root).parts):
            continue
        if path.is_file() and path.stat().st_mtime >= since:
            found.append(path)
    return found


def recording_session() -> tuple[requests.Session, list[str], list[str]]:
    """A client that notes every address it was sent to and every cookie it was given."""
    session = requests.Session()
    seen_urls: list[str] = []
    set_cookies: list[str] = []

    def record(response, *args, **kwargs):
        seen_urls.append(response.url)
        seen_urls.extend(r.headers.get("Location", "") for r in response.history)
        set_cookies.extend(response.raw.headers.getlist("Set-Cookie"))

    session.hooks["response"].append(record)
    return session, seen_urls, set_cookies


def test_a_full_journey_leaves_no_personal_data_anywhere(server):
    base = server["url"]
    session, seen_urls, set_cookies = recording_session()
    form = {**PERSON, "letters": ALL_LETTERS, "csrf_token": token(session, f"{base}/quick")}
    letters_page = session.post(f"{base}/quick", data=form, timeout=60)
    assert letters_page.status_code == 200
    assert "QQ 99 11 83 B" in letters_page.text  # the details did reach the letters
    assert letters_page.headers["Cache-Control"] == "no-store"
    for letter_id in ["dwp-sar", "sar-reminder"]:
        for fmt in FORMATS:
            response = session.post(f"{base}/letters/{letter_id}.{fmt}", data=form, timeout=60)
            assert response.status_code == 200, (letter_id, fmt)
            assert response.headers["Cache-Control"] == "no-store"
    for extra in ("pack.pdf", "dates.ics"):
        assert session.post(f"{base}/letters/{extra}", data=form, timeout=60).ok
    bad = session.post(f"{base}/quick", data={**form, "dob": "not a date"}, timeout=60)
    assert bad.status_code == 200 and "Zyxwarkle" in bad.text  # typed values kept on the page

    _visit_the_other_journeys(session, base)
    time.sleep(0.5)  # let the server flush anything it would write

    places = {"server log": server["log"].read_text("utf-8", "replace")}
    for path in files_written_since(paths.ROOT, server["since"]):
        places[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for path in server["tmp"].rglob("*"):
        if path.is_file():
            places[str(path)] = path.read_bytes().decode("utf-8", "replace")
    places["cookies set"] = "\n".join(set_cookies)
    places["cookie jar"] = "\n".join(f"{c.name}={c.value}" for c in session.cookies)
    places["session cookie contents"] = "\n".join(
        flask_session_payload(c.value) for c in session.cookies if c.name == "session"
    )
    places["URLs visited"] = "\n".join(seen_urls)
    for where, text in places.items():
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), f"{marker!r} found in {where}"


def _answer(session: requests.Session, base: str, path: str, data: dict) -> None:
    """Answer one question as a browser does: GET the form, post it back with its token."""
    response = session.post(
        f"{base}{path}", data={**data, "csrf_token": token(session, f"{base}{path}")}, timeout=60
    )
    assert response.ok, (path, response.status_code)


def _visit_the_other_journeys(session: requests.Session, base: str) -> None:
    """The claimant journey and the reply journey, with the marker details, over real HTTP."""
    for path in ("/", "/sites", "/sites/myworksearch", "/privacy", "/api/v1/sites.json"):
        session.get(f"{base}{path}", timeout=30)
    for path, data in (
        ("/journey/where-you-live", {"nation": "england"}),
        ("/journey/who-for", {"who": "myself"}),
        ("/journey/who-told-you", {"provider": "seetec"}),
        ("/journey/which-site", {"site": "myworksearch"}),
        ("/journey/which-letters", {"letters": ["provider-questions", "dwp-sar", "dwp-foi"]}),
        ("/journey/where-to-send", {"provider_address": "1 Provider Road\nProvidertown"}),
    ):
        _answer(session, base, path, data)
    details = {k: PERSON[k] for k in ("name", "address", "postcode", "email", "phone")}
    details.update(
        {"nino": PERSON["nino"], "dob": ["29", "4", "1971"], "sent_method": "first-class"}
    )
    check = session.post(
        f"{base}/journey/check-answers",
        data={**details, "csrf_token": token(session, f"{base}/journey/your-details")},
        timeout=60,
    )
    assert "QQ 99 11 83 B" in check.text, "the details did not reach check your answers"
    hidden = [
        (i["name"], i["value"])
        for i in BeautifulSoup(check.text, "html.parser").select(
            "form[action='/journey/letters'] input[type=hidden]"
        )
    ]
    letters = session.post(f"{base}/journey/letters", data=hidden, timeout=60)
    assert letters.ok and "QQ 99 11 83 B" in letters.text

    session.get(
        f"{base}/replies/start?nation=england&site=myworksearch&provider=seetec", timeout=30
    )
    for path, data in (
        ("/replies/where-you-live", {"nation": "england"}),
        ("/replies/which-letter", {"follows": "dwp-sar"}),
        ("/replies/when-sent", {"sent_on": "2026-09-01", "sent_method": "first-class"}),
        ("/replies/what-happened", {"reply": "no-reply"}),
        ("/replies/where-you-stand", {"letters": ["sar-reminder"]}),
    ):
        _answer(session, base, path, data)
    reply_letters = session.post(
        f"{base}/replies/your-details",
        data={**details, "csrf_token": token(session, f"{base}/replies/your-details")},
        timeout=60,
    )
    assert reply_letters.ok and "Zyxwarkle" in reply_letters.text


def test_the_session_cookie_is_httponly_and_samesite(server):
    session = requests.Session()
    response = session.get(f"{server['url']}/quick", timeout=30)
    cookie = response.headers.get("Set-Cookie", "")
    assert re.search(r"HttpOnly", cookie, re.I) and re.search(r"SameSite=Lax", cookie, re.I)


# --- their answer, read at /replies/read and by `sarkit reply read` ------------------------------

READ_MARKER = "Qwxplorvane"


def _answer_pdf() -> bytes:
    """A reply as a PDF with the marker in it (the reference and a sentence), made in memory."""
    from weasyprint import HTML

    body = (
        f"<p>Our Ref: {READ_MARKER}77</p><p>3 November 2026</p><p>Dear {READ_MARKER},</p>"
        "<p>We have estimated that the cost of meeting your request would exceed the cost limit "
        f"of £600 (Section 12). {READ_MARKER} lives at 9 Marker Road.</p>"
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _photo(pdf: bytes) -> bytes:
    import io

    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil().convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _files_in_tmp_since(since: float, skip: Path) -> list[Path]:
    found = []
    for path in Path("/tmp").rglob("*"):
        try:
            if skip in path.parents or not path.is_file() or path.is_symlink():
                continue
            if path.stat().st_mtime >= since and path.stat().st_size < 50 * 1024 * 1024:
                found.append(path)
        except OSError:  # gone, or not ours to read
            continue
    return found


def test_reading_their_answer_leaves_no_trace_anywhere(server, tmp_path):
    base = server["url"]
    since = time.time()
    session, seen_urls, set_cookies = recording_session()
    session.get(f"{base}/replies/start", timeout=30)
    for path, data in (
        ("/replies/where-you-live", {"nation": "england"}),
        ("/replies/which-letter", {"follows": "dwp-foi"}),
        ("/replies/when-sent", {"sent_on": "2026-10-01", "sent_method": "email"}),
    ):
        _answer(session, base, path, data)
    pdf = _answer_pdf()
    # Over 500 KB, where Werkzeug would spool an upload to a temporary file.
    big_photo = _photo(pdf) + b"\0" * (600 * 1024)
    for name, data, kind in (
        ("answer.pdf", pdf, "application/pdf"),
        ("photo.jpg", big_photo, "image/jpeg"),
        ("answer.txt", pdf.decode("latin-1").encode("utf-8"), "text/plain"),
    ):
        page = session.post(
            f"{base}/replies/read",
            data={"csrf_token": token(session, f"{base}/replies/read")},
            files={"file": (name, data, kind)},
            timeout=60,
        )
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    pasted = session.post(
        f"{base}/replies/read",
        data={
            "csrf_token": token(session, f"{base}/replies/read"),
            "text": f"Our Ref: {READ_MARKER}77\n3 November 2026\nCost limit, Section 12.",
        },
        timeout=60,
    )
    assert f"{READ_MARKER}77" in pasted.text  # the reference is shown to the person
    soup = BeautifulSoup(pasted.text, "html.parser")
    confirm = {
        i["name"]: i.get("value", "")
        for i in soup.select("form[action='/replies/read/confirm'] input[type=hidden]")
    }
    confirmed = session.post(
        f"{base}/replies/read/confirm", data={**confirm, "reply": "foi-refused-cost"}, timeout=60
    )
    assert confirmed.ok

    # The command line, on a file and on standard input.
    answer_file = tmp_path / "their-answer.pdf"
    answer_file.write_bytes(pdf)
    sarkit = str(paths.ROOT / ".venv" / "bin" / "sarkit")
    env = {**os.environ, "TMPDIR": str(server["tmp"])}
    cli = subprocess.run(
        [sarkit, "reply", "read", str(answer_file)],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert cli.returncode == 0 and cli.stdout.startswith(b"foi-refused-cost")
    piped = subprocess.run(
        [sarkit, "reply", "read", "-", "--json"],
        capture_output=True,
        input=f"{READ_MARKER} cost limit".encode(),
        env=env,
        check=False,
        timeout=120,
    )
    assert piped.returncode in (0, 3)
    time.sleep(0.5)

    places = {"server log": server["log"].read_text("utf-8", "replace")}
    for path in files_written_since(paths.ROOT, since):
        places[str(path)] = path.read_bytes().decode("latin-1")
    for path in _files_in_tmp_since(since, skip=tmp_path):
        places[str(path)] = path.read_bytes().decode("latin-1")
    places["cookies set"] = "\n".join(set_cookies)
    places["session cookie contents"] = "\n".join(
        flask_session_payload(c.value) for c in session.cookies if c.name == "session"
    )
    places["URLs visited"] = "\n".join(seen_urls)
    for where, text in places.items():
        assert READ_MARKER.lower() not in text.lower(), f"{READ_MARKER!r} found in {where}"
    assert '"reply":"foi-refused-cost"' in places["session cookie contents"]
