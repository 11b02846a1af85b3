"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Each worker holds one PDF renderer (fonts and stylesheet parsed once), warmed as it starts so
the first letter is as fast as the rest. The app keeps no state, so scale by adding instances.
"""

import multiprocessing
import os

from sarkit import settings

_settings = settings.read()
bind = _settings.bind
workers = _settings.web_concurrency or multiprocessing.cpu_count() * 2
worker_class = "sync"
timeout = 60
graceful_timeout = 30
# Recycle workers now and then (nothing is lost: there is no state). Rarely: a new worker warms
# its PDF renderer and templates for about a second, and bench/run.py found no memory growth.
max_requests = 50000
max_requests_jitter = 5000
# gunicorn reads no X-Forwarded-* itself: which proxies to believe is said in one place,
# SARKIT_TRUSTED_PROXIES (sarkit/app.py, werkzeug's ProxyFix).
secure_scheme_headers: dict[str, str] = {}
# Access logs would record client addresses and URLs; URLs never hold personal details, but
# sarkit keeps no logs of who used it. Errors still go to stderr.
accesslog = None
errorlog = "-"
loglevel = "warning"


def on_starting(server):
    """Give this instance workers - 1 rendering slots (sarkit/web/render_slots.py), so one
    worker is always free for pages however many PDFs are asked for at once."""
    import tempfile

    os.environ.setdefault("SARKIT_RENDER_SLOTS", str(max(1, server.cfg.workers - 1)))
    os.environ.setdefault("SARKIT_RENDER_SLOTS_DIR", tempfile.mkdtemp(prefix="sarkit-render-"))


def post_worker_init(worker):
    """Finish the request in hand on any stop signal; warm the renderer and the templates."""
    import signal

    # gunicorn's quick shutdown (SIGINT, or SIGQUIT from the master) would cut a PDF off with
    # a 500. Treated like SIGTERM, the worker finishes it first: gunicorn still kills it after
    # graceful_timeout, so a stop is never held up for long.
    for stop in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(stop, worker.handle_exit)
    from sarkit.rendering import default_renderer

    default_renderer()
    client = worker.wsgi.test_client()
    for path in ("/", "/quick", "/sites", "/replies", "/journey/where-you-live"):
        client.get(path)
