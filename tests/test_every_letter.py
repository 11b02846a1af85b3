"""Every letter id, in every format, from the web and the command line."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner

from sarkit.answers import parse_answers
from sarkit.cli import main
from sarkit.documents import runs_text, to_docx
from sarkit.letters import all_letters, build_letter
from sarkit.outputs import render_documents
from sarkit.profiles import load_catalogue
from tests.letter_extras import extra_answers
from tests.webforms import EXAMPLE, with_token

FOLLOW_UP = {
    "sent_on": "2026-09-01",
    "reference": "DWP-REF-9",
    "reply": "no-reply",
    "reply_on": "2026-10-20",
}
LETTER_IDS = sorted(all_letters())


def answers_for(letter_id: str) -> dict:
    return {**EXAMPLE, **FOLLOW_UP, **extra_answers(letter_id), "letters": [letter_id]}


@pytest.mark.parametrize("letter_id", LETTER_IDS)
@pytest.mark.parametrize("fmt", ["html", "pdf", "txt", "docx"])
def test_every_letter_downloads_in_every_format_from_the_web(client, letter_id, fmt):
    response = client.post(
        f"/letters/{letter_id}.{fmt}", data=with_token(client, answers_for(letter_id))
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    if fmt == "pdf":
        assert response.data.startswith(b"%PDF")
    elif fmt == "docx":
        assert "Siân O'Brien-Jones" in "\n".join(
            p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs
        )
    else:
        assert "Siân O" in response.get_data(as_text=True)


@pytest.mark.parametrize("letter_id", LETTER_IDS)
def test_every_letter_prints_as_text_from_the_command_line(tmp_path, letter_id):
    path = tmp_path / "answers.json"
    data = {k: v for k, v in answers_for(letter_id).items() if k != "letters"}
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["letter", letter_id, "--answers", str(path)])
    assert result.exit_code == 0, result.output
    assert "Siân O'Brien-Jones" in result.output


def test_every_letter_in_one_docx_converts_with_libreoffice_with_the_text_intact(tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is missing: run `make setup` (it installs Debian's package)"
    catalogue = load_catalogue()
    docs = []
    for letter_id in LETTER_IDS:
        data = {k: v for k, v in answers_for(letter_id).items() if k != "letters"}
        docs.append(build_letter(letter_id, parse_answers(data)[0], catalogue))
    source = tmp_path / "all.docx"
    source.write_bytes(to_docx(docs))
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "all.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = " ".join(text.split())
    for doc in docs:
        assert " ".join(doc.subject.split()) in squashed, doc.letter_id
    assert squashed.count("Siân O'Brien-Jones") >= len(docs)


def test_every_letters_docx_numbers_each_list_from_1_in_libreoffice(tmp_path):
    """Each letter's DOCX as downloaded, read back by LibreOffice: every numbered list counts
    1, 2, 3... (they once shared one Word numbering, so erasure's second list read 4-7)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is missing: run `make setup` (it installs Debian's package)"
    catalogue = load_catalogue()
    adviser = {
        "adviser": {
            "name": "Alex Adviser",
            "organisation": "Example Advice Centre",
            "email": "alex@example.org",
        }
    }
    made = {}
    for letter_id in LETTER_IDS:
        data = {k: v for k, v in answers_for(letter_id).items() if k != "letters"}
        for mode, extra in (("claimant", {}), ("adviser", adviser)):
            doc = build_letter(letter_id, parse_answers({**data, **extra})[0], catalogue)
            if mode == "adviser" and doc.letter_id == "authority-to-act":
                continue
            path = tmp_path / f"{letter_id}-{mode}.docx"
            path.write_bytes(render_documents([doc], "docx"))
            made[path] = doc
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
        + ["--convert-to", "txt:Text", "--outdir", str(tmp_path / "txt")]
        + [str(p) for p in made],
        check=True,
        capture_output=True,
        timeout=300,
    )
    lists = 0
    for path, doc in made.items():
        lines = [
            " ".join(line.split())
            for line in (tmp_path / "txt" / f"{path.stem}.txt").read_text("utf-8-sig").splitlines()
        ]
        for block in doc.body:
            if block.kind != "numbers":
                continue
            lists += 1
            for n, item in enumerate(block.items, 1):
                start = " ".join(runs_text(item).split())[:40]
                found = [line for line in lines if start in line]
                assert found, f"{path.name}: {start!r} is not in LibreOffice's text"
                assert found[0].startswith(f"{n}. "), f"{path.name}: {found[0][:60]!r}"
    assert lists >= 20  # the letters have many numbered lists; erasure has two
