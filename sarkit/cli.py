"""The command line: a thin face over the domain modules (ARCHITECTURE.md, "Command line")."""

from __future__ import annotations

import json
import secrets
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from sarkit import deadlines, paths, settings
from sarkit.answers import (
    Answers,
    AnswersError,
    date_range_problem,
    parse_answers,
    unknown_key_warnings,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sarkit: letters that get answers about job-search websites and your data."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Say what to fix on stderr and stop with a non-zero exit."""
    click.echo(message, err=True)
    sys.exit(code)


# --- serve ------------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Run the site locally (for production use gunicorn with wsgi.py)."""
    from sarkit import create_app

    # Local use is plain HTTP, where a Secure cookie would never come back.
    app = create_app(
        {
            "SECRET_KEY": _local_secret_key(),
            "SESSION_COOKIE_SECURE": False,
            "BASE_URL": f"http://{host}:{port}/",
        }
    )
    app.run(host=host, port=port)


def _local_secret_key() -> str:
    """A random key written once to the ignored instance/ folder, so sessions survive restarts."""
    path = paths.ROOT / "instance" / "secret_key"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


# --- deadlines --------------------------------------------------------------------------------


def _iso_date(_ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date. Write it as YYYY-MM-DD, like 2026-11-02.", param=param
        ) from None
    if problem := date_range_problem(day):
        raise click.BadParameter(f"{value!r} is too far off: give a date {problem}.", param=param)
    return day


@main.command()
@click.argument("kind", type=click.Choice((*deadlines.KINDS, deadlines.MR)))
@click.option("--received", callback=_iso_date, help="The day they receive it (YYYY-MM-DD).")
@click.option("--sent", callback=_iso_date, help="The day you send it (YYYY-MM-DD).")
@click.option(
    "--method",
    type=click.Choice(deadlines.METHODS),
    help="How you send it, with --sent (default first-class).",
)
@click.option(
    "--decision",
    callback=_iso_date,
    help="The date on the decision letter, for mandatory-reconsideration (YYYY-MM-DD).",
)
def deadline(
    kind: str,
    received: date | None,
    sent: date | None,
    method: str | None,
    decision: date | None,
) -> None:
    """Print the due date (first line, YYYY-MM-DD), then the rule used.

    mandatory-reconsideration takes --decision: the last day to ask DWP to look again."""
    if kind == deadlines.MR:
        if received or sent or method or not decision:
            fail(
                "For mandatory-reconsideration give only the date on the decision letter: "
                "--decision YYYY-MM-DD."
            )
        assert decision is not None
        result = deadlines.last_day_for_mandatory_reconsideration(decision)
        click.echo(result.due.isoformat())
        click.echo(result.rule)
        return
    if decision:
        fail("--decision goes with mandatory-reconsideration only.")
    if received and sent:
        fail("Give either --received or --sent, not both.")
    if not received and not sent:
        fail(
            "Give the date they receive it (--received YYYY-MM-DD) or the date you send it "
            "(--sent YYYY-MM-DD --method first-class)."
        )
    if method and not sent:
        fail("--method goes with --sent: give the date you send it.")
    if received:
        result = deadlines.deadline(kind, received)
    else:
        assert sent is not None  # one of the two was given: checked above
        result = deadlines.deadline_after_sending(kind, sent, method or "first-class")
    click.echo(result.due.isoformat())
    click.echo(result.rule)


# --- letters ----------------------------------------------------------------------------------


@main.command("letters")
def list_letters() -> None:
    """List the letter ids and titles, one a line."""
    from sarkit.letters import all_letters

    for spec in all_letters().values():
        click.echo(f"{spec.id}\t{spec.title}")


def load_answers_file(path: Path, letter_ids: list[str] | None = None) -> Answers:
    """Read and validate an answers JSON file; stop with a sentence naming what to fix."""
    from sarkit import packs
    from sarkit.profiles import load_catalogue

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"There is no answers file at {path}.")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(
            f"{path} is not valid JSON ({error}). Check the file against the example in the README."
        )
    if not isinstance(data, dict):
        fail(f"{path} must hold one JSON object with the answers, like the README's example.")
    catalogue = load_catalogue()
    for warning in unknown_key_warnings(data):
        click.echo(f"Warning: {warning}", err=True)
    try:  # one pass: every problem with the answers for these letters at once
        if letter_ids is None:
            answers, _ = parse_answers(
                data, site_ids=catalogue.sites, provider_ids=catalogue.providers
            )
        else:
            answers, _ = packs.check_answers(data, letter_ids, catalogue)
    except AnswersError as error:
        fail(_describe_errors(error))
    return answers


