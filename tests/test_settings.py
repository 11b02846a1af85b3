"""Settings are declared once (sarkit/settings.py), read from the environment only there, and
every one is in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sarkit import paths, settings

ROOT = paths.ROOT
READS = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[")


def test_only_the_settings_module_reads_the_environment():
    files = [*sorted((ROOT / "sarkit").rglob("*.py")), ROOT / "gunicorn.conf.py", ROOT / "wsgi.py"]
    readers = [
        str(f.relative_to(ROOT))
        for f in files
        if f.name != "settings.py" and READS.search(f.read_text(encoding="utf-8"))
    ]
    assert readers == []


def _readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### Settings", 1)[1].split("\n\n", 2)[1]
    names: set[str] = set()
    for row in table.splitlines()[2:]:
        first = row.removeprefix("| ").split(" | ")[0]  # a `|` inside the text has no spaces
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", first))
    return names


def test_the_readme_documents_every_setting_and_no_other():
    assert _readme_settings() == set(settings.NAMES)


def test_defaults_and_types():
    found = settings.read({})
    assert found.base_url == "http://127.0.0.1:5000/" and found.secure_cookies is True
    assert found.trusted_proxies == 0 and found.web_concurrency == 0
    assert found.rate_limit == "60/minute" and found.bind == "127.0.0.1:8000"
    typed = settings.read(
        {
            "SARKIT_ORG_ADDRESS": " 1 Road | Town |",
            "SARKIT_SECURE_COOKIES": "0",
            "SARKIT_TRUSTED_PROXIES": "1",
            "WEB_CONCURRENCY": "3",
        }
    )
    assert typed.org_address == ("1 Road", "Town")
    assert (typed.secure_cookies, typed.trusted_proxies, typed.web_concurrency) == (False, 1, 3)


def test_a_bad_number_is_named_in_plain_words():
    with pytest.raises(ValueError, match="SARKIT_TRUSTED_PROXIES must be a whole number"):
        settings.read({"SARKIT_TRUSTED_PROXIES": "one"})


def test_an_undeclared_setting_cannot_be_read():
    with pytest.raises(KeyError, match="not a declared setting"):
        settings.raw("SARKIT_NO_SUCH_THING", {})


def test_the_profiles_folder_follows_its_setting(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(tmp_path))
    assert paths.profiles_dir() == tmp_path
    monkeypatch.delenv("SARKIT_PROFILES_DIR")
    assert paths.profiles_dir() == ROOT / "site_profiles"


def test_one_today_everywhere():
    """Dates are the UK's: sarkit.clock.today(), never the server's date.today()."""
    files = sorted((ROOT / "sarkit").rglob("*.py"))
    offenders = [
        str(f.relative_to(ROOT))
        for f in files
        if re.search(r"date\.today\(\)|datetime\.now\(\)", f.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_code_points_only_to_documents_in_the_repository():
    """Comments cite ARCHITECTURE.md, which is here, never design notes kept elsewhere."""
    tracked = [
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".md", ".html", ".yaml", ".toml", ".json")
        and not any(part in (".git", ".venv", "node_modules", ".hypothesis") for part in p.parts)
    ]
    outside = [
        str(p.relative_to(ROOT))
        for p in tracked
        if re.search(r"\b(DESIGN|FACTS)\.md\b", p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert outside == []
    assert (ROOT / "ARCHITECTURE.md").is_file()
