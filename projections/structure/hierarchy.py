"""The organization tree with dated parent links, held in memory (10,000 nodes fit easily).

Links carry valid-from/valid-to so that a figure for a day uses the tree as it stood that day.
A move (chuyển trực thuộc) closes the open link on its effective day and opens a new one; an
organization that ended (merged, split, dissolved) has no link from its end on and no longer
exists. Successor links (who took over from whom, on which day) serve lineage and the restated
view, which attributes a past figure to the organizations that carry it on today.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

Segment = tuple[date, date | None, list[str]]  # [from, to) and the chain, nearest first


@dataclass(frozen=True)
class OrgNode:
    code: str
    name: str
    kind: str
    founded_on: date
    ended_on: date | None = None  # first day it no longer exists


@dataclass(frozen=True)
class Link:
    child: str
    parent: str | None
    valid_from: date
    valid_to: date | None = None  # exclusive

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def overlaps(self, start: date, end: date | None) -> bool:
        """Whether the link holds on some day of [start, end)."""
        before_end = end is None or self.valid_from < end
        return before_end and (self.valid_to is None or start < self.valid_to)


@dataclass(frozen=True)
class Succession:
    """`successor` took over (part of) `predecessor` from `on` (sáp nhập, chia tách, ...)."""

    predecessor: str
    successor: str
    on: date
    how: str


@dataclass
class Hierarchy:
    """Organizations and their dated links; every lookup names the day it is about."""

    orgs: dict[str, OrgNode] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    children: dict[str, list[Link]] = field(default_factory=dict)
    successors: dict[str, list[Succession]] = field(default_factory=dict)
    predecessors: dict[str, list[Succession]] = field(default_factory=dict)
    names: dict[str, list[tuple[date, str]]] = field(default_factory=dict)  # renamings
    ids: dict[str, str] = field(default_factory=dict)  # aggregate id (hex) -> code
    # When each thing became known (µs since the epoch), for the tree as known at an instant:
    # foundings, link versions [from, to), endings, renamings and successions.
    history: Knowledge | None = None
    # Ancestor chains asked for again and again while projecting: (code, day) -> chain.
    _chains: dict[tuple[str, date], list[str]] = field(default_factory=dict, repr=False)
    _timelines: dict[str, list[Segment]] = field(default_factory=dict, repr=False)
    # Subtrees read again and again (every figure of a dashboard, every request of a worker
    # sharing this tree): (code, day, depth) -> codes. A province's is a walk of all its
    # organizations.
    _subtrees: dict[tuple[str, date, int | None], list[str]] = field(
        default_factory=dict, repr=False
    )

    def add(self, node: OrgNode, link: Link) -> None:
        self.orgs[node.code] = node
        self.add_link(link)

    def add_link(self, link: Link) -> None:
        self._forget()
        self.links.setdefault(link.child, []).append(link)
        if link.parent is not None:
            self.children.setdefault(link.parent, []).append(link)

    # -- changes of structure ------------------------------------------------------------

    def close_link(self, code: str, on: date) -> Link | None:
        """End the link open on `on` from that day; a link that starts that very day is
        dropped (it never held). Returns the link as it was."""
        for link in self.links.get(code, ()):
            if link.covers(on) and link.valid_to is None:
                self._forget()
                self._drop(link)
                if link.valid_from < on:
                    kept = replace(link, valid_to=on)
                    self.links.setdefault(code, []).append(kept)
                    if kept.parent is not None:
                        self.children.setdefault(kept.parent, []).append(kept)
                return link
        return None

    def move(self, code: str, parent: str, on: date) -> None:
        self.close_link(code, on)
        self.add_link(Link(code, parent, on))

    def end(self, code: str, on: date) -> None:
        self._forget()
        self.close_link(code, on)
        self.orgs[code] = replace(self.orgs[code], ended_on=on)

    def rename(self, code: str, name: str, on: date) -> None:
        node = self.orgs[code]
        history = self.names.setdefault(code, [(node.founded_on, node.name)])
        history.append((on, name))
        history.sort()
        self.orgs[code] = replace(node, name=history[-1][1])

    def succeed(self, predecessor: str, successor: str, on: date, how: str) -> None:
        link = Succession(predecessor, successor, on, how)
        if link not in self.successors.get(predecessor, ()):
            self.successors.setdefault(predecessor, []).append(link)
            self.predecessors.setdefault(successor, []).append(link)

    def _forget(self) -> None:
        self._chains.clear()
        self._timelines.clear()
        self._subtrees.clear()

    def _drop(self, link: Link) -> None:
        self.links[link.child].remove(link)
        if link.parent is not None:
            self.children[link.parent].remove(link)

    # -- reads ---------------------------------------------------------------------------

    def as_known_at(self, known: int) -> Hierarchy:
        """The tree as known at an instant (µs): what an audit of a past report must use."""
        return self if self.history is None else self.history.view(self, known)

    def exists_on(self, code: str, day: date) -> bool:
        node = self.orgs.get(code)
        if node is None or day < node.founded_on:
            return False
        return node.ended_on is None or day < node.ended_on

    def name_on(self, code: str, day: date) -> str:
        node = self.orgs[code]
        name = node.name
        for since, value in self.names.get(code, ()):
            if since <= day:
                name = value
        return name

    def parent_on(self, code: str, day: date) -> str | None:
        for link in self.links.get(code, ()):
            if link.covers(day):
                return link.parent
        return None

    def chain(self, code: str, day: date) -> list[str]:
        """The organization and its ancestors on a day, nearest first."""
        found = self._chains.get((code, day))
        if found is None:
            if len(self._chains) > 500_000:
                self._chains.clear()
            found = self._chains[(code, day)] = self._walk(code, day)
        return found

    def _walk(self, code: str, day: date) -> list[str]:
        found = [code]
        parent = self.parent_on(code, day)
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.parent_on(parent, day)
        return found

    def segments(self, code: str, start: date, end: date | None) -> list[Segment]:
        """The organization's chain over [start, end), cut wherever it changes: a member on
        its roll over that interval counts at each ancestor only while it is one."""
        timeline = self._timelines.get(code)
        if timeline is None:
            timeline = self._timelines[code] = self._timeline(code, date.min, None, frozenset())
        found: list[Segment] = []
        for a, b, chain in timeline:
            if (end is None or a < end) and (b is None or start < b):
                found.append((max(a, start), _earlier(b, end), chain))
        return found or [(start, end, [code])]

    def _timeline(
        self, code: str, start: date, end: date | None, seen: frozenset[str]
    ) -> list[Segment]:
        links = [link for link in self.links.get(code, ()) if link.overlaps(start, end)]
        if not links or code in seen:
            return [(start, end, [code])]
        found: list[Segment] = []
        for link in sorted(links, key=lambda item: item.valid_from):
            a = max(start, link.valid_from)
            b = _earlier(end, link.valid_to)
            if link.parent is None:
                found.append((a, b, [code]))
                continue
            for c, d, chain in self._timeline(link.parent, a, b, seen | {code}):
                found.append((c, d, [code, *chain]))
        return found

    def ancestors(self, code: str, day: date) -> list[str]:
        return self.chain(code, day)[1:]

    def children_on(self, code: str, day: date) -> list[str]:
        kids = {link.child for link in self.children.get(code, ()) if link.covers(day)}
        return sorted(child for child in kids if self.exists_on(child, day))

    def descendants_from(self, code: str, day: date) -> set[str]:
        """Everything under the organization on `day` or any later day (for recomputing the
        members a change of structure on `day` may affect); a generous superset is harmless."""
        found: set[str] = set()
        stack = [code]
        while stack:
            current = stack.pop()
            for link in self.children.get(current, ()):
                if link.overlaps(day, None) and link.child not in found:
                    found.add(link.child)
                    stack.append(link.child)
        return found

    def subtree(self, code: str, day: date, depth: int | None = None) -> list[str]:
        """The organization and everything under it on a day, parents before children."""
        key = (code, day, depth)
        kept = self._subtrees.get(key)
        if kept is None:
            if len(self._subtrees) > 10_000:
                self._subtrees.clear()
            kept = self._subtrees[key] = self._descend(code, day, depth)
        return list(kept)  # the caller's own: a kept list must never be changed

    def _descend(self, code: str, day: date, depth: int | None) -> list[str]:
        found = [code]
        level = [code]
        steps = 0
        while level and (depth is None or steps < depth):
            level = [child for parent in level for child in self.children_on(parent, day)]
            found.extend(level)
            steps += 1
        return found

    def is_in_subtree(self, code: str, root: str, day: date) -> bool:
        return root in self.chain(code, day)

    def heirs(self, code: str, day: date) -> list[str]:
        """The organizations that carry `code` on at `day`: itself while it exists, else its
        successors' heirs (a merger names one, a split several), in the order named."""
        found: list[str] = []
        stack, seen = [code], set()
        while stack:
            current = stack.pop(0)
            if current in seen:
                continue
            seen.add(current)
            if self.exists_on(current, day):
                found.append(current)
                continue
            later = [s.successor for s in self.successors.get(current, ()) if s.on <= day]
            stack.extend(later)
        return found


