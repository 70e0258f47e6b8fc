"""Queries over the projections, used by the command line and the web.

Every figure takes `as_of` (valid time, a date; default today in Vietnam) and `known_at`
(transaction time, an instant; default now), and reads only pre-aggregated rows: see
projections.store.bitemporal. Each call reads in one snapshot (SQLite deferred transaction,
PostgreSQL REPEATABLE READ), so a batch committed meanwhile never mixes into an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, or_, select

from domain.errors import InvalidValue, NotFound
from domain.time_zone import TIMEZONE
from projections.counts import reports
from projections.counts.storage import load_hierarchy
from projections.names import name_key
from projections.results import (
    Diff,
    Flows,
    Indicators,
    Lineage,
    MemberView,
    OrgInfo,
    Restated,
    Roll,
    RollMember,
    RollupNode,
    SeriesPoint,
    Standing,
    percent,
)
from projections.store.engine import Database, engines_for
from projections.store.metrics import FLOWS
from projections.store.schema import figure_tables, projection_state, quota_table
from projections.store.timecodec import to_us
from projections.structure.hierarchy import Hierarchy
from projections.structure.snapshot import Snapshot

Clock = Callable[[], datetime]


class Queries:
    """Read side of Sổ Đảng; construct from the database settings (or an Engine) and a clock."""

    def __init__(self, source: Database | Engine, clock: Clock | None = None) -> None:
        self.engine = engines_for(source).read if isinstance(source, Database) else source
        self.clock = clock or (lambda: datetime.now(UTC))
        self._tree: tuple[tuple[int, int], Hierarchy] | None = None
        # Restatement plans per (tree, org, as_of, structure_on, depth): the tree is the key's
        # first part, so a reloaded tree never meets an old plan.
        self._plans: dict[tuple[Any, ...], Any] = {}

    # -- defaults and snapshot ---------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(TIMEZONE).date()

    def _known(self, known_at: datetime | None) -> datetime:
        moment = known_at or self.now()
        if moment.tzinfo is None:
            raise InvalidValue("known_at", "must carry a time zone")
        return moment.astimezone(UTC)

    def _view(self, known_at: datetime | None) -> int | None:
        """The instant whose tree a query uses: an explicit `known_at` (an audit of what was
        known then); by default the latest tree, whatever the clock says."""
        return None if known_at is None else to_us(self._known(known_at))

    @contextmanager
    def snapshot(self, known: int | None = None) -> Iterator[Snapshot]:
        """One consistent read; with `known` (µs), the tree is the one known at that instant."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(projection_state).where(projection_state.c.active.is_(True))
            ).mappings()
            state = {row["name"]: row for row in rows}
            figures, quotas = state.get("figures"), state.get("quotas")
            if figures is None:
                raise NotFound("projection", "figures (run `sodang projections catch-up`)")
            t = figure_tables(figures["generation"])
            key = (figures["generation"], figures["structure"])
            if self._tree is None or self._tree[0] != key:
                self._tree = (key, load_hierarchy(conn, t))
            plans = quota_table(quotas["generation"])[1] if quotas else None
            tree = self._tree[1] if known is None else self._tree[1].as_known_at(known)
            yield Snapshot(conn, t, plans, tree, int(figures["position"]))

    # -- organizations -------------------------------------------------------------------

    def position(self) -> int:
        """The log position the figures are computed from."""
        with self.snapshot() as s:
            return s.position

    def tree(self) -> Hierarchy:
        """The latest organization tree, with its dated links (for access: web/permissions/reach.py)."""
        with self.snapshot() as s:
            return s.hierarchy

    def org(self, code: str) -> OrgInfo:
        with self.snapshot() as s:
            return _org_info(s.hierarchy, code, self.today())

    def orgs(self, root: str | None = None, on: date | None = None) -> list[OrgInfo]:
        """Every organization (or `root` and everything under it on a day), parents first."""
        day = on or self.today()
        with self.snapshot() as s:
            h = s.hierarchy
            if root is None:
                codes = sorted(h.orgs)
            else:
                _org_info(h, root, day)
                codes = h.subtree(root, day)
            return [_org_info(h, code, day) for code in codes]

    def ancestors(self, code: str, on: date | None = None) -> list[str]:
        """Codes above the organization on a day, nearest first."""
        with self.snapshot() as s:
            _org_info(s.hierarchy, code, self.today())
            return s.hierarchy.ancestors(code, on or self.today())

    def children(self, code: str, on: date | None = None) -> list[str]:
        with self.snapshot() as s:
            _org_info(s.hierarchy, code, self.today())
            return s.hierarchy.children_on(code, on or self.today())

    def subtree(self, code: str, on: date | None = None) -> list[str]:
        with self.snapshot() as s:
            _org_info(s.hierarchy, code, self.today())
            return s.hierarchy.subtree(code, on or self.today())

    def is_in_subtree(self, code: str, root: str, on: date | None = None) -> bool:
        """Whether `code` is `root` or under it on a day (for access checks)."""
        with self.snapshot() as s:
            if code not in s.hierarchy.orgs or root not in s.hierarchy.orgs:
                return False
            return s.hierarchy.is_in_subtree(code, root, on or self.today())

    # -- rolls ---------------------------------------------------------------------------

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
            _org_info(s.hierarchy, org, day)
            orgs = s.hierarchy.subtree(org, day) if subtree else [org]
            r = s.t.roll
            rows = s.conn.execute(
                select(r).where(
                    r.c.org.in_(orgs),
                    r.c.joined <= a,
                    or_(r.c.left_on.is_(None), r.c.left_on > a),
                    r.c.recorded_from <= k,
                    or_(r.c.recorded_to.is_(None), r.c.recorded_to > k),
                )
            ).mappings()
            members = [
                RollMember(
                    UUID(row["member_id"]),
                    row["full_name"],
                    "official" if row["official_on"] and row["official_on"] <= a else row["status"],
                    date.fromordinal(row["joined"]),
                    row["org"],
                )
                for row in rows
            ]
        members.sort(key=lambda m: (name_key(m.full_name), str(m.member_id)))
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
            _org_info(s.hierarchy, org, day)
            codes = s.hierarchy.subtree(org, day, depth)
            sums = reports.prefix(s, codes, day, to_us(known), ["probationary", "official"])
            return reports.rollup_tree(s.hierarchy, org, day, depth, sums)

    def restated(
        self,
        org: str,
        as_of: date,
        structure_on: date | None = None,
        known_at: datetime | None = None,
        depth: int | None = None,
        readable: Callable[[list[str], date], bool] | None = None,
    ) -> Restated:
        """`as_of`'s rolls attributed to the organizations of `structure_on` (default today)
        that carry them on, beside that day's own figures: one territory, two dates. With
        `readable`, the organizations whose figures of `as_of` are counted must all pass it
        (else NotFound)."""
        from projections.structure import restated

        on, known = structure_on or self.today(), self._known(known_at)
        with self.snapshot(self._view(known_at)) as s:
            h = s.hierarchy
            _org_info(h, org, on)
            if not h.exists_on(org, on):
                raise InvalidValue("structure_on", f"{org} does not exist on {on.isoformat()}")
            current = self._tree is not None and h is self._tree[1]
            view = None if current else to_us(known)  # a tree as known earlier: its instant
            key = (self._tree[0] if self._tree else None, view, org, as_of, on, depth)
            the_plan = self._plans.get(key)
            if the_plan is None:
                the_plan = restated.plan(h, org, as_of, on, depth)
                self._plans[key] = the_plan
                if len(self._plans) > 256:
                    self._plans.pop(next(iter(self._plans)))
            if readable is not None and not readable(the_plan.attributed(), as_of):
                raise NotFound("organization", org)
            columns = ["probationary", "official"]
            own = restated.attribute(s, the_plan, as_of, to_us(known), columns)
            then = restated.tree(h, the_plan, own, org, on, depth)
            sums = reports.prefix(s, the_plan.shown, on, to_us(known), columns)
            now = reports.rollup_tree(h, org, on, depth, sums)
        return Restated(org, as_of, on, known, then, now)

    def lineage(self, code: str, transitive: bool = False) -> Lineage:
        """Predecessors, successors (with dates and how) and every change of structure;
        `transitive` follows predecessors and successors to the ends."""
        from projections.structure.lineage import lineage

        with self.snapshot() as s:
            _org_info(s.hierarchy, code, self.today())
            return lineage(s, code, self.today(), transitive)

    def flows(
        self, org: str, date_from: date, date_to: date, known_at: datetime | None = None
    ) -> Flows:
        """Intakes and removals in [date_from, date_to]; the admission rate against last year end."""
        _check_range(date_from, date_to)
        k = to_us(self._known(known_at))
        with self.snapshot(self._view(known_at)) as s:
            _org_info(s.hierarchy, org, date_to)
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
        _check_range(date_from, date_to)
        day = as_of or min(date_to, self.today())
        with self.snapshot(self._view(known_at)) as s:
            _org_info(s.hierarchy, org, date_to)
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
        _check_range(date_from, date_to)
        if step not in ("month", "year"):
            raise InvalidValue("step", "must be month or year")
        k = to_us(self._known(known_at))
        with self.snapshot(self._view(known_at)) as s:
            _org_info(s.hierarchy, org, date_to)
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
            _org_info(s.hierarchy, org, day)
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
            _org_info(s.hierarchy, org, as_of)
            return diff(s, org, as_of, first, second)

    def member(self, member_id: UUID, known_at: datetime | None = None) -> MemberView:
        """A member's profile, organization and status today, and every entry about them."""
        known = self._known(known_at)
        with self.snapshot() as s:
            return reports.member(s, member_id, to_us(known), known, self.today())


def _org_info(hierarchy: Hierarchy, code: str, day: date) -> OrgInfo:
    node = hierarchy.orgs.get(code)
    if node is None:
        raise NotFound("organization", code)
    parent = hierarchy.parent_on(code, day)
    return OrgInfo(node.code, node.name, node.kind, node.founded_on, parent, node.ended_on)


def _check_range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidValue("date_to", "the period cannot end before it starts")
