"""Reads of the organizations: the tree on a day, one organization, restated figures, lineage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from domain.errors import InvalidValue, NotFound
from projections.counts import reports
from projections.reading.base import ReadBase, org_info
from projections.results import Lineage, OrgInfo, Restated
from projections.store.timecodec import to_us
from projections.structure.hierarchy import Hierarchy


class StructureReads(ReadBase):
    """The organization tree over time and what it says about one organization."""

    def position(self) -> int:
        """The log position the figures are computed from."""
        with self.snapshot() as s:
            return s.position

    def tree(self) -> Hierarchy:
        """The latest organization tree, with its dated links (for access: web/permissions/reach.py)."""
        with self.snapshot() as s:
            return s.hierarchy

    def kept_tree(self, generation: int, structure: int) -> Hierarchy | None:
        """The tree this process keeps, if it is the one of the figures' (generation,
        structure) a caller has just read (web.extensions.request_positions): the latest tree
        without a read of its own; None when it is not kept or not that one."""
        found = self._tree
        return found[1] if found is not None and found[0] == (generation, structure) else None

    def org(self, code: str) -> OrgInfo:
        with self.snapshot() as s:
            return org_info(s.hierarchy, code, self.today())

    def orgs(self, root: str | None = None, on: date | None = None) -> list[OrgInfo]:
        """Every organization (or `root` and everything under it on a day), parents first."""
        day = on or self.today()
        with self.snapshot() as s:
            h = s.hierarchy
            if root is None:
                codes = sorted(h.orgs)
            else:
                org_info(h, root, day)
                codes = h.subtree(root, day)
            return [org_info(h, code, day) for code in codes]

    def ancestors(self, code: str, on: date | None = None) -> list[str]:
        """Codes above the organization on a day, nearest first."""
        with self.snapshot() as s:
            org_info(s.hierarchy, code, self.today())
            return s.hierarchy.ancestors(code, on or self.today())

    def children(self, code: str, on: date | None = None) -> list[str]:
        with self.snapshot() as s:
            org_info(s.hierarchy, code, self.today())
            return s.hierarchy.children_on(code, on or self.today())

    def subtree(self, code: str, on: date | None = None) -> list[str]:
        with self.snapshot() as s:
            org_info(s.hierarchy, code, self.today())
            return s.hierarchy.subtree(code, on or self.today())

    def is_in_subtree(self, code: str, root: str, on: date | None = None) -> bool:
        """Whether `code` is `root` or under it on a day (for access checks)."""
        with self.snapshot() as s:
            if code not in s.hierarchy.orgs or root not in s.hierarchy.orgs:
                return False
            return s.hierarchy.is_in_subtree(code, root, on or self.today())

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
            org_info(h, org, on)
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
            org_info(s.hierarchy, code, self.today())
            return lineage(s, code, self.today(), transitive)
