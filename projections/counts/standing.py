"""Quota standings (chỉ tiêu kết nạp) and the differences between two moments of knowledge.

at_risk: an organization is at risk when its admissions, as a percent of ANY of its plans,
are below the share of the period elapsed at an even pace. The plans of the superiors are the
ones an organization is judged by (Hồng Bàng, 30 Sept 2018: 79.0% of its own 200 but 69.6% of
the city's 227, against 74.8% expected: at risk for the city's plan), so being ahead of a
lower plan of one's own must not hide it.

children_add_up: the targets this organization assigned to its children (plans whose
assigned_by is the organization) add up to at least its own first plan (its own plan when it
set one, else the nearest superior's): over-assigning is the usual safety margin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import Select, Table, bindparam, select

from domain.quota import parse_period
from domain.roll.values import OrgKind, add_months
from projections.counts.reports import Span, betweens, prefix
from projections.results import ChildStanding, Diff, DiffEvent, Plan, Standing, percent
from projections.store.timecodec import end_of_day_us, from_us, to_us

if TYPE_CHECKING:
    from projections.structure.snapshot import Snapshot

GRASSROOTS = {OrgKind.GRASSROOTS_COMMITTEE.value, OrgKind.GRASSROOTS_CELL.value}
CELLS = {OrgKind.CELL.value, OrgKind.GRASSROOTS_CELL.value}
PlanRow = dict[str, Any]


@cache
def _plans_in_force(p: Table) -> Select[Any]:
    """The plans of `orgs` for `period` recorded by `known`, in recording order; built once per
    table (a statement built per call costs SQLAlchemy its cache key again)."""
    return (
        select(p)
        .where(
            p.c.org.in_(bindparam("orgs", expanding=True)),
            p.c.period == bindparam("period"),
            p.c.recorded_at <= bindparam("known"),
        )
        .order_by(p.c.position)
    )


def plans_for(s: Snapshot, orgs: list[str], period: str, known: int) -> dict[str, list[PlanRow]]:
    """The plans in force at `known` per org: the latest per assigning org; own plan first."""
    found: dict[str, dict[str, PlanRow]] = defaultdict(dict)
    if s.plans is not None and orgs:
        asked = {"orgs": orgs, "period": period, "known": known}
        for row in s.conn.execute(_plans_in_force(s.plans), asked).mappings():
            found[row["org"]][row["assigned_by"]] = dict(row)
    return {
        org: sorted(
            found[org].values(),
            key=lambda r: (r["assigned_by"] != org, -len(r["assigned_by"]), r["assigned_by"]),
        )
        for org in orgs
    }


def _plans(rows: list[PlanRow], admitted: int) -> list[Plan]:
    return [Plan(r["assigned_by"], r["target"], percent(admitted, r["target"])) for r in rows]


def standing(
    s: Snapshot,
    org: str,
    label: str,
    as_of: date,
    known: int,
    idle_years: int,
    since: Mapping[str, date] | None = None,
) -> Standing:
    """Admissions against the plans; `since` (per organization) counts an organization's
    admissions only from that day on (the first day the reader reached it: web/permissions/reach.py)."""
    period = parse_period(label)
    h = s.hierarchy
    children = h.children_on(org, as_of)
    plans = plans_for(s, [org, *children], period.label, known)
    own = plans[org]
    if own:
        period = parse_period(period.label, own[0]["starts_on"], own[0]["ends_on"])
    until = min(as_of, period.ends_on)
    subtree = h.subtree(org, as_of)
    grassroots = [
        c for c in subtree if h.orgs[c].kind in GRASSROOTS and h.orgs[c].founded_on <= until
    ]
    counted = list(dict.fromkeys([org, *children, *grassroots]))
    spans = counted_spans(counted, period.starts_on, until, since or {})
    idle = idle_span(s, subtree, as_of, idle_years, since or {})
    # The admissions counted and the idle cells' in one round trip.
    *counts, idle_counts = betweens(s, [*spans, idle], known, ["admitted"])
    admitted = dict.fromkeys(counted, 0)
    for found in counts:
        admitted.update((code, values[0]) for code, values in found.items())
    expected = round(period.elapsed_share(as_of) * 100, 1)
    mine = _plans(own, admitted[org])
    sums: dict[str, int] = defaultdict(int)
    for child in children:
        for row in plans[child]:
            sums[row["assigned_by"]] += row["target"]
    add_up = bool(own) and sums.get(org, 0) >= own[0]["target"]
    return Standing(
        org=org,
        period=period.label,
        as_of=as_of,
        admitted=admitted[org],
        plans=mine,
        expected_percent=expected,
        at_risk=any(p.percent is not None and p.percent < expected for p in mine),
        without_admissions=sorted(c for c in grassroots if admitted[c] == 0),
        idle_cells=sorted(c for c in idle.orgs if idle_counts[c][0] == 0),
        children=[ChildStanding(c, admitted[c], _plans(plans[c], admitted[c])) for c in children],
        children_targets_sum=dict(sums),
        children_add_up=add_up,
    )


def counted_spans(
    orgs: list[str], first: date, last: date, since: Mapping[str, date]
) -> list[Span]:
    """The spans of admissions to count: each organization's in [first, last], from its own
    `since` on."""
    starts: dict[date, list[str]] = defaultdict(list)
    for code in orgs:
        starts[max(first, since.get(code, first))].append(code)
    return [Span(codes, start, last) for start, codes in starts.items() if start <= last]


def idle_span(
    s: Snapshot, subtree: list[str], as_of: date, years: int, reached: Mapping[str, date]
) -> Span:
    """The admissions that make a cell idle if there are none: of the cells that existed all
    of the last `years` years, in those years (only cells the reader reached all that time:
    their earlier days are not theirs to judge)."""
    since = add_months(as_of, -12 * years) + timedelta(days=1)
    h = s.hierarchy
    cells = [c for c in subtree if h.orgs[c].kind in CELLS and h.orgs[c].founded_on <= since]
    cells = [c for c in cells if reached.get(c, since) <= since]
    return Span(cells, since, as_of)


def diff(s: Snapshot, org: str, as_of: date, first: Any, second: Any) -> Diff:
    """Per event, its effect on the roll total at `as_of` between two moments of knowledge."""
    k1, k2 = to_us(first), to_us(second)
    columns = ["probationary", "official"]
    total_1 = sum(prefix(s, [org], as_of, k1, columns)[org])
    total_2 = sum(prefix(s, [org], as_of, k2, columns)[org])
    effects: dict[str, int] = defaultdict(int)
    end = end_of_day_us(as_of.toordinal())
    if k1 < end:  # knowledge gained by the end of as_of: whole ledger steps count
        ledger = s.t.ledger
        base = sum(prefix(s, [org], date.max, k1, columns)[org])
        rows = s.conn.execute(
            select(ledger.c.event_id, ledger.c.probationary, ledger.c.official)
            .where(
                ledger.c.org == org, ledger.c.recorded_at > k1, ledger.c.recorded_at <= min(k2, end)
            )
            .order_by(ledger.c.recorded_at)
        )
        for event_id, probationary, official in rows:
            effects[event_id] += probationary + official - base
            base = probationary + official
    late = s.t.late
    rows = s.conn.execute(
        select(late.c.event_id, late.c.probationary, late.c.official).where(
            late.c.org == org,
            late.c.day <= as_of.toordinal(),
            late.c.recorded_at > max(k1, end),
            late.c.recorded_at <= k2,
        )
    )
    for event_id, probationary, official in rows:
        effects[event_id] += probationary + official
    return Diff(org, as_of, first, second, total_1, total_2, _events(s, effects))


def _events(s: Snapshot, effects: dict[str, int]) -> list[DiffEvent]:
    e = s.t.entry
    ids = [event_id for event_id, effect in effects.items() if effect]
    found = {}
    if ids:
        rows = s.conn.execute(select(e).where(e.c.event_id.in_(ids))).mappings()
        found = {row["event_id"]: row for row in rows}
        # Changes of structure move members between ancestors: they explain differences too.
        rows = s.conn.execute(select(s.t.reorg).where(s.t.reorg.c.event_id.in_(ids))).mappings()
        found.update({row["event_id"]: row for row in rows})
    events = []
    for event_id in ids:
        row = found[event_id]
        kind = {"correction": "correction", "retraction": "retraction"}.get(
            row["type"], "reorganization" if "member_id" not in row else "late_entry"
        )
        member = row.get("member_id")
        events.append(
            DiffEvent(
                UUID(event_id),
                row["type"],
                row["org"],
                UUID(member) if member else None,
                row["effective_on"],
                from_us(row["recorded_at"]),
                row["recorded_by"],
                kind,
                effects[event_id],
            )
        )
    return sorted(events, key=lambda d: (d.recorded_at, str(d.event_id)))
