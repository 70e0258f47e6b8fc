"""Writers of one process share the projections' catch-up (projections.wiring.SharedCatchUp):
one round serves every writer waiting when it starts, and none returns before its position is
projected. The catch-up itself is replaced by a recorder of rounds: this is about who runs it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from projections import wiring

WRITERS = 12


class Log:
    """The event log's head and the position the (fake) projections reached, with the rounds run."""

    def __init__(self) -> None:
        self.head = 0
        self.rounds = 0
        self.guard = threading.Lock()

    def save(self) -> int:
        with self.guard:
            self.head += 1
            return self.head

    def catch_up(
        self, registry: Any, within: float | None = None, wanted: int | None = None
    ) -> int:
        with self.guard:
            self.rounds += 1
            head = self.head
        time.sleep(0.05)  # a round takes a while: writers saved meanwhile queue behind it
        return head


def test_writers_saved_during_a_round_share_the_next_instead_of_one_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = Log()
    monkeypatch.setattr(wiring, "catch_up", log.catch_up)
    shared = wiring.SharedCatchUp(registry=None)
    early: list[int] = []
    start = threading.Barrier(WRITERS)

    def writer() -> None:
        start.wait()
        position = log.save()
        shared.wait_for(position)
        if shared.reached < position:
            early.append(position)

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert early == []
    assert shared.reached == WRITERS
    assert log.rounds <= 3  # one writer alone each time would have made WRITERS rounds


def test_a_failed_round_leaves_the_waiting_writers_to_try_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def failing_once(registry: Any, within: float | None = None, wanted: int | None = None) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return 5

    monkeypatch.setattr(wiring, "catch_up", failing_once)
    shared = wiring.SharedCatchUp(registry=None)

    with pytest.raises(RuntimeError):
        shared.wait_for(3)
    shared.wait_for(4)

    assert shared.reached == 5
    assert len(calls) == 2
