"""Attaches the projections to a registry: read-your-writes by catching up after each save.

Choice: after every successful save the registry calls `on_saved(position)`; we then run every
projection up to the head of the log, in this process, before the command returns. Why not
update the read models inside the events' own transaction: the core recorders give no hook for
it without subclassing them, and recomputing a member's history there would lengthen
PostgreSQL's `LOCK TABLE ... EXCLUSIVE` that serialises every writer. Why not wait for a
separate runner process: SQLite has no notifications, and a waiting command is slower and can
time out. Catching up inline is exactly-once anyway (rows and position in one transaction) and
safe with many gunicorn workers: each batch holds the projection's lock (PostgreSQL advisory
lock, SQLite BEGIN IMMEDIATE); a worker that finds it taken waits, then finds the events
already processed and returns at once. A crash between the save and the catch-up only delays
the figures until the next save, `sodang projections catch-up` or a status check.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from projections.runner import PROJECTIONS, Runner

log = logging.getLogger(__name__)


def runners(registry: Any) -> list[Runner]:
    """The registry's runners, one per projection, created on first use."""
    found: list[Runner] | None = getattr(registry, "_projection_runners", None)
    if found is None:
        found = [Runner(registry, name) for name in PROJECTIONS]
        registry._projection_runners = found
    return found


def catch_up(registry: Any, within: float | None = None) -> int:
    """Bring every projection up to the head of the log (or work for about `within` seconds);
    returns the lowest position reached."""
    until = None if within is None else time.monotonic() + within
    return min(runner.catch_up(until=until) for runner in runners(registry))


def bound_caches(registry: Any, members: int) -> None:
    """Keep at most `members` member histories cached in this process's projections (a
    one-off large catch-up, as after an import, then needs no memory in proportion to it)."""
    for runner in runners(registry):
        if hasattr(runner.projection, "member_cache_size"):
            runner.projection.member_cache_size = members


def attach(registry: Any) -> None:
    """Catch the projections up after each save, before the command returns."""

    def on_saved(position: int) -> None:
        # The command is stored whatever happens here: a failing projection must not turn it
        # into an error for the caller (who might retry it). It is logged, and the next save
        # or `sodang projections catch-up` resumes from the last committed batch.
        try:
            catch_up(registry)
        except Exception:
            log.exception("projections could not catch up to position %s", position)

    registry.on_saved.append(on_saved)
    catch_up(registry)
