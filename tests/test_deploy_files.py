"""The files in deploy/ say what the tests run: the same command, loopback only, no logs."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def test_the_sarkit_unit_runs_gunicorn_as_the_tests_do_on_loopback_only():
    service = unit("sarkit@.service")["Service"]
    assert service["ExecStart"].endswith("/gunicorn -c gunicorn.conf.py wsgi:app")
    assert service["Environment"] == "SARKIT_BIND=127.0.0.1:%i"
    assert service["User"] == "sarkit"
    assert (service["ProtectSystem"], service["PrivateTmp"]) == ("strict", "yes")


def test_the_example_settings_trust_one_proxy_and_name_every_required_setting():
    settings = dict(
        line.split("=", 1)
        for line in (DEPLOY / "sarkit.env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert settings["SARKIT_TRUSTED_PROXIES"] == "1"
    assert {"SECRET_KEY", "SARKIT_BASE_URL", "REDIS_URL"} <= settings.keys()


def test_the_caddyfile_keeps_no_access_log_and_buffers_bodies():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in caddyfile.splitlines())
    assert not re.search(r"^\s*log\b", code, re.MULTILINE)
    assert re.search(r"^\s*buffer_requests\s*$", code, re.MULTILINE)
    assert "trusted_proxies" not in code  # so Caddy replaces any X-Forwarded-For it is sent
