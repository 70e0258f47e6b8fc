"""gunicorn settings for the systemd unit and the container: the package's own `web.gunicorn_conf`.

The settings live inside the package so that an installed wheel serves as well as a checkout
(`sodang serve` passes `python:web.gunicorn_conf`); this file only re-exports them for
`gunicorn --config deploy/gunicorn.conf.py`.
"""

from web.gunicorn_conf import *  # noqa: F403
from web.gunicorn_conf import post_worker_init  # noqa: F401
