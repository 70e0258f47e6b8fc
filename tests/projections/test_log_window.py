"""A catch-up round reads the log once for every projection (projections.log_window): the head
and the new events, each once, and every projection still reaches the head with its events."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.roll.values import OrgKind
from projections import wiring
from projections.log_window import LogWindow
from projections.queries import Queries
from projections.runner import lowest_position
from services.registry import Registry
from tests import writes
from tests.conftest import RECORDED_BY, ProvinceCodes


def counting(monkeypatch: pytest.MonkeyPatch, registry: Registry) -> dict[str, int]:
    """Counts the event store's reads of the head and of notifications."""
    calls = {"head": 0, "events": 0}
    recorder = registry.recorder
    head, events = recorder.max_notification_id, recorder.select_notifications

    def max_notification_id() -> Any:
        calls["head"] += 1
        return head()

    def select_notifications(*args: Any, **kwargs: Any) -> Any:
        calls["events"] += 1
        return events(*args, **kwargs)

    monkeypatch.setattr(recorder, "max_notification_id", max_notification_id)
    monkeypatch.setattr(recorder, "select_notifications", select_notifications)
    return calls


def found_unprojected(registry: Registry, parent: str, cells: int) -> list[str]:
    """Cells saved with the projections' catch-up detached, as by a writer killed before it."""
    saved = list(registry.on_saved)
    registry.on_saved.clear()
    codes = [f"{parent}.CB{n:02d}" for n in range(50, 50 + cells)]
    try:
        for code in codes:
            writes.found_organization(
                registry,
                code,
                f"Chi bộ {code}",
                OrgKind.CELL,
                parent,
                date(2020, 1, 1),
                RECORDED_BY,
            )
    finally:
        registry.on_saved[:] = saved
    return codes


def test_a_round_reads_the_head_and_the_new_events_once_for_every_projection(
    registry: Registry, province: ProvinceCodes, queries: Queries, monkeypatch: pytest.MonkeyPatch
) -> None:
    [code] = found_unprojected(registry, province.committee, 1)
    calls = counting(monkeypatch, registry)

    reached = wiring.catch_up(registry)

    assert calls == {"head": 1, "events": 1}
    assert reached == lowest_position(registry) == registry.max_position()
    assert queries.org(code).code == code


def test_runners_sharing_small_windows_each_reach_the_head_with_their_events(
    registry: Registry, province: ProvinceCodes, queries: Queries
) -> None:
    codes = found_unprojected(registry, province.committee, 4)
    runners = wiring.runners(registry)
    window = LogWindow(registry, (t for r in runners for t in r.projection.topics))

    reached = [runner.catch_up(batch=2, window=window) for runner in runners]

    assert reached == [registry.max_position()] * len(runners)
    assert [queries.org(code).code for code in codes] == codes
