"""Figures built from prefix sums: periods, indicators, chart series and one member's file."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import select

from domain.errors import NotFound
from domain.roll.history import Entry, MemberHistory, effective
from projections.results import (
    CompositionOfRoll,
    Indicators,
    MemberEntry,
    MemberView,
    RollupNode,
    SeriesPoint,
    Share,
    percent,
)
from projections.store import bitemporal
from projections.store.metrics import FLAGS
from projections.store.timecodec import loads
from projections.structure.hierarchy import Hierarchy

if TYPE_CHECKING:
    from projections.structure.snapshot import Snapshot

ENTRY_KEYS = {"event_id", "type", "org", "member_id", "effective_on", "recorded_at", "recorded_by"}


def prefix(
    s: Snapshot, orgs: Sequence[str], day: date, known: int, columns: list[str], early: bool = False
) -> dict[str, list[int]]:
    return bitemporal.prefix(s.conn, s.t, orgs, day, known, columns, early)


def between(
    s: Snapshot, orgs: Sequence[str], first: date, last: date, known: int, columns: list[str]
) -> dict[str, list[int]]:
    """Flow sums dated in [first, last] as known at `known`."""
    return betweens(s, [Span(orgs, first, last)], known, columns)[0]


@dataclass(frozen=True)
class Span:
    """Flows dated in [first, last] for each of `orgs`."""

    orgs: Sequence[str]
    first: date
    last: date


def span_asks(span: Span, known: int, columns: Sequence[str]) -> list[bitemporal.Ask]:
    """The two prefix sums whose difference is the span's flows."""
    wanted = tuple(columns)
    return [
        bitemporal.Ask(span.orgs, span.last, known, wanted),
        bitemporal.Ask(span.orgs, span.first - timedelta(days=1), known, wanted),
    ]


def difference(upto: bitemporal.Sums, before: bitemporal.Sums) -> dict[str, list[int]]:
    return {
        org: [a - b for a, b in zip(values, before[org], strict=True)]
        for org, values in upto.items()
    }


def betweens(
    s: Snapshot, spans: Sequence[Span], known: int, columns: list[str]
) -> list[dict[str, list[int]]]:
    """Flow sums of each span as known at `known`, read together in one round trip."""
    asks = [ask for span in spans for ask in span_asks(span, known, columns)]
    sums = bitemporal.prefixes(s.conn, s.t, asks)
    return [difference(sums[2 * i], sums[2 * i + 1]) for i in range(len(spans))]


def indicators(
    s: Snapshot, org: str, first: date, last: date, known: int, as_of: date
) -> Indicators:
    admitted_columns = ["admitted", *(f"admitted_{flag}" for flag in FLAGS)]
    roll_columns = ("probationary", "official", *(f"roll_{flag}" for flag in FLAGS))
    asks = [
        *span_asks(Span([org], first, last), known, admitted_columns),
        bitemporal.Ask([org], as_of, known, roll_columns, early=True),
    ]
    upto, before, on_roll = bitemporal.prefixes(s.conn, s.t, asks)
    admitted, *flags = difference(upto, before)[org]
    probationary, official, *roll_flags = on_roll[org]
    total = probationary + official
    shares = [Share(count, percent(count, admitted)) for count in flags]
    roll = CompositionOfRoll(total, *(Share(count, percent(count, total)) for count in roll_flags))
    return Indicators(org, first, last, admitted, *shares, roll=roll)


def series(
    s: Snapshot, org: str, first: date, last: date, known: int, step: str
) -> list[SeriesPoint]:
    days = _period_ends(first, last, step)
    columns = ("probationary", "official", "admitted")
    ends = [first - timedelta(days=1), *days]
    sums = bitemporal.prefixes(
        s.conn, s.t, [bitemporal.Ask([org], d, known, columns) for d in ends]
    )
    previous = sums[0][org][2]
    points = []
    for day, found in zip(days, sums[1:], strict=True):
        probationary, official, admitted = found[org]
        points.append(
            SeriesPoint(day, probationary + official, probationary, official, admitted - previous)
        )
        previous = admitted
    return points


def _period_ends(first: date, last: date, step: str) -> list[date]:
    ends, day = [], first
    while day <= last:
        if step == "year":
            end = date(day.year, 12, 31)
        else:
            end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        ends.append(min(end, last))
        day = end + timedelta(days=1)
    return ends


def member(s: Snapshot, member_id: UUID, known: int, known_at: Any, today: date) -> MemberView:
    e = s.t.entry
    rows = s.conn.execute(
        select(e.c.body)
        .where(e.c.member_id == member_id.hex, e.c.recorded_at <= known)
        .order_by(e.c.position)
    ).scalars()
    entries = [Entry.from_dict(loads(body)) for body in rows]
    if not entries:
        raise NotFound("member", member_id)
    history = MemberHistory.replay(effective(entries, known_at))
    profile = dict(history.profile or {})
    status = history.status_on(today)
    return MemberView(
        member_id,
        str(profile.get("full_name") or ""),
        profile,
        history.org_on(today),
        status.value if status else None,
        [
            MemberEntry(
                entry.event_id,
                entry.type,
                entry.org,
                entry.effective_on,
                entry.recorded_at,
                entry.recorded_by,
                {k: v for k, v in entry.details.items() if k not in ENTRY_KEYS},
            )
            for entry in entries
        ],
    )


def rollup_tree(
    h: Hierarchy, code: str, day: date, depth: int | None, sums: dict[str, list[int]]
) -> RollupNode:
    """The node and its children as linked on `day`, down to `depth` levels."""
    node = h.orgs[code]
    probationary, official = sums.get(code, [0, 0])
    below = [] if depth == 0 else h.children_on(code, day)
    next_depth = None if depth is None else depth - 1
    return RollupNode(
        node.code,
        h.name_on(code, day),
        node.kind,
        probationary + official,
        probationary,
        official,
        [rollup_tree(h, child, day, next_depth, sums) for child in below],
    )
