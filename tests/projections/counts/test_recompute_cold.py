"""A restructuring projected by a process that has cached no member (a reform run as a command
of its own) reads the moved members a chunk at a time, not two queries per member, leaves them
out of its cache, and counts them, and what is recorded of them afterwards, as a rebuild from
the log does."""

from __future__ import annotations

from datetime import date

import pytest

from domain.roll.values import EventType
from projections.counts import figures
from projections.queries import Queries
from projections.runner import Runner
from services.config import Settings
from services.demo.history import generate
from services.demo.seeding import SettableClock, found_all, load_events
from services.front_door.bus import handle
from services.front_door.commands import MoveOrganization, RecordEvent
from services.roll.commands import Decision, MemberRef, Remove
from services.wiring import build_registry

MOVED, FROM, TO = "P-NOONGBUA", "TP-DIENBIENPHU", "H-MUONGCHA"
ON = date(2024, 6, 1)
LATER = date(2024, 9, 2)
DAYS = [date(2024, 5, 31), ON, LATER, date(2024, 12, 31)]


def rollups(queries: Queries) -> list[tuple[str, date, int]]:
    return [(org, day, queries.rollup(org, as_of=day).total) for org in (FROM, TO) for day in DAYS]


def test_a_move_projected_with_an_empty_member_cache_loads_members_in_bulk_and_counts_right(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    province = generate(seed=7, scale=0.002)
    assert {o.code for o in province.orgs} >= {MOVED, FROM, TO}
    clock = SettableClock(province.events[0].recorded_at)
    loader = build_registry(settings, clock=clock)
    try:
        found_all(loader, province.orgs, "test:seed")
        load_events(loader, province.events, "test:seed")
        clock.now = province.events[-1].recorded_at
    finally:
        loader.close()
    queries = Queries(settings)
    moving = queries.rollup(MOVED, as_of=ON).total
    assert moving > 1

    one_by_one: list[str] = []
    in_bulk: list[int] = []
    passed: list[tuple[figures.FiguresProjection, str]] = []
    single, bulk = figures.load_member, figures.load_members
    passing = figures.FiguresProjection._passing
    monkeypatch.setattr(
        figures, "load_member", lambda c, t, m: one_by_one.append(m) or single(c, t, m)
    )
    monkeypatch.setattr(
        figures, "load_members", lambda c, t, ids: in_bulk.append(len(ids)) or bulk(c, t, ids)
    )
    monkeypatch.setattr(
        figures.FiguresProjection,
        "_passing",
        lambda self, c, m: passed.append((self, m)) or passing(self, c, m),
    )
    registry = build_registry(
        settings, clock=clock
    )  # a new process's projections: no member cached
    try:
        decision = Decision("12-QĐ/TU", ON, "TINH-DIENBIEN")
        handle(registry, MoveOrganization(MOVED, TO, ON, decision), recorded_by="test:reform")
        assert len(one_by_one) <= 1
        assert sum(in_bulk) >= moving
        before = queries.rollup(FROM, as_of=date(2024, 5, 31)).total
        assert queries.rollup(FROM, as_of=ON).total == before - moving
        # Recomputed, written, and not kept: a reform moves a whole province once.
        assert len(passed) >= moving
        projection = passed[0][0]
        assert not any(member in projection.members for _, member in passed)

        # A member passed through is read back from the tables when next recorded.
        someone = queries.roll(MOVED, as_of=LATER, subtree=True).members[0]
        died = Remove(MemberRef(member_id=someone.member_id), LATER, removal=EventType.DIED)
        alive = queries.rollup(TO, as_of=LATER).total
        handle(registry, RecordEvent(someone.org, died), recorded_by="test:clerk")
        assert queries.rollup(TO, as_of=LATER).total == alive - 1
        followed = rollups(queries)

        monkeypatch.undo()
        Runner(registry, "figures").rebuild()
        assert rollups(Queries(settings)) == followed
    finally:
        registry.close()
