"""Where the project's content lives: beside the package, found through the editable install."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
LETTERS_DIR = ROOT / "letters"
REPLIES_DIR = LETTERS_DIR / "replies"
STATIC_DIR = ROOT / "sarkit" / "static"
NODE_MODULES = ROOT / "node_modules"


def profiles_dir() -> Path:
    """The profiles folder: SARKIT_PROFILES_DIR when set, so volunteers can check a working copy."""
    return Path(os.environ.get("SARKIT_PROFILES_DIR") or ROOT / "site_profiles")
