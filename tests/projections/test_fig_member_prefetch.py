"""A catch-up batch naming several members the figures hold in their tables but not in memory
(a worker started on a stored log) reads them in one query, and counts them as when each was
read alone; a member admitted in the batch (their first entry) is not asked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fig_support import Clerk

from domain.roll.profile import MemberProfile
from projections import wiring
from projections.counts import figures, storage
from projections.queries import Queries
from services.config import Settings
from services.registry import Registry
from tests.conftest import ProvinceCodes


def test_a_batch_reads_the_stored_members_it_names_in_one_query(
    clerk: Clerk,
    province: ProvinceCodes,
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    clock: Any,
    make_profile: Callable[..., MemberProfile],
    queries: Queries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clerk.on(date(2024, 1, 10))
    first = clerk.admit(province.cell, date(2024, 1, 5))
    second = clerk.admit(province.other_cell, date(2024, 1, 5))
    other = open_registry(settings)  # another process: its projections start from the tables
    reads: list[list[str]] = []
    load = figures.load_members

    def counted(conn: Any, t: Any, ids: list[str]) -> Any:
        reads.append(ids)
        return load(conn, t, ids)

    monkeypatch.setattr(figures, "load_members", counted)
    listeners = list(other.on_saved)
    other.on_saved.clear()  # both recognitions are projected in one batch below
    later = Clerk(other, clock, make_profile)
    later.on(date(2025, 2, 1))
    later.recognize(province.cell, first.member_id)
    later.recognize(province.other_cell, second.member_id)
    third = later.admit(province.other_cell, date(2025, 1, 20))
    other.on_saved[:] = listeners

    wiring.catch_up(other)

    assert reads == [sorted(m.hex for m in (first.member_id, second.member_id))]
    assert third.member_id.hex not in {m for ids in reads for m in ids}
    counts = [queries.roll(cell, date(2025, 2, 2)) for cell in (province.cell, province.other_cell)]
    assert [(r.total, r.probationary, r.official) for r in counts] == [(1, 0, 1), (2, 1, 1)]
    assert queries.roll(province.cell, date(2024, 12, 31)).probationary == 1


def test_members_beyond_one_query_are_read_by_the_next(
    clerk: Clerk,
    province: ProvinceCodes,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clerk.on(date(2024, 1, 10))
    admitted = [clerk.admit(province.cell, date(2024, 1, 5)).member_id.hex for _ in range(3)]
    figures_runner = next(r for r in wiring.runners(registry) if r.name == "figures")
    monkeypatch.setattr(storage, "MEMBERS_PER_QUERY", 2)

    with figures_runner.engines.write.connect() as conn:
        found = storage.load_members(conn, figures_runner.projection.t, [*admitted, "0" * 32])

    assert [len(found[m].entries) for m in admitted] == [1, 1, 1]
    assert found["0" * 32].entries == []
