"""sarkit: find out who can see your job-search account, and write the letters that get answers."""

from sarkit.app import create_app

__all__ = ["create_app"]
