"""Real servers for tests, as production runs them: Redis, gunicorn (with TLS or behind the
proxy) and Caddy from deploy/Caddyfile, each on a free loopback port, each stopped afterwards.

Nothing here is a stand-in: gunicorn loads wsgi.py with gunicorn.conf.py, and Caddy reads the
Caddyfile we ship, with only its addresses set through the environment it documents.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 30) -> None:
    """Wait until something listens on `port`; fail with the process's output if it died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = ""
            if process.stdout:
                process.stdout.seek(0)
                output = process.stdout.read().decode(errors="replace")
            raise RuntimeError(f"{what} stopped at start (exit {process.returncode}):\n{output}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds} s")


@contextmanager
def running(
    args: list[str], port: int, what: str, env: dict | None = None, cwd: Path = ROOT
) -> Iterator[subprocess.Popen]:
    # Output to a temporary file (never a pipe nobody reads, which would fill and stall it).
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.stdout = log
        try:
            wait_for_port(port, process, what)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A throwaway Redis that saves nothing; yields its URL."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run `make setup` (it installs Debian's package)"
    port = free_port()
    with running(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        port,
        "redis-server",
    ):
        yield f"redis://127.0.0.1:{port}/0"


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and localhost (openssl from Debian)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def production_env(**settings: str) -> dict[str, str]:
    """The environment a production instance runs with: no test switches, only settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SARKIT_", "REDIS_"))}
    env.update(
        {"SECRET_KEY": "https-tests-secret-key-not-for-production", "WEB_CONCURRENCY": "2"},
        **settings,
    )
    return env


@contextmanager
def gunicorn(
    port: int, env: dict[str, str], *, tls: tuple[Path, Path] | None = None
) -> Iterator[subprocess.Popen]:
    """gunicorn as deploy/ runs it: `gunicorn -c gunicorn.conf.py wsgi:app` on loopback."""
    args = [str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"]
    if tls:
        args += ["--certfile", str(tls[0]), "--keyfile", str(tls[1])]
    with running(args, port, "gunicorn", env={**env, "SARKIT_BIND": f"127.0.0.1:{port}"}) as p:
        yield p


@contextmanager
def caddy(directory: Path, https_port: int, upstreams: list[int]) -> Iterator[str]:
    """Caddy with deploy/Caddyfile, for https://127.0.0.1:<port>; yields the site's URL.

    Caddy gives an IP address a certificate from its own local CA (what `tls internal` does);
    the browser in the tests is told to accept it.
    """
    server = shutil.which("caddy")
    assert server, "caddy is missing: run `make setup` (it installs Debian's package)"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(directory),
        "XDG_DATA_HOME": str(directory),
        "XDG_CONFIG_HOME": str(directory),
        "SARKIT_SITE_ADDRESS": f"https://127.0.0.1:{https_port}",
        "SARKIT_UPSTREAMS": " ".join(f"127.0.0.1:{p}" for p in upstreams),
        "SARKIT_HTTP_PORT": str(free_port()),
        "SARKIT_HTTPS_PORT": str(https_port),
        "SARKIT_CADDY_ADMIN": f"127.0.0.1:{free_port()}",
        "SARKIT_STATIC_ROOT": str(ROOT / "sarkit"),
    }
    with running(
        [server, "run", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        https_port,
        "caddy",
        env=env,
    ):
        wait_for_tls(https_port)
        yield f"https://127.0.0.1:{https_port}"


def wait_for_tls(port: int, seconds: float = 30) -> None:
    """Caddy listens before its local CA has issued the certificate: until then a handshake
    fails (Chromium: ERR_SSL_PROTOCOL_ERROR on the first page). Wait for one to succeed."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # Caddy's own local CA
    deadline = time.monotonic() + seconds
    while True:
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
                context.wrap_socket(raw, server_hostname="127.0.0.1"),
            ):
                return
        except (OSError, ssl.SSLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
