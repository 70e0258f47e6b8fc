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
the figures until the next save, `sodang projections catch-up` or a status check. Writers of
one process share their catch-up (`SharedCatchUp`): one round projects every waiting writer's
events, instead of one round each queued on the same locks.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from projections.log_window import LogWindow
from projections.runner import PROJECTIONS, Runner

log = logging.getLogger(__name__)


def runners(registry: Any) -> list[Runner]:
    """The registry's runners, one per projection, created on first use."""
    found: list[Runner] | None = getattr(registry, "_projection_runners", None)
    if found is None:
        found = [Runner(registry, name) for name in PROJECTIONS]
        registry._projection_runners = found
    return found


def catch_up(registry: Any, within: float | None = None, wanted: int | None = None) -> int:
    """Bring every projection up to the head of the log (or work for about `within` seconds;
    with `wanted`, not past a projection already there); returns the lowest position reached."""
    until = None if within is None else time.monotonic() + within
    found = runners(registry)
    # One read of the head and of the new events for every runner of the round.
    window = LogWindow(registry, (t for runner in found for t in runner.projection.topics))
    return min(runner.catch_up(until=until, wanted=wanted, window=window) for runner in found)


def bound_caches(registry: Any, members: int) -> None:
    """Keep at most `members` member histories cached in this process's projections (a
    one-off large catch-up, as after an import, then needs no memory in proportion to it)."""
    for runner in runners(registry):
        if hasattr(runner.projection, "member_cache_size"):
            runner.projection.member_cache_size = members


class SharedCatchUp:
    """One catch-up at a time in a process, shared by every writer waiting for it.

    A writer that finds no catch-up running leads one; writers saved meanwhile wait for it.
    When it ends, each writer whose position it reached returns (read-your-writes); one saved
    after the leader had read the log's head leads the next round. So N writers at once cost
    about two rounds, each taking the projections' locks once and projecting every waiting
    writer's events in one batch, where each writer catching up alone made N rounds, queued
    one behind the other on the same locks (measured: 1.1 s of a 1.5 s admission at 16
    writers). Each writer leads at most one round, so a failing projection costs each the
    one attempt it made before (the error is its own, and logged by the caller).
    """

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self._changed = threading.Condition()
        self._running = False
        self.reached = 0  # the lowest projection position a round of this process reached
        self.wanted = 0  # the highest position a writer of this process waits for

    def wait_for(self, position: int) -> None:
        """Return once every projection has processed the log up to `position`."""
        with self._changed:
            self.wanted = max(self.wanted, position)
            while self.reached < position:
                if not self._running:
                    self._running = True
                    break
                self._changed.wait()
            else:
                return
        reached = 0
        try:
            # Another process's round may have projected these writers' events already: then
            # this round only reads the positions (see Runner.catch_up).
            reached = catch_up(self.registry, wanted=self.wanted)
        finally:
            with self._changed:
                self._running = False
                self.reached = max(self.reached, reached)
                self._changed.notify_all()


def shared_catch_up(registry: Any) -> SharedCatchUp:
    """The registry's shared catch-up (one per process), created on first use."""
    found: SharedCatchUp | None = getattr(registry, "_shared_catch_up", None)
    if found is None:
        found = registry._shared_catch_up = SharedCatchUp(registry)
    return found


def attach(registry: Any) -> None:
    """Catch the projections up after each save, before the command returns."""
    shared = shared_catch_up(registry)

    def on_saved(position: int) -> None:
        # The command is stored whatever happens here: a failing projection must not turn it
        # into an error for the caller (who might retry it). It is logged, and the next save
        # or `sodang projections catch-up` resumes from the last committed batch.
        try:
            shared.wait_for(position)
        except Exception:
            log.exception("projections could not catch up to position %s", position)

    registry.on_saved.append(on_saved)
    registry._projection_hook = on_saved  # lifted for a long load (projections/following.py)
    catch_up(registry)
