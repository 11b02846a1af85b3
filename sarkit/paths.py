"""Where the project's content lives: beside the package, found through the editable install."""

from pathlib import Path

from sarkit import settings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
LETTERS_DIR = ROOT / "letters"
REPLIES_DIR = LETTERS_DIR / "replies"
STATIC_DIR = ROOT / "sarkit" / "static"
NODE_MODULES = ROOT / "node_modules"


def profiles_dir() -> Path:
    """The profiles folder: SARKIT_PROFILES_DIR when set, so volunteers can check a working copy."""
    return Path(settings.read().profiles_dir or ROOT / "site_profiles")
