"""A runner on SQLite leaves other writers their turn between its batches (projections/store/
engine.py `Turns`): SQLite has one writer at a time, and a long catch-up or rebuild going on
batch after batch kept a load's saves out past their timeout. PostgreSQL's writers never wait
for the projections' batches, so this is SQLite's alone."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from typing import Any

import pytest
from fig_support import Clerk, found_tree, moment

from projections.counts.figures import FiguresProjection
from projections.runner import Runner
from projections.store import engine
from services.registry import Registry


def slow_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch holds the write lock 0.15 s, as a province's batches do longer."""
    process = FiguresProjection.process

    def slowly(self: FiguresProjection, conn: Any, events: Any) -> bool:
        time.sleep(0.15)
        return bool(process(self, conn, events))

    monkeypatch.setattr(FiguresProjection, "process", slowly)
    monkeypatch.setattr(engine, "TURN_EVERY", 0.3)


def writes_get_in(registry: Registry, times: int = 3) -> None:
    """A writer that gives up after 1.2 s of "database is locked" writes `times` times, each
    holding the writers' gate as every write does."""
    writer = sqlite3.connect(registry.settings.sqlite_path, timeout=1.2, isolation_level=None)
    try:
        for _ in range(times):
            with registry.writers_gate(exclusive=False):
                writer.execute("BEGIN IMMEDIATE")
                writer.execute("COMMIT")
            time.sleep(0.05)
    finally:
        writer.close()


def count_turns(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    given: list[float] = []
    give_turn = engine.Turns.give_turn

    def counted(self: engine.Turns) -> None:
        given.append(time.monotonic())
        give_turn(self)

    monkeypatch.setattr(engine.Turns, "give_turn", counted)
    return given


def backlog(settings: Any, clock: Any, make_profile: Any) -> Registry:
    registry = Registry(settings, clock=clock)  # detached: the events wait for the runner
    found_tree(registry, clock)
    clock.set(moment(date(2016, 1, 1)))
    clerk = Clerk(registry, clock, make_profile)
    for n in range(20):
        clerk.admit("T1.D.C.1" if n % 2 else "T1.D.G", date(2015, 1, 1 + n))
    return registry


@pytest.mark.backend("sqlite")
@pytest.mark.parametrize("work", ["catch_up", "rebuild"])
def test_a_long_run_of_batches_on_sqlite_lets_other_writers_in(
    settings: Any, clock: Any, make_profile: Any, monkeypatch: pytest.MonkeyPatch, work: str
) -> None:
    registry = backlog(settings, clock, make_profile)
    runner = Runner(registry, "figures")
    if work == "rebuild":
        runner.catch_up()
    slow_batches(monkeypatch)
    given = count_turns(monkeypatch)
    run = threading.Thread(
        target=(lambda: runner.catch_up(batch=2)) if work == "catch_up" else runner.rebuild,
        kwargs={} if work == "catch_up" else {"batch": 2},
    )
    run.start()
    try:
        time.sleep(0.2)
        writes_get_in(registry)  # "database is locked" without the turns
        assert run.is_alive()  # the writes went in while the batches went on
    finally:
        run.join()
    assert given
    assert runner.catch_up() == registry.max_position()


@pytest.mark.backend("sqlite")
def test_with_nobody_writing_a_runner_takes_no_gap(
    settings: Any, clock: Any, make_profile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = backlog(settings, clock, make_profile)
    runner = Runner(registry, "figures")
    slow_batches(monkeypatch)
    given = count_turns(monkeypatch)

    assert runner.catch_up(batch=2) == registry.max_position()  # 2 s of batches

    assert given == []
