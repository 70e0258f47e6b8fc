"""Projecting in a second process while a long load writes: the log's writer and its readers
overlap instead of taking turns.

Attached (projections/wiring.py), every save waits while its events are projected: right for a
command, whose caller reads its own write next, but a load of thousands of batches (the demo's
history, a province's legacy rolls) then alternates two single-threaded halves, each idle while
the other works. `following` lifts the attached catch-up for the load and starts a follower
process that catches the projections up again and again while the load writes; at the end it
catches up once more, and the caller's catch-up after it finds the projections at the head.

Nothing about the rows changes: a projection's batch is one transaction that takes the
projection's lock and writes its rows and its position together (projections/runner.py), so
it makes no difference which process runs it, and a follower that dies only leaves the rest to
the caller's last catch-up. What the load gives up is read-your-writes between its own batches,
which a load does not read.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event
from typing import Any

from projections import collector
from projections.store.engine import TURN_GAP
from projections.wiring import catch_up

log = logging.getLogger(__name__)
IDLE = 0.02  # seconds a follower at the head waits before looking again
ROUND = 1.0  # seconds of work before a follower checks whether the load has ended


@contextmanager
def following(registry: Any, make_registry: Callable[[], Any]) -> Iterator[None]:
    """While the block writes through `registry`, project in a follower process whose own
    registry `make_registry` builds (picklable: it crosses to a new interpreter). A registry
    without the projections attached is left as it is."""
    hook = getattr(registry, "_projection_hook", None)
    if hook is None or hook not in registry.on_saved:
        yield
        return
    # spawn, not fork: the caller holds open connections and threads a fork would copy.
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    follower = context.Process(
        target=follow, args=(make_registry, stop), name="sodang-projections", daemon=True
    )
    place = registry.on_saved.index(hook)
    registry.on_saved.remove(hook)
    follower.start()
    try:
        yield
    finally:
        stop.set()
        follower.join()
        registry.on_saved.insert(place, hook)
    # Only after a load that ended well: one interrupted leaves the rest to the next save or
    # `sodang projections catch-up`, as an attached save that fails does.
    if follower.exitcode != 0:
        log.warning(
            "the projections' follower ended with code %s; catching up here", follower.exitcode
        )
    catch_up(registry)


def follow(make_registry: Callable[[], Any], stop: Event) -> None:
    """The follower: catch up until `stop` is set, then once more to the head."""
    collector.configure()  # a new interpreter: the settings of the process that spawned it
    registry = make_registry()
    sqlite = registry.settings.dialect == "sqlite"
    # A load killed outright (SIGKILL, SIGTERM) never sets `stop`; a daemon process is only
    # ended by its parent's orderly exit, so without this it would poll the log for ever.
    parent = multiprocessing.parent_process()
    try:
        while not stop.is_set():
            if parent is not None and not parent.is_alive():
                log.warning("the load that started this follower has gone; stopping")
                return
            head = registry.max_position()
            if catch_up(registry, within=ROUND) >= head:
                stop.wait(IDLE)
            elif sqlite and registry.writers_in():
                stop.wait(TURN_GAP)  # the load's turn (engine.Turns: a round ends first)
        catch_up(registry)
    finally:
        registry.close()
