"""Save your answers on this device, and open them again: the answers JSON the command line
reads, downloaded from the letters page and uploaded (field `answers_file`) on /quick. Nothing
of it is kept on the server."""

from __future__ import annotations

import io
import json

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
