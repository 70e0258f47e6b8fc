"""The one module-level app, for gunicorn: `gunicorn -c python:web.gunicorn_conf web.wsgi:app`.

Each worker imports this module after the fork (no preload_app), and the registry and
database pools are built on the first request of each worker.
"""

from __future__ import annotations

from web import create_app

app = create_app()
