"""gunicorn settings for Sổ Đảng, shipped in the package: `sodang serve` loads them as
`python:web.gunicorn_conf`; deploy/gunicorn.conf.py re-exports them for systemd and the container.

Threaded workers (gthread), no preload: every worker imports `web.wsgi` after the fork and
builds its own registry and connection pools (a pool created before a fork would be shared by
the children: eventsourcing notes §6.4), which its threads share: the registry, the queries and
the user store are safe across threads (SQLAlchemy engines and the event store's pools hand
each thread its own connection; web.extensions builds each once under a lock). Everything can
be changed from the environment.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from flask import Flask

wsgi_app = "web.wsgi:app"
bind = os.environ.get("SODANG_BIND", "127.0.0.1:8000")

# A request waits on the database more than on the CPU: threads overlap those waits, and
# gthread keeps client connections alive between requests (sync workers close the connection
# after every response, so each request paid a new TCP handshake and accept). One worker per
# core, many threads: concurrent writers of one process share one transaction (group commit,
# services/front_door/group_commit.py) and one projection catch-up, so fewer, fuller processes
# write about twice as fast as 2 x cores + 1 workers of 4 threads, read as fast, and hold fewer
# PostgreSQL connections (bench/RESULTS.md, "Group commit": 55-60 against 24-28 admissions/s).
# A thread past the event store's pool (5 + 10 connections per worker) waits for a connection.
worker_class = "gthread"
workers = int(os.environ.get("SODANG_WEB_WORKERS") or multiprocessing.cpu_count())
threads = int(os.environ.get("SODANG_WEB_THREADS") or 16)
preload_app = False

# A request longer than this is killed and its worker replaced (the event store's lock wait
# is bounded by POSTGRES_LOCK_TIMEOUT well below it).
timeout = int(os.environ.get("SODANG_WEB_TIMEOUT", "60"))
graceful_timeout = 30
# Seconds an idle kept-alive connection stays open (nginx in front reuses its upstream ones).
keepalive = 5
# Replace workers now and then, staggered, so that no leak grows for months. Not often: a new
# worker imports and builds the app again (about 2 s of a core), and while it starts its peer
# serves alone. At 5,000 requests a worker under load was replaced every few seconds: the
# restarts cost 0.2-0.4 ms of CPU per request and pushed the 99th percentile of a read from
# ~130 ms to 1.5-2.2 s (bench/RESULTS.md, "Worker restarts"). 100,000 requests is hours of a
# province's normal traffic and about a minute at full load.
max_requests = int(os.environ.get("SODANG_WEB_MAX_REQUESTS") or 100_000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a busy disk must not make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

# Requests are small JSON bodies and forms (the app refuses bodies over 64 KB itself).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Behind nginx on the same machine: trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("SODANG_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("SODANG_ACCESS_LOG", "-")
errorlog = os.environ.get("SODANG_ERROR_LOG", "-")
loglevel = os.environ.get("SODANG_LOG_LEVEL", "info")
# Client, user, request, status, bytes, milliseconds, user agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
proc_name = "sodang-web"


class Worker(Protocol):
    """What this hook reads of gunicorn's worker (gunicorn has no type hints): the loaded app."""

    wsgi: Flask


def post_worker_init(worker: Worker) -> None:
    """Open this worker's registry, read models and accounts before its first request; then
    freeze what start-up built out of the collector's scans, with the collector's settings for
    short requests (projections/collector.py)."""
    try:
        from web.extensions import warm_up

        warm_up(worker.wsgi)
    except Exception:  # the first request will try again, and report properly
        logging.getLogger("gunicorn.error").warning("warm-up failed", exc_info=True)
    from projections.collector import configure_serving

    configure_serving()