def _describe_errors(error: AnswersError) -> str:
    lines = ["The answers need fixing:"]
    lines += [f"  {e.field}: {e.message}" for e in error.errors]
    return "\n".join(lines)


@main.command()
@click.argument("letter_id")
@click.option(
    "--answers",
    "answers_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The answers as JSON (see the README).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "txt", "docx"]),
    default="txt",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (needed for pdf and docx).",
)
def letter(letter_id: str, answers_path: Path, fmt: str, output: Path | None) -> None:
    """Write one letter from an answers file."""
    from sarkit.letters import LetterError, build_letter
    from sarkit.outputs import render_documents
    from sarkit.profiles import load_catalogue

    if fmt in ("pdf", "docx") and output is None:
        fail(f"A {fmt.upper()} can't go to the terminal: add -o FILE.{fmt}.")
    answers = load_answers_file(answers_path, _letter_ids(letter_id))
    try:
        doc = build_letter(letter_id, answers, load_catalogue(), letterhead_from_env())
    except LetterError as error:
        fail(str(error))
    except AnswersError as error:
        fail(_describe_errors(error))
    data = render_documents([doc], fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output}", err=True)


def letterhead_from_env():
    from sarkit.config import letterhead_from_environment

    return letterhead_from_environment()


# --- packs ------------------------------------------------------------------------------------


def _letter_ids(value: str) -> list[str]:
    from sarkit.letters import all_letters

    ids = [i.strip() for i in value.split(",") if i.strip()]
    unknown = [i for i in ids if i not in all_letters()]
    if not ids or unknown:
        fail(
            f"Unknown letter id {', '.join(unknown) or '(none given)'}. "
            f"Run `sarkit letters` to see the ids."
        )
    return ids


@main.command()
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(path_type=Path),
    help="One person's answers as JSON.",
)
@click.option(
    "--answers-csv",
    "csv_path",
    type=click.Path(path_type=Path),
    help="A spreadsheet (CSV) with one person a row; columns are the /quick names.",
)
@click.option("--letters", "letters_arg", required=True, help="Letter ids, comma-separated.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The PDF to write, or with --answers-csv the folder for the packs.",
)
@click.option("--ics", type=click.Path(path_type=Path), help="Also write the dates as .ics.")
@click.option(
    "--base-url",
    default=lambda: settings.read().base_url,
    show_default="SARKIT_BASE_URL, or http://127.0.0.1:5000/",
    help="The site's public address, for the link on the cover and in the calendar.",
)
def pack(answers_path, csv_path, letters_arg, output, ics, base_url) -> None:
    """All chosen letters in one PDF with a cover sheet (or one pack per CSV row)."""
    from sarkit import batch, packs

    if bool(answers_path) == bool(csv_path):
        fail("Give either --answers FILE.json or --answers-csv FILE.csv.")
    letter_ids = _letter_ids(letters_arg)
    if csv_path:
        report = batch.run_batch(
            csv_path, letter_ids, output, base_url, letterhead_from_env(), progress=True
        )
        for line in report.lines():
            click.echo(line, err=True)
        sys.exit(1 if report.failed else 0)
    answers = load_answers_file(answers_path, letter_ids)
    try:
        batch.write_pack(answers, letter_ids, output, ics, base_url, letterhead_from_env())
    except AnswersError as error:
        fail(_describe_errors(error))
    if packs.is_local_address(base_url):
        click.echo(f"Warning: {batch.NO_LINK_WARNING.format(base_url=base_url)}", err=True)
    click.echo(f"Wrote {output}" + (f" and {ics}" if ics else ""), err=True)


# --- profiles ---------------------------------------------------------------------------------


@main.group()
def profiles() -> None:
    """Site, provider and recipient profiles: list, show, validate, check, new."""


