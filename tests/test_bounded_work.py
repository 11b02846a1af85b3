"""Bounded work per request: limits a real letter never meets, each with a sentence saying what
to shorten, so that no one request can make the PDF renderer work for long."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from sarkit import create_app
from sarkit.answers import MAX_LINES, AnswersError, parse_answers
from sarkit.letters import all_letters
from sarkit.packs import MAX_LETTERS
from tests.helpers import post_page, text_of
from tests.webforms import EXAMPLE, csrf_token


@pytest.fixture(scope="module")
def app():
    return create_app({"SECRET_KEY": "k", "RATE_LIMIT": "off", "SESSION_COOKIE_SECURE": False})


@pytest.mark.parametrize("field", sorted(MAX_LINES))
def test_a_field_with_too_many_lines_says_how_many_are_allowed(field):
    limit = MAX_LINES[field]
    extra = {"adviser_name": "Alex Adviser"} if field.startswith("adviser_") else {}
    assert parse_answers({**extra, field: "\n".join(["a"] * limit)})
    with pytest.raises(AnswersError) as raised:
        parse_answers({**extra, field: "\n".join(["a"] * (limit + 1))})
    (error,) = raised.value.errors
    assert error.field == field
    assert error.message.endswith(f"in {limit} lines or fewer.")


def test_a_pack_of_too_many_letters_is_refused_with_a_sentence(client):
    many = [i for i in all_letters() if i != "authority-to-act"][: MAX_LETTERS + 1]
    assert len(many) == MAX_LETTERS + 1
    form = {
        **EXAMPLE,
        "letters": many,
        "follows": "dwp-sar",
        "grounds": "Because.",
        "csrf_token": csrf_token(client),
    }
    response = client.post("/letters/pack.pdf", data=form)
    assert response.status_code == 400
    assert f"Choose {MAX_LETTERS} letters or fewer for one pack" in response.get_data(as_text=True)
    page = post_page(client, "/quick", form)
    assert f"Choose {MAX_LETTERS} letters or fewer" in text_of(
        page.select_one(".govuk-error-summary")
    )


def test_a_download_with_no_rendering_slot_free_is_busy_and_pages_still_answer(tmp_path):
    from sarkit.web.render_slots import _take, slot_files

    app = create_app(
        {
            "SECRET_KEY": "k",
            "RATE_LIMIT": "off",
            "SESSION_COOKIE_SECURE": False,
            "RENDER_SLOTS": 1,
            "RENDER_SLOTS_DIR": str(tmp_path),
            "RENDER_SLOT_WAIT": 0.2,
        }
    )
    client = app.test_client()
    form = {**EXAMPLE, "letters": "dwp-sar", "csrf_token": csrf_token(client)}
    import os

    held = _take(slot_files(tmp_path, 1), 0)  # another worker is rendering
    try:
        busy = client.post("/letters/pack.pdf", data=form)
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "30"
        assert "Many people are making letters right now" in busy.get_data(as_text=True)
        assert client.post("/letters/dwp-sar.pdf", data=form).status_code == 503
        assert client.get("/").status_code == 200
        assert client.post("/letters/dwp-sar.txt", data=form).status_code == 200
        page = BeautifulSoup(busy.data, "html.parser")
        again = page.select_one("form[action='/letters/pack.pdf']")
    finally:
        os.close(held)
    # "Try again" posts the same answers (and a fresh token): now there is a slot, so the PDF.
    fields = [(i["name"], i["value"]) for i in again.select("input[type=hidden]")]
    assert ("name", EXAMPLE["name"]) in fields and ("letters", "dwp-sar") in fields
    retried = client.post("/letters/pack.pdf", data=MultiDict(fields))
    assert retried.status_code == 200 and retried.data.startswith(b"%PDF")


def test_a_slot_held_by_a_worker_that_died_is_free_again(tmp_path):
    import subprocess
    import sys

    from sarkit.web.render_slots import _take, slot_files

    (path,) = slot_files(tmp_path, 1)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
                "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    assert _take([path], 0) is None
    holder.kill()
    holder.wait()
    holder.stdout.close()
    fd = _take([path], 1)
    assert fd is not None
    import os

    os.close(fd)


def test_limits_off_log_no_errors(client, caplog):
    form = {**EXAMPLE, "letters": "dwp-sar", "csrf_token": csrf_token(client)}
    with caplog.at_level("WARNING"):
        assert client.post("/letters/dwp-sar.pdf", data=form).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
