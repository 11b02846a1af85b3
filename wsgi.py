"""What gunicorn loads (`gunicorn -c gunicorn.conf.py wsgi:app`).

Production takes SECRET_KEY from the environment: create_app refuses to start without it.
"""

from sarkit import create_app

app = create_app()
