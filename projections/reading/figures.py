"""Reads of the figures: rolls, roll-ups, flows, indicators, series, standing, diffs, members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Select, Table, bindparam, or_, select

from domain.errors import InvalidValue
from projections.counts import reports
from projections.names import name_key
from projections.reading.base import ReadBase, check_range, org_info
from projections.results import (
    Diff,
    Flows,
    Indicators,
    MemberView,
    Roll,
    RollMember,
    RollupNode,
    SeriesPoint,
    Standing,
    percent,
)
from projections.store.metrics import FLOWS
from projections.store.timecodec import to_us


@cache
def _roll_on(r: Table) -> Select[Any]:
    """Who is on the rolls of `orgs` on day `a` as known at `k`: built once per table, and its
    columns are the roll index's own (projections.store.schema), so no table row is read."""
    return select(
        r.c.member_id, r.c.full_name, r.c.status, r.c.official_on, r.c.joined, r.c.org
    ).where(
        r.c.org.in_(bindparam("orgs", expanding=True)),
        r.c.joined <= bindparam("a"),
        or_(r.c.left_on.is_(None), r.c.left_on > bindparam("a")),
        r.c.recorded_from <= bindparam("k"),
        or_(r.c.recorded_to.is_(None), r.c.recorded_to > bindparam("k")),
    )


class FigureReads(ReadBase):
    """Counts of members as of a day and as known at an instant."""

    def roll(
        self,
        org: str,
        as_of: date | None = None,
        known_at: datetime | None = None,
        subtree: bool = False,
    ) -> Roll:
        """Members on the roll on `as_of` as known at `known_at`, with status and joining day."""
        day, known = as_of or self.today(), self._known(known_at)
        k, a = to_us(known), day.toordinal()
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, day)
            orgs = s.hierarchy.subtree(org, day) if subtree else [org]
            rows = s.conn.execute(_roll_on(s.t.roll), {"orgs": orgs, "a": a, "k": k}).all()
        # The hex of an id sorts as its dashed form does: sorted before the UUIDs are made.
        rows.sort(key=lambda row: (name_key(row[1]), row[0]))
        members = [
            RollMember(
                UUID(member_id),
                full_name,
                "official" if official_on and official_on <= a else status,
                date.fromordinal(joined),
                in_org,
            )
            for member_id, full_name, status, official_on, joined, in_org in rows
        ]
        official = sum(1 for m in members if m.status == "official")
        return Roll(org, day, known, len(members), len(members) - official, official, members)

    def rollup(
        self,
        org: str,
        as_of: date | None = None,
        known_at: datetime | None = None,
        depth: int | None = None,
    ) -> RollupNode:
        """The subtree as linked on `as_of` (down to `depth` levels), with totals at every node."""
        day, known = as_of or self.today(), self._known(known_at)
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, day)
            codes = s.hierarchy.subtree(org, day, depth)
            sums = reports.prefix(s, codes, day, to_us(known), ["probationary", "official"])
            return reports.rollup_tree(s.hierarchy, org, day, depth, sums)

    def flows(
        self, org: str, date_from: date, date_to: date, known_at: datetime | None = None
    ) -> Flows:
        """Intakes and removals in [date_from, date_to]; the admission rate against last year end."""
        check_range(date_from, date_to)
        k = to_us(self._known(known_at))
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, date_to)
            counts = reports.between(s, [org], date_from, date_to, k, list(FLOWS))[org]
            year_end = date(date_from.year - 1, 12, 31)
            roll = sum(reports.prefix(s, [org], year_end, k, ["probationary", "official"])[org])
        values = dict(zip(FLOWS, counts, strict=True))
        return Flows(
            org, date_from, date_to, **values, admission_rate=percent(values["admitted"], roll)
        )

    def indicators(
        self,
        org: str,
        date_from: date,
        date_to: date,
        known_at: datetime | None = None,
        as_of: date | None = None,
    ) -> Indicators:
        """Shares among those admitted in the period, and over the roll on `as_of`
        (default: the period's last day, or today if that is later)."""
        check_range(date_from, date_to)
        day = as_of or min(date_to, self.today())
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, date_to)
            return reports.indicators(s, org, date_from, date_to, to_us(self._known(known_at)), day)

    def series(
        self,
        org: str,
        date_from: date,
        date_to: date,
        known_at: datetime | None = None,
        step: str = "month",
    ) -> list[SeriesPoint]:
        """Roll at each month (or year) end and admissions within it, for charts."""
        check_range(date_from, date_to)
        if step not in ("month", "year"):
            raise InvalidValue("step", "must be month or year")
        k = to_us(self._known(known_at))
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, date_to)
            return reports.series(s, org, date_from, date_to, k, step)

    def standing(
        self,
        org: str,
        period: str,
        as_of: date | None = None,
        known_at: datetime | None = None,
        idle_years: int = 3,
        since: Callable[[list[str], date], dict[str, date]] | None = None,
    ) -> Standing:
        """Admissions against every plan for the period, as of a day (see projections.counts.standing);
        `since` names, for the organizations of the subtree on that day, the first day from
        which each one's admissions may be counted (the reader's reach)."""
        from projections.counts.standing import standing

        day = as_of or self.today()
        with self.snapshot(self._view(known_at)) as s:
            org_info(s.hierarchy, org, day)
            starts = since(s.hierarchy.subtree(org, day), day) if since else None
            known = to_us(self._known(known_at))
            return standing(s, org, period, day, known, idle_years, starts)

    def diff(self, org: str, as_of: date, known_at_1: datetime, known_at_2: datetime) -> Diff:
        """The events that make the roll total on `as_of` differ between two moments of knowledge."""
        from projections.counts.standing import diff

        first, second = self._known(known_at_1), self._known(known_at_2)
        if first > second:
            raise InvalidValue("known_at_2", "must not be before known_at_1")
        with self.snapshot(self._view(known_at_1)) as s:
            org_info(s.hierarchy, org, as_of)
            return diff(s, org, as_of, first, second)

    def member(self, member_id: UUID, known_at: datetime | None = None) -> MemberView:
        """A member's profile, organization and status today, and every entry about them."""
        known = self._known(known_at)
        with self.snapshot() as s:
            return reports.member(s, member_id, to_us(known), known, self.today())
