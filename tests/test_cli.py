"""The command line, run as a volunteer or adviser would: real files, real exit codes."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from sarkit.cli import main

ANSWERS = {
    "nation": "england",
    "site": "myworksearch",
    "provider": "seetec",
    "provider_address": "1 Provider Road\nProvidertown PR1 1PR",
    "name": "Siân O'Brien-Jones",
    "address": "1 Example Street\nExampletown",
    "postcode": "EX1 1EX",
    "nino": "qq 12 34 56 c",
    "dob": "1980-02-03",
    "adviser": None,
    "date": "2026-11-20",
}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "sarkit", "deadline", "foi", "--received", "2026-03-16"],
        capture_output=True,
        text=True,
    )
    # Received Mon 16 Mar 2026. Working days after: 17 Mar is St Patrick's Day (NI), so not
    # counted; 18, 19, 20 (3), 23-27 (8), 30, 31, 1 Apr, 2 (12); 3 Apr Good Friday, 6 Apr
    # Easter Monday; 7-10 (16), 13, 14, 15, 16 (20) -> Thu 16 April 2026.
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "2026-04-16"


def test_letters_lists_ids_and_titles_tab_separated(runner):
    result = runner.invoke(main, ["letters"])
    lines = result.output.splitlines()
    assert "dwp-sar\tAsk DWP for a copy of your data (subject access request)" in lines
    assert all("\t" in line for line in lines)


def test_letter_defaults_to_text_on_stdout_with_the_normalised_ni_number(runner, answers_file):
    result = runner.invoke(main, ["letter", "dwp-sar", "--answers", str(answers_file)])
    assert result.exit_code == 0
    assert "QQ 12 34 56 C" in result.output and "Siân O'Brien-Jones" in result.output


def test_letter_pdf_holds_the_name_site_and_law(runner, answers_file, tmp_path):
    out = tmp_path / "sar.pdf"
    result = runner.invoke(
        main,
        ["letter", "dwp-sar", "--answers", str(answers_file), "--format", "pdf", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Siân O'Brien-Jones" in text and "QQ 12 34 56 C" in text
    assert "MyWorkSearch" in text and "Article 15" in text


def test_foi_draft_holds_no_ni_number_or_date_of_birth(runner, answers_file, tmp_path):
    out = tmp_path / "foi.pdf"
    runner.invoke(
        main,
        ["letter", "dwp-foi", "--answers", str(answers_file), "--format", "pdf", "-o", str(out)],
    )
    text = pdf_text(out)
    for personal in ("QQ 12 34 56 C", "QQ123456C", "3 February 1980", "1980-02-03"):
        assert personal not in text
    assert "Freedom of Information Act 2000" in text


def test_pdf_without_output_file_is_refused_with_a_sentence(runner, answers_file):
    result = runner.invoke(
        main, ["letter", "dwp-sar", "--answers", str(answers_file), "--format", "pdf"]
    )
    assert result.exit_code != 0
    assert "-o FILE.pdf" in result.output


def test_bad_answers_name_the_field_and_unknown_keys_warn(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**ANSWERS, "nino": "12345", "favourite_colour": "blue"}))
    result = runner.invoke(main, ["letter", "dwp-sar", "--answers", str(path)])
    assert result.exit_code == 1
    assert "nino: Enter a National Insurance number" in result.output
    assert "favourite_colour" in result.output


def test_missing_and_broken_answers_files_say_what_to_fix(runner, tmp_path):
    result = runner.invoke(main, ["letter", "dwp-sar", "--answers", str(tmp_path / "no.json")])
    assert result.exit_code == 1 and "no answers file" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = runner.invoke(main, ["letter", "dwp-sar", "--answers", str(broken)])
    assert result.exit_code == 1 and "not valid JSON" in result.output


def test_unknown_letter_id_is_an_error_naming_the_command_to_list_them(runner, answers_file):
    result = runner.invoke(main, ["letter", "nope", "--answers", str(answers_file)])
    assert result.exit_code == 1 and "sarkit letters" in result.output


def test_pack_writes_a_pdf_with_a_cover_and_a_calendar(runner, answers_file, tmp_path):
    out, ics = tmp_path / "pack.pdf", tmp_path / "dates.ics"
    result = runner.invoke(
        main,
        [
            "pack",
            "--answers",
            str(answers_file),
            "--letters",
            "provider-questions,dwp-sar,dwp-foi",
            "-o",
            str(out),
            "--ics",
            str(ics),
        ],
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert text.index("what to do next") < text.index("Questions about using MyWorkSearch")
    calendar = Calendar.from_ical(ics.read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 4  # SAR and FOI: due date and day after


def write_caseload(path: Path, rows: int, bad: dict[int, dict]) -> None:
    """A spreadsheet of `rows` clients; `bad` maps a row index to the cells to spoil."""
    fields = [
        "nation",
        "site",
        "provider",
        "name",
        "address",
        "postcode",
        "nino",
        "dob",
        "adviser_name",
        "adviser_organisation",
        "adviser_address",
        "date",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for n in range(rows):
            row = {
                "nation": "england",
                "site": "myworksearch",
                "provider": "seetec",
                "name": f"Client Number {chr(65 + n % 26)}",
                "address": f"{n + 1} Example Street\nExampletown",
                "postcode": "EX1 1EX",
                "nino": f"QQ{n:06d}C",
                "dob": "1980-02-03",
                "adviser_name": "Alex Adviser",
                "adviser_organisation": "Example Advice Centre",
                "adviser_address": "3 Advice Lane\nExampletown",
                "date": "2026-11-20",
            }
            row.update(bad.get(n, {}))
            writer.writerow(row)


def test_batch_of_25_with_2_bad_rows_writes_23_packs_and_names_the_rows(runner, tmp_path):
    sheet = tmp_path / "clients.csv"
    # Rows are numbered as a spreadsheet shows them: header 1, first client 2.
    write_caseload(sheet, 25, {4: {"nino": "12345"}, 19: {"dob": "1980-13-01"}})
    outdir = tmp_path / "packs"
    result = runner.invoke(
        main, ["pack", "--answers-csv", str(sheet), "--letters", "dwp-sar", "-o", str(outdir)]
    )
    assert result.exit_code == 1
    assert len(list(outdir.glob("*.pdf"))) == 23
    assert len(list(outdir.glob("*.ics"))) == 23
    assert "Line 6: nino:" in result.output
    assert "Line 21: dob:" in result.output
    assert "Wrote 23 pack(s); 2 row(s) need fixing." in result.output
    # No case references in this sheet: each pack is named by its row and the surname.
    first = pdf_text(outdir / "pack-line-002-A.pdf")
    assert first.index("Your signed authority") < first.index("Subject access request")
    assert not (outdir / "pack-line-006-E.pdf").exists()  # the bad row


# --- a caseload's packs name the client -------------------------------------------------------


def run_caseload(runner, tmp_path, rows, extra_args=(), name="packs"):
    sheet = tmp_path / f"{name}.csv"
    fields = sorted({k for row in rows for k in row})
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    outdir = tmp_path / name
    result = runner.invoke(
        main,
        ["pack", "--answers-csv", str(sheet), "--letters", "dwp-sar", "-o", str(outdir)]
        + list(extra_args),
    )
    return result, outdir


def client_row(n: int, **cells) -> dict:
    return {
        "nation": "england",
        "site": "myworksearch",
        "provider": "seetec",
        "name": f"Client Person{chr(65 + n)}",
        "address": f"{n + 1} Example Street\nExampletown",
        "postcode": "EX1 1EX",
        "nino": f"QQ{n:06d}C",
        "dob": "1980-02-03",
        "adviser_name": "Alex Adviser",
        "adviser_organisation": "Example Advice Centre",
        "adviser_address": "3 Advice Lane\nExampletown",
        "date": "2026-11-20",
        **cells,
    }


def test_batch_packs_are_named_by_case_reference_or_row_and_surname_in_safe_ascii(runner, tmp_path):
    rows = [
        client_row(0, adviser_reference="CA/2026/0042"),
        client_row(1, name="Siân O'Brien-Jones"),  # no reference: row and surname
        client_row(2, adviser_reference="CA/2026/0042"),  # the same reference again
        client_row(3, adviser_reference="Ref: ÉLAN #7 ../../etc"),
    ]
    result, outdir = run_caseload(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in outdir.glob("*.pdf"))
    assert names == [
        "pack-CA-2026-0042-line-004.pdf",
        "pack-CA-2026-0042.pdf",
        "pack-Ref-ELAN-7-etc.pdf",
        "pack-line-003-OBrien-Jones.pdf",
    ]
    assert sorted(p.name for p in outdir.glob("*.ics")) == [n[:-4] + ".ics" for n in names]
    # The cover says whose pack it is, before anything else.
    cover = pdf_text(outdir / "pack-CA-2026-0042.pdf")
    assert cover.index("For: Client PersonA · Our reference: CA/2026/0042") < cover.index(
        "Send it to"
    )
    assert "For: Siân O'Brien-Jones" in pdf_text(outdir / "pack-line-003-OBrien-Jones.pdf")


def test_batch_calendars_are_valid_rfc5545_with_a_unique_uid_per_client_and_stable(
    runner, tmp_path
):
    """25 clients with the same letter, date and method: 50 events, 50 UIDs, the same again
    when the batch is run again, each titled with the case reference and none naming anyone."""
    rows = [client_row(n, adviser_reference=f"CA-{n:03d}") for n in range(25)]
    base = ["--base-url", "https://sarkit.example.org/"]
    result, outdir = run_caseload(runner, tmp_path, rows, base)
    assert result.exit_code == 0, result.output
    again, outdir2 = run_caseload(runner, tmp_path, rows[:2], base, name="again")
    assert again.exit_code == 0, again.output

    def events(path):
        raw = path.read_bytes()
        assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
        calendar = Calendar.from_ical(raw)
        assert str(calendar["version"]) == "2.0" and calendar.get("prodid")
        found = list(calendar.walk("VEVENT"))
        for event in found:  # RFC 5545 3.6.1: UID and DTSTAMP are required, once each
            assert event.get("uid") and event.get("dtstamp") and event.get("dtstart")
            assert event.decoded("dtstamp").tzinfo is not None  # a UTC time
            assert event.decoded("dtend") > event.decoded("dtstart")
        return raw.decode("utf-8"), found

    uids = []
    for n, row in enumerate(rows):
        text, found = events(outdir / f"pack-CA-{n:03d}.ics")
        assert len(found) == 2
        assert all(str(e["summary"]).startswith(f"CA-{n:03d} – ") for e in found)
        unfolded = text.replace("\r\n ", "")
        for personal in (row["name"], row["nino"], "QQ ", "Example Street", "1980"):
            assert personal not in unfolded
        assert "https://sarkit.example.org/replies/start?" in unfolded
        uids += [str(e["uid"]) for e in found]
    assert len(set(uids)) == 50, "two events share a UID: calendars would merge them"
    for n in range(2):  # the same letter for the same client: the same UIDs
        _, found = events(outdir2 / f"pack-CA-{n:03d}.ics")
        assert [str(e["uid"]) for e in found] == uids[2 * n : 2 * n + 2]


def test_batch_without_a_public_base_url_never_hands_out_a_loopback_link(
    runner, tmp_path, monkeypatch
):
    monkeypatch.delenv("SARKIT_BASE_URL", raising=False)
    result, outdir = run_caseload(runner, tmp_path, [client_row(0)])
    assert result.exit_code == 0, result.output
    assert "Set SARKIT_BASE_URL (or --base-url)" in result.output
    text = (outdir / "pack-line-002-PersonA.ics").read_text(encoding="utf-8")
    cover = pdf_text(outdir / "pack-line-002-PersonA.pdf")
    for made in (text.replace("\r\n ", ""), cover):
        assert "127.0.0.1" not in made and "localhost" not in made
    assert 'go back to sarkit and choose "I have sent a letter"' in text.replace("\r\n ", "")
    monkeypatch.setenv("SARKIT_BASE_URL", "https://advice.example.org/sarkit/")
    result, outdir = run_caseload(runner, tmp_path, [client_row(0)], name="configured")
    assert "SARKIT_BASE_URL" not in result.output
    cover = " ".join(pdf_text(outdir / "pack-line-002-PersonA.pdf").split())
    assert "https://advice.example.org/sarkit/replies/start?" in cover.replace(" ", "")


def test_profiles_validate_passes_on_the_repository(runner):
    result = runner.invoke(main, ["profiles", "validate"])
    assert result.exit_code == 0, result.output


def test_profiles_list_and_show(runner):
    listed = runner.invoke(main, ["profiles", "list"]).output
    assert "site\tmyworksearch\tMyWorkSearch" in listed
    shown = runner.invoke(main, ["profiles", "show", "myworksearch"])
    assert shown.exit_code == 0 and "id: myworksearch" in shown.output
    missing = runner.invoke(main, ["profiles", "show", "nope"])
    assert missing.exit_code == 1


def test_profiles_new_writes_a_starter_in_the_profiles_dir(runner, tmp_path, monkeypatch):
    import shutil

    from sarkit import paths

    copy = tmp_path / "profiles"
    shutil.copytree(paths.ROOT / "site_profiles", copy)
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(copy))
    result = runner.invoke(main, ["profiles", "new", "site", "Jobs Near Me"])
    assert result.exit_code == 0, result.output
    assert (copy / "sites" / "jobs-near-me.yaml").exists()
    again = runner.invoke(main, ["profiles", "new", "site", "Jobs Near Me"])
    assert again.exit_code == 1


def test_adviser_letters_carry_the_organisations_letterhead_and_logo(runner, tmp_path, monkeypatch):
    from sarkit import paths
    from sarkit.rendering import default_renderer

    monkeypatch.setenv("SARKIT_ORG_NAME", "Example Advice Centre")
    monkeypatch.setenv("SARKIT_ORG_ADDRESS", "3 Advice Lane|Exampletown")
    monkeypatch.setenv("SARKIT_ORG_CHARITY_NUMBER", "1234567")
    monkeypatch.setenv("SARKIT_ORG_LOGO", str(paths.ROOT / "assets" / "icon-180.png"))
    default_renderer.cache_clear()  # the renderer reads the logo's place when it is made
    try:
        answers = tmp_path / "adviser.json"
        answers.write_text(
            json.dumps(
                {
                    **ANSWERS,
                    "adviser": {
                        "name": "Alex Adviser",
                        "organisation": "Example Advice Centre",
                        "address": "3 Advice Lane\nExampletown",
                    },
                }
            )
        )
        out = tmp_path / "pack.pdf"
        result = runner.invoke(
            main, ["pack", "--answers", str(answers), "--letters", "dwp-sar", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "Registered charity number 1234567" in pdf_text(out)
        images = subprocess.run(
            ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
        ).stdout
        assert len(images.splitlines()) > 2, "the logo is not in the PDF"
        own = tmp_path / "own.pdf"
        claimant = tmp_path / "claimant.json"
        claimant.write_text(json.dumps(ANSWERS))
        runner.invoke(
            main,
            ["letter", "dwp-sar", "--answers", str(claimant), "--format", "pdf", "-o", str(own)],
        )
        assert "Example Advice Centre" not in pdf_text(own)  # a claimant's own letter
    finally:
        default_renderer.cache_clear()


# --- the deadline command, serve, and the refusals nobody had tried -----------------------------


@pytest.mark.parametrize(
    ("args", "first_line", "rule_start"),
    [
        # Received Mon 2 Nov 2026: a calendar month on is Wed 2 Dec 2026, a working day.
        (["sar", "--received", "2026-11-02"], "2026-12-02", "One calendar month from receipt"),
        # Sent first class Fri 20 Nov 2026: received Tue 24 Nov; a month on, Thu 24 Dec 2026.
        (["sar", "--sent", "2026-11-20"], "2026-12-24", "Sent by first-class post on 20 November"),
        # By email on Mon 2 Nov 2026, received that day; the 20th working day after, skipping
        # St Andrew's Day (Mon 30 Nov, Scotland), is Tue 1 Dec 2026.
        (
            ["foi", "--sent", "2026-11-02", "--method", "email"],
            "2026-12-01",
            "Sent by email on 2 November 2026, so received the same day",
        ),
    ],
)
def test_deadline_prints_the_date_then_the_rule(runner, args, first_line, rule_start):
    result = runner.invoke(main, ["deadline", *args])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == first_line
    assert lines[1].startswith(rule_start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sar", "--received", "2026-11-02", "--sent", "2026-11-01"],
            "Give either --received or --sent, not both.",
        ),
        (["sar"], "Give the date they receive it (--received YYYY-MM-DD)"),
        (["sar", "--received", "2026-11-02", "--method", "email"], "--method goes with --sent"),
        (["sar", "--received", "2 November"], "'2 November' is not a date. Write it as YYYY-MM-DD"),
    ],
)
def test_deadline_refusals_say_what_to_do(runner, args, message):
    result = runner.invoke(main, ["deadline", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_serve_makes_one_private_secret_key_and_keeps_it(runner, tmp_path, monkeypatch):
    from flask import Flask

    from sarkit import paths

    started = []
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(paths.profiles_dir()))
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(
        Flask,
        "run",
        lambda app, host, port: started.append(
            (host, port, app.config["SECRET_KEY"], app.config["SESSION_COOKIE_SECURE"])
        ),
    )
    assert runner.invoke(main, ["serve", "--port", "5050"]).exit_code == 0
    assert runner.invoke(main, ["serve"]).exit_code == 0
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 48
    assert started == [("127.0.0.1", 5050, key, False), ("127.0.0.1", 5000, key, False)]


def test_answers_that_are_not_one_object_are_refused(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(main, ["letter", "dwp-sar", "--answers", str(path)])
    assert result.exit_code == 1
    assert "must hold one JSON object with the answers" in result.output


def test_pack_needs_exactly_one_source_of_answers(runner, answers_file, tmp_path):
    for extra in ([], ["--answers", str(answers_file), "--answers-csv", str(tmp_path / "x.csv")]):
        result = runner.invoke(
            main, ["pack", *extra, "--letters", "dwp-sar", "-o", str(tmp_path / "p.pdf")]
        )
        assert result.exit_code != 0
        assert "Give either --answers FILE.json or --answers-csv FILE.csv." in result.output
    result = runner.invoke(
        main,
        ["pack", "--answers", str(answers_file), "--letters", " , ", "-o", str(tmp_path / "p.pdf")],
    )
    assert "Unknown letter id (none given)" in result.output


def test_broken_profiles_are_listed_by_validate_and_stop_list_and_show(
    runner, tmp_path, monkeypatch
):
    import shutil

    from sarkit import paths

    copy = tmp_path / "profiles"
    shutil.copytree(paths.ROOT / "site_profiles", copy)
    broken = copy / "sites" / "find-a-job.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8"
    )
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(copy))
    result = runner.invoke(main, ["profiles", "validate"])
    assert result.exit_code == 1
    assert "find-a-job.yaml" in result.output
    assert "problem(s) in" in result.output and "Fix each one above" in result.output
    for args in (["profiles", "list"], ["profiles", "show", "find-a-job"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert "Run `sarkit profiles validate`." in result.output


def test_show_of_an_unknown_profile_names_the_command_to_list_them(runner):
    result = runner.invoke(main, ["profiles", "show", "no-such-site"])
    assert result.exit_code == 1
    assert "There is no profile called 'no-such-site'. Run `sarkit profiles list`." in (
        result.output
    )
