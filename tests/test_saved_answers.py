"""Save your answers on this device, and open them again: the answers JSON the command line
reads, downloaded from the letters page and uploaded (field `answers_file`) on /quick. Nothing
of it is kept on the server."""

from __future__ import annotations

import io
import json

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from sarkit.cli import main
from tests.helpers import post_page
from tests.webforms import ADVISER, EXAMPLE, csrf_token, with_token


def saved(client, data: dict) -> bytes:
    response = client.post("/letters/answers.json", data=with_token(client, data))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert 'filename="sarkit-answers.json"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_data()


def open_saved(client, content: bytes, status: int = 200):
    data = {
        "csrf_token": csrf_token(client),
        "answers_file": (io.BytesIO(content), "sarkit-answers.json"),
    }
    return post_page(client, "/quick", data, status)


def test_the_saved_file_is_the_answers_json_and_opens_the_form_filled_in(client):
    content = saved(client, {**EXAMPLE, **ADVISER})
    data = json.loads(content)
    assert data["name"] == EXAMPLE["name"] and data["nino"] == "QQ123456C"
    assert data["adviser"]["reference"] == "CASE-42"
    assert data["letters"] == EXAMPLE["letters"]
    page = open_saved(client, content)
    assert "Your saved answers are filled in below" in page.get_text()
    assert page.find("input", {"name": "name"})["value"] == EXAMPLE["name"]
    assert page.find("input", {"name": "adviser_reference"})["value"] == "CASE-42"
    assert page.find("textarea", {"name": "address"}).get_text().strip() == EXAMPLE["address"]
    ticked = [
        i["value"] for i in page.find_all("input", {"name": "letters"}) if i.has_attr("checked")
    ]
    assert ticked == EXAMPLE["letters"]
    assert page.select_one(".govuk-error-summary") is None
    assert not [c for c in client._cookies.values() if EXAMPLE["name"] in c.value]  # noqa: SLF001


def test_the_command_line_reads_the_saved_file(client, tmp_path):
    path = tmp_path / "saved.json"
    path.write_bytes(saved(client, EXAMPLE))
    result = CliRunner().invoke(main, ["letter", "dwp-sar", "--answers", str(path)])
    assert result.exit_code == 0, result.output
    assert "QQ 12 34 56 C" in result.output


def test_a_file_that_is_not_saved_answers_is_refused_with_a_sentence(client):
    for content in (b"", b"not json", b"[1, 2]", b"\xff\xfe\x00", b"{" + b" " * 40_000 + b"}"):
        page = open_saved(client, content, status=400)
        summary = page.select_one(".govuk-error-summary")
        assert summary is not None and "Choose a file of saved answers" in summary.get_text()


def test_a_saved_file_with_a_mistake_fills_in_the_rest(client):
    content = json.dumps({**EXAMPLE, "postcode": "nope"}).encode()
    page = open_saved(client, content)
    assert page.find("input", {"name": "name"})["value"] == EXAMPLE["name"]


# --- the reply helper: start from the file, and fill the details from it ---------------------


def upload(client, path: str, content: bytes, status: int = 200):
    data = {"csrf_token": csrf_token(client, path), "answers_file": (io.BytesIO(content), "a.json")}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_the_reply_helper_starts_from_a_saved_file_and_asks_only_what_it_does_not_say(app, client):
    """The file from a letters page for a request to DWP sent 2026-11-20: the reply helper
    keeps only the choices that are not personal, and goes straight to 'What happened?'."""
    content = saved(client, {**EXAMPLE, "letters": ["dwp-sar"]})
    response = upload(client, "/replies", content)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/replies/what-happened")
    kept = app.session_interface.get_signing_serializer(app).loads(
        client.get_cookie("session").value
    )["replies"]
    assert kept["follows"] == "dwp-sar" and kept["sent_on"] == "2026-11-20"
    assert kept["nation"] == "england" and kept["provider"] == "seetec"
    assert EXAMPLE["name"] not in repr(kept) and "QQ" not in repr(kept)


# Sent on 1 October 2026, so the answer is late and there is a reminder to write.
LATE = {**EXAMPLE, "letters": ["dwp-sar"], "date": "2026-10-01"}


def test_the_reply_helpers_details_page_fills_in_from_the_same_file(client):
    content = saved(client, LATE)
    upload(client, "/replies", content)
    for path, data in (
        ("/replies/what-happened", {"reply": "no-reply"}),
        ("/replies/where-you-stand", {"letters": "sar-reminder"}),
    ):
        client.post(path, data={**data, "csrf_token": csrf_token(client, path)})
    page = BeautifulSoup(upload(client, "/replies/your-details", content).data, "html.parser")
    assert "Your saved details are filled in below" in page.get_text()
    assert page.find("input", {"name": "name"})["value"] == EXAMPLE["name"]
    assert page.select_one(".govuk-error-summary") is None


@pytest.mark.parametrize("path", ["/replies", "/replies/your-details", "/quick"])
def test_a_file_that_is_not_saved_answers_says_so_on_every_page_that_takes_one(client, path):
    if path == "/replies/your-details":
        upload(client, "/replies", saved(client, LATE))
        for step, data in (
            ("/replies/what-happened", {"reply": "no-reply"}),
            ("/replies/where-you-stand", {"letters": "sar-reminder"}),
        ):
            client.post(step, data={**data, "csrf_token": csrf_token(client, step)})
    response = upload(client, path, b"%PDF-1.7 not answers")
    assert response.status_code == 400
    page = BeautifulSoup(response.data, "html.parser")
    assert "Choose a file of saved answers" in page.select_one("#answers_file-error").get_text()
    assert page.select_one("#open-saved").has_attr("open")


def test_the_start_page_takes_the_file_too(client):
    page = BeautifulSoup(client.get("/").data, "html.parser")
    form = page.select_one("#open-saved form")
    assert form["action"] == "/quick" and form["enctype"] == "multipart/form-data"
    assert form.select_one('input[type="file"][name="answers_file"]') is not None


def test_the_cached_start_page_gives_each_visitor_their_own_form_token(app):
    """The start page is rendered once for everyone; its form's token must still be each
    visitor's own, or the second visitor's upload fails as 'session timed out'."""
    first, second = app.test_client(), app.test_client()
    first.get("/")
    page = BeautifulSoup(second.get("/").data, "html.parser")
    token = page.select_one("#open-saved input[name='csrf_token']")["value"]
    content = saved(first, {**EXAMPLE, "letters": ["dwp-sar"]})
    data = {"csrf_token": token, "answers_file": (io.BytesIO(content), "a.json")}
    response = second.post("/quick", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Your saved answers are filled in below" in response.get_data(as_text=True)