@profiles.command("list")
def profiles_list() -> None:
    """List every profile: kind, id and name."""
    catalogue = _catalogue_or_fail()
    for kind, items in (
        ("site", catalogue.sites),
        ("provider", catalogue.providers),
        ("recipient", catalogue.recipients),
    ):
        for item in items.values():
            click.echo(f"{kind}\t{item.id}\t{item.name}")


@profiles.command("show")
@click.argument("profile_id")
def profiles_show(profile_id: str) -> None:
    """Print one profile's file."""
    catalogue = _catalogue_or_fail()
    for items in (catalogue.sites, catalogue.providers, catalogue.recipients):
        if profile_id in items:
            click.echo(items[profile_id].file.read_text(encoding="utf-8"), nl=False)
            return
    fail(f"There is no profile called {profile_id!r}. Run `sarkit profiles list`.")


@profiles.command("validate")
def profiles_validate() -> None:
    """Check every profile against the schema and the rules; list every problem."""
    from sarkit.profiles import validate_profiles

    directory = paths.profiles_dir()
    problems = validate_profiles(directory)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{len(problems)} problem(s) in {directory}. Fix each one above and run this again.")
    click.echo(f"All profiles in {directory} are valid.")


@profiles.command("check")
@click.option(
    "--update", is_flag=True, help="Store the new snapshots and set last_checked to today."
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="profile-check-report.md",
    show_default=True,
    help="Where to write the Markdown report.",
)
@click.option(
    "--timeout", default=15.0, show_default=True, help="Seconds to wait for each page to answer."
)
def profiles_check(update: bool, report_path: Path, timeout: float) -> None:
    """Fetch each privacy and terms page, compare it with its snapshot, report what changed.

    Exits 0 when nothing changed, 1 when something needs a person, 2 when the check failed.
    """
    from sarkit import profile_check

    result = profile_check.run(
        paths.profiles_dir(),
        report_path,
        update=update,
        settings=profile_check.Settings(read_timeout=timeout),
        progress=True,
    )
    for line in result.lines:
        click.echo(line)
    for line in result.errors:
        click.echo(line, err=True)
    sys.exit(result.exit_code)


@profiles.command("new")
@click.argument("kind", type=click.Choice(["site", "provider", "recipient"]))
@click.argument("name")
def profiles_new(kind: str, name: str) -> None:
    """Write a starter profile with every field set to unknown, and say where."""
    from sarkit.profiles import new_profile

    try:
        path = new_profile(kind, name)
    except (FileExistsError, ValueError) as error:
        fail(str(error))
    click.echo(
        f"Wrote {path}. Fill in what you have a source for, then run `sarkit profiles validate`."
    )


def _catalogue_or_fail():
    from sarkit.profiles import ProfileError, load_catalogue

    try:
        return load_catalogue()
    except ProfileError as error:
        fail("\n".join(str(p) for p in error.problems) + "\nRun `sarkit profiles validate`.", 2)


# --- replies ----------------------------------------------------------------------------------


@main.group()
def reply() -> None:
    """Their answers: read one to find what kind it is."""


@reply.command("read")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of lines.")
def reply_read(file: Path, as_json: bool) -> None:
    """Read their answer (.txt, .eml, .pdf, .png, .jpg; - for text on standard input).

    Prints the reply id it matches (or unsure), then date:, reference:, received: where found
    and one because: line per phrase it relied on. Exits 0 when it found a kind, 3 when
    unsure, 2 when it could not read the file.
    """
    from sarkit.reply_files import MAX_BYTES, ReadError, decode_text, read_file
    from sarkit.reply_reader import read_text

    try:
        if str(file) == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise ReadError(f"The text is over {MAX_BYTES // (1024 * 1024)} MB.")
            text, sent = decode_text(data), None
            if not text.strip():
                raise ReadError("There was no text on standard input.")
        else:
            with file.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
            doc = read_file(data, file.name)
            text, sent = doc.text, doc.sent
    except FileNotFoundError:
        fail(f"There is no file at {file}.", 2)
    except (IsADirectoryError, PermissionError) as error:
        fail(f"{file} cannot be read ({error.strerror}).", 2)
    except ReadError as error:
        fail(f"{file}: {error}", 2)
    reading = read_text(text, sent=sent)
    if as_json:
        click.echo(json.dumps(reading.as_dict(), ensure_ascii=False))
    else:
        for line in reading.lines():
            click.echo(line)
    sys.exit(0 if reading.sure else 3)
