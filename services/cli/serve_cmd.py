"""`sodang serve`: run the web application under gunicorn with the packaged `web.gunicorn_conf`."""

from __future__ import annotations

import os
import sys

import click

# Inside the package, so that a wheel installed anywhere serves as a checkout does.
CONFIG = "python:web.gunicorn_conf"


@click.command()
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="HOST:PORT")
@click.option(
    "--workers", type=int, default=None, help="Worker processes (default from the config)."
)
def command(bind: str, workers: int | None) -> None:
    """Serve the JSON API and the dashboards."""
    args = [sys.executable, "-m", "gunicorn", "-c", CONFIG, "--bind", bind]
    if workers:
        args += ["--workers", str(workers)]
    args.append("web.wsgi:app")
    os.execv(sys.executable, args)
