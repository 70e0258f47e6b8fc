"""A restructuring projected by a process that has cached no member (a reform run as a command
of its own) reads the moved members' stored contributions a chunk at a time, not two queries per
member, rechains them without reading their entries, leaves them out of its cache, and counts
them, and what is recorded of them afterwards, as a rebuild from the log does."""

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


def test_a_move_projected_with_an_empty_member_cache_rechains_members_read_in_bulk(
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

    # What runs in production: rechained members are not replayed to be compared.
    monkeypatch.setattr(figures.FiguresProjection, "check_rechain", False)
    one_by_one: list[str] = []
    entries_read: list[int] = []
    contributions_read: list[int] = []
    settled: list[figures.FiguresProjection] = []
    single, bulk, stored = figures.load_member, figures.load_members, figures.load_contributions
    recompute = figures.FiguresProjection._recompute
    monkeypatch.setattr(
        figures, "load_member", lambda c, t, m: one_by_one.append(m) or single(c, t, m)
    )
    monkeypatch.setattr(
        figures, "load_members", lambda c, t, ids: entries_read.append(len(ids)) or bulk(c, t, ids)
    )
    monkeypatch.setattr(
        figures,
        "load_contributions",
        lambda c, t, ids: contributions_read.append(len(ids)) or stored(c, t, ids),
    )
    monkeypatch.setattr(
        figures.FiguresProjection,
        "_recompute",
        lambda self, *a: settled.append(self) or recompute(self, *a),
    )
    registry = build_registry(
        settings, clock=clock
    )  # a new process's projections: no member cached
    try:
        decision = Decision("12-QĐ/TU", ON, "TINH-DIENBIEN")
        handle(registry, MoveOrganization(MOVED, TO, ON, decision), recorded_by="test:reform")
        assert len(one_by_one) <= 1
        assert sum(contributions_read) >= moving
        # Only members with a transfer on or after the day are replayed from their entries.
        assert sum(entries_read) < moving / 4
        before = queries.rollup(FROM, as_of=date(2024, 5, 31)).total
        assert queries.rollup(FROM, as_of=ON).total == before - moving
        # Carried over, written, and not kept: a reform moves a whole province once.
        projection = settled[0]
        assert not any(m in projection.members for m in projection.evicted)
        assert len(projection.evicted) >= moving

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
