"""Projections left behind by a writer killed after its commit: caught up when a server
process starts and, while it runs, by its follower thread, without waiting for a save."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from projections.freshness import Follower, freshness
from projections.queries import Queries
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes


def commit_without_catch_up(settings: Settings, clock: Any, cell: str, make_profile: Any) -> int:
    """A writer with no projections attached: its events reach the log, nothing else."""
    killed = Registry(settings, clock=clock)
    try:
        for _ in range(3):
            command = Admit(
                MemberRef(profile=make_profile()),
                date(2026, 3, 2),
                Decision("7-QĐ/HU", date(2026, 2, 1), "T01.H01"),
            )
            writes.admit(killed, cell, command, "import:killed")
        return killed.max_position()
    finally:
        killed.close()


def test_a_process_starting_catches_the_projections_up(
    registry: Registry,
    province: Any,
    settings: Settings,
    clock: Any,
    make_profile: Any,
    open_registry: Callable[[Settings], Registry],
) -> None:
    head = commit_without_catch_up(settings, clock, province.cell, make_profile)
    assert freshness(registry).lagging

    started = open_registry(settings)  # what each gunicorn worker does before serving

    assert freshness(started) == freshness(registry)
    assert (freshness(started).position, freshness(started).lagging) == (head, False)


def test_a_running_process_catches_up_while_the_log_is_ahead_without_a_save(
    registry: Registry, province: Any, settings: Settings, clock: Any, make_profile: Any
) -> None:
    follower = Follower(registry, interval=0.05).start()
    try:
        head = commit_without_catch_up(settings, clock, province.cell, make_profile)
        deadline = time.monotonic() + 20
        while freshness(registry).lagging and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        follower.stop()

    assert freshness(registry).position == head
    assert Queries(settings, clock=clock).roll(province.cell).total == 3  # the read model


def test_a_reader_waiting_a_bounded_time_gets_the_projections_caught_up(
    registry: Registry, province: Any, settings: Settings, clock: Any, make_profile: Any
) -> None:
    head = commit_without_catch_up(settings, clock, province.cell, make_profile)

    found = freshness(registry, wait=2.0)

    assert (found.position, found.log_position, found.lagging) == (head, head, False)


# SQLite: the catch-up's write lock waits for the driver's busy timeout, a bound of its own.
@pytest.mark.backend("postgresql")
def test_a_reader_does_not_wait_past_its_bound_while_another_process_holds_the_catch_up(
    registry: Registry, province: Any, settings: Settings, clock: Any, make_profile: Any
) -> None:
    from projections.store.engine import engines_for, take_lock

    head = commit_without_catch_up(settings, clock, province.cell, make_profile)
    with engines_for(settings).write.begin() as other:  # another process, mid-batch
        take_lock(other, "postgresql", "figures")
        started = time.monotonic()
        found = freshness(registry, wait=0.5)
        waited = time.monotonic() - started

    assert waited < 3
    assert found.lagging and found.log_position == head


class BusyLog:
    """A log whose writers keep the projections one tick behind the head, with the rounds a
    follower runs beside them counted."""

    def __init__(self) -> None:
        self.head = 10
        self.rounds = 0

    def max_position(self) -> int:
        self.head += 5  # writers save between two ticks
        return self.head

    def lowest(self, registry: Any) -> int:
        return self.head - 3  # ...and their own catch-ups follow close behind

    def catch_up(self, registry: Any) -> int:
        self.rounds += 1
        return self.head


def test_a_process_follows_a_log_its_writers_keep_projecting_without_rounds_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from projections import freshness as module

    log = BusyLog()
    monkeypatch.setattr(module, "lowest_position", log.lowest)
    monkeypatch.setattr(module, "catch_up", log.catch_up)
    follower = Follower(log, interval=0.01).start()  # type: ignore[arg-type]
    time.sleep(0.3)
    follower.stop()

    assert log.head > 30  # it ticked
    assert log.rounds == 0
