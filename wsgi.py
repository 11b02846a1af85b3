"""What gunicorn loads: `gunicorn -c gunicorn.conf.py wsgi:app`. Refuses to start without SECRET_KEY."""

from sarkit import create_app

app = create_app()
