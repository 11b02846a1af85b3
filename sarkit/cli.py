"""The command line: a thin face over the domain modules."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click

from sarkit import paths


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sarkit: letters that get answers about job-search websites and your data."""


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


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


__all__ = ["main", "Path"]
