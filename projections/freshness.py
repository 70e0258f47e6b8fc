"""How far the read models stand behind the event log, and catching them up while they lag.

Each save catches the projections up before it returns (projections.wiring), but a writer
killed between its commit and that catch-up (an import, a worker) leaves events no reader
has seen: the next figures would be computed from a projection behind the log and labelled
as current. So a reader asks `freshness` (waiting a bounded time for a catch-up), every
answer carries the position it was computed from, and each server process runs a `Follower`
that catches up whenever the log is ahead, without waiting for the next save.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from projections.runner import PROJECTIONS, lowest_position
from projections.wiring import catch_up

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Freshness:
    """`position`: the log position the figures are computed from; `log_position`: the
    log's head when they were read."""

    position: int
    log_position: int

    @property
    def lagging(self) -> bool:
        return self.position < self.log_position


def reached(positions: Mapping[str, int]) -> int:
    """The log position every projection has reached, from the active ones' positions."""
    return min(positions.get(name, 0) for name in PROJECTIONS)


def freshness(
    registry: Any, wait: float = 0.0, read: tuple[int, Mapping[str, int]] | None = None
) -> Freshness:
    """Where the read models stand; when behind, first catch up for at most `wait` seconds.

    `read`: the log's head and the active projections' positions, when the caller read them
    already (services.store.positions: one query with the users' version); else read here."""
    if read is None:
        head, position = registry.max_position(), lowest_position(registry)
    else:
        head, position = read[0], reached(read[1])
    if position < head and wait > 0:
        try:
            catch_up(registry, within=wait)
        except Exception:  # the answer says it is behind; the follower tries again
            log.exception("projections could not catch up to position %s", head)
        position = lowest_position(registry)
    return Freshness(position, head)


class Follower:
    """A daemon thread of one process: every `interval` seconds, catch up if the projections
    are still behind the head the previous tick read."""

    def __init__(self, registry: Any, interval: float = 1.0) -> None:
        self.registry = registry
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="projections-follower", daemon=True)

    def start(self) -> Follower:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        seen = 0  # the log's head at the previous tick
        while not self.stopped.wait(self.interval):
            try:
                head = self.registry.max_position()
                # Writers catch the projections up after their own saves: a tick steps in only
                # for events a whole interval has left unprojected (a writer killed between its
                # commit and its catch-up, another process's import). Stepping in whenever the
                # log was ahead ran a round every second beside every busy writer, on the same
                # locks, and made the writers' next rounds reload what it had moved (7% of a
                # worker's CPU under 64 writers, py-spy).
                if lowest_position(self.registry) < min(seen, head):
                    catch_up(self.registry)
                seen = head
            except Exception:  # a database restart, say: try again at the next tick
                log.exception("the projections follower could not catch up")