@dataclass
class Knowledge:
    """What the tree's reader needs to rebuild it as known at an earlier instant."""

    founded: dict[str, int] = field(default_factory=dict)
    links: list[tuple[Link, int, int | None]] = field(default_factory=list)
    ended: dict[str, tuple[date, int]] = field(default_factory=dict)
    names: list[tuple[str, date, str, int]] = field(default_factory=list)
    successions: list[tuple[Succession, int]] = field(default_factory=list)
    last: int = 0  # the latest instant anything of the tree became known

    def view(self, current: Hierarchy, known: int) -> Hierarchy:
        """The tree as it was known at `known` (the current one when nothing changed since)."""
        if known >= self.last:
            return current
        view = Hierarchy()
        # Organizations recorded later stay askable (with nothing known about them yet, their
        # figures are 0) but hang nowhere: their links were not known.
        for code, node in current.orgs.items():
            ending = self.ended.get(code)
            ended_on = ending[0] if ending and ending[1] <= known else None
            founding = current.names.get(code, [(node.founded_on, node.name)])[0][1]
            view.orgs[code] = replace(node, name=founding, ended_on=ended_on)
        for link, since, until in self.links:
            if since <= known and (until is None or known < until) and link.child in view.orgs:
                view.add_link(link)
        for code, on, name, at in self.names:
            if at <= known and code in view.orgs:
                view.rename(code, name, on)
        for succession, at in self.successions:
            if at <= known:
                predecessor, successor = succession.predecessor, succession.successor
                view.succeed(predecessor, successor, succession.on, succession.how)
        view.ids = current.ids
        return view


def _earlier(first: date | None, second: date | None) -> date | None:
    if first is None:
        return second
    if second is None:
        return first
    return min(first, second)
