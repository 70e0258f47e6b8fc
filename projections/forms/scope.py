"""Which rolls a form counts on each day: the organization's subtree as it stood that day (as
structured), or the rolls that today's organization carries on (restated).

A member counts on a day when their roll's organization is in scope that day; an event counts
when its organization is in scope and the other side of its transfer (or carry) is not: a
move inside the scope is no flow of it, as in the figures (projections.counts.contribution).
The scope changes only on the days the tree does (`turns`), so each stretch is worked out once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from projections.structure import restated
from projections.structure.hierarchy import Hierarchy


class Scope(ABC):
    """The organizations counted on each day of a span."""

    def __init__(self, hierarchy: Hierarchy, turns: list[date]) -> None:
        self.hierarchy = hierarchy
        self.turns = turns  # the days the scope may change, ascending

    @abstractmethod
    def contains(self, org: str | None, day: date) -> bool: ...

    @abstractmethod
    def orgs(self) -> set[str]:
        """Every organization the scope holds on some day (to find the members to read)."""

    @abstractmethod
    def attributed(self, day: date) -> list[str]:
        """The organizations whose figures of `day` the scope counts, each read whole."""

    def days(self, first: date) -> list[date]:
        """A day of each stretch on which the scope stays the same, from `first` on."""
        return [first, *(turn for turn in self.turns if turn > first)]


class Structured(Scope):
    """`root` and everything linked under it on the day (the tree the roll-ups read)."""

    def __init__(self, hierarchy: Hierarchy, root: str, first: date, last: date) -> None:
        super().__init__(hierarchy, turns_of(hierarchy, first, last))
        self.root, self.first, self.last = root, first, last

    def contains(self, org: str | None, day: date) -> bool:
        return org is not None and self.root in self.hierarchy.chain(org, day)

    def orgs(self) -> set[str]:
        found: set[str] = set()
        for day in (self.first - timedelta(days=1), *self.turns):
            found.update(self.hierarchy.descendants_from(self.root, day))
        return found | {self.root}

    def attributed(self, day: date) -> list[str]:
        return [self.root]


class Restated(Scope):
    """The rolls of each day that today's `root` (on `structure_on`) carries on: read whole
    under an attributed organization, or an opened organization's own roll (restated.plan)."""

    def __init__(
        self, hierarchy: Hierarchy, root: str, first: date, last: date, structure_on: date
    ) -> None:
        super().__init__(hierarchy, turns_of(hierarchy, first, last))
        self.root, self.structure_on, self.first = root, structure_on, first
        self._plans: dict[date, tuple[frozenset[str], frozenset[str]]] = {}

    def _plan(self, day: date) -> tuple[frozenset[str], frozenset[str]]:
        index = bisect_right(self.turns, day)
        start = self.turns[index - 1] if index else self.first - timedelta(days=1)
        found = self._plans.get(start)
        if found is None:
            plan = restated.plan(
                self.hierarchy, self.root, max(day, start), self.structure_on, None
            )
            own = {code for code, (node, _) in plan.opened.items() if node is not None}
            found = self._plans[start] = (frozenset(plan.whole), frozenset(own))
        return found

    def contains(self, org: str | None, day: date) -> bool:
        if org is None:
            return False
        whole, own = self._plan(day)
        return org in own or any(code in whole for code in self.hierarchy.chain(org, day))

    def attributed(self, day: date) -> list[str]:
        whole, own = self._plan(day)
        return sorted(whole | own)

    def orgs(self) -> set[str]:
        found: set[str] = set()
        for day in (self.first - timedelta(days=1), *self.turns):
            whole, own = self._plan(day)
            found.update(own)
            for code in whole:
                found.add(code)
                found.update(self.hierarchy.descendants_from(code, day))
        return found


def turns_of(hierarchy: Hierarchy, first: date, last: date) -> list[date]:
    """The days in [first, last] on which a link, a founding, an ending or a succession starts."""
    days: set[date] = set()

    def keep(values: Iterable[date | None]) -> None:
        days.update(day for day in values if day is not None and first <= day <= last)

    for links in hierarchy.links.values():
        keep(day for link in links for day in (link.valid_from, link.valid_to))
    keep(day for node in hierarchy.orgs.values() for day in (node.founded_on, node.ended_on))
    for successions in hierarchy.successors.values():
        keep(s.on for s in successions)
    return sorted(days)
