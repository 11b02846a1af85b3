"""The command line: a thin face over the domain modules (DESIGN.md, "Command line")."""

from __future__ import annotations

import json
import secrets
import sys
from datetime import date
from pathlib import Path

import click

from sarkit import deadlines, paths
from sarkit.answers import Answers, AnswersError, parse_answers


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sarkit: letters that get answers about job-search websites and your data."""


def fail(message: str, code: int = 1) -> None:
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

    app = create_app({"SECRET_KEY": _local_secret_key()})
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
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date. Write it as YYYY-MM-DD, "
                                 f"like 2026-11-02.", param=param) from None


@main.command()
@click.argument("kind", type=click.Choice(deadlines.KINDS))
@click.option("--received", callback=_iso_date, help="The day they receive it (YYYY-MM-DD).")
@click.option("--sent", callback=_iso_date, help="The day you send it (YYYY-MM-DD).")
@click.option("--method", type=click.Choice(deadlines.METHODS),
              help="How you send it, with --sent (default first-class).")
def deadline(kind: str, received: date | None, sent: date | None, method: str | None) -> None:
    """Print the due date (first line, YYYY-MM-DD), then the rule used."""
    if received and sent:
        fail("Give either --received or --sent, not both.")
    if not received and not sent:
        fail("Give the date they receive it (--received YYYY-MM-DD) or the date you send it "
             "(--sent YYYY-MM-DD --method first-class).")
    if method and not sent:
        fail("--method goes with --sent: give the date you send it.")
    if received:
        result = deadlines.deadline(kind, received)
    else:
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


def load_answers_file(path: Path) -> Answers:
    """Read and validate an answers JSON file; stop with a sentence naming what to fix."""
    from sarkit.profiles import load_catalogue

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"There is no answers file at {path}.")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{path} is not valid JSON ({error}). Check the file against the example in "
             f"the README.")
    if not isinstance(data, dict):
        fail(f"{path} must hold one JSON object with the answers, like the README's example.")
    catalogue = load_catalogue()
    try:
        answers, warnings = parse_answers(data, site_ids=catalogue.sites,
                                          provider_ids=catalogue.providers)
    except AnswersError as error:
        fail(_describe_errors(error))
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    return answers


def _describe_errors(error: AnswersError) -> str:
    lines = ["The answers need fixing:"]
    lines += [f"  {e.field}: {e.message}" for e in error.errors]
    return "\n".join(lines)


@main.command()
@click.argument("letter_id")
@click.option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
              help="The answers as JSON (see the README).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "txt", "docx"]),
              default="txt", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file (needed for pdf and docx).")
def letter(letter_id: str, answers_path: Path, fmt: str, output: Path | None) -> None:
    """Write one letter from an answers file."""
    from sarkit.letters import LetterError, build_letter
    from sarkit.outputs import render_documents
    from sarkit.profiles import load_catalogue

    if fmt in ("pdf", "docx") and output is None:
        fail(f"A {fmt.upper()} can't go to the terminal: add -o FILE.{fmt}.")
    answers = load_answers_file(answers_path)
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
