"""The organization tree with dated parent links, held in memory (10,000 nodes fit easily).

Links carry valid-from/valid-to so that a figure for a day uses the tree as it stood that day;
today only foundings add links, a later issue adds moves and merges as new dated links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OrgNode:
    code: str
    name: str
    kind: str
    founded_on: date


@dataclass(frozen=True)
class Link:
    child: str
    parent: str | None
    valid_from: date
    valid_to: date | None = None  # exclusive

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass
class Hierarchy:
    """Organizations and their dated links; every lookup names the day it is about."""

    orgs: dict[str, OrgNode] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    children: dict[str, list[Link]] = field(default_factory=dict)
    # Ancestor chains asked for again and again while projecting: (code, day) -> chain.
    _chains: dict[tuple[str, date], list[str]] = field(default_factory=dict, repr=False)

    def add(self, node: OrgNode, link: Link) -> None:
        self.orgs[node.code] = node
        self.add_link(link)

    def add_link(self, link: Link) -> None:
        self._chains.clear()
        self.links.setdefault(link.child, []).append(link)
        if link.parent is not None:
            self.children.setdefault(link.parent, []).append(link)

    def exists_on(self, code: str, day: date) -> bool:
        node = self.orgs.get(code)
        return node is not None and node.founded_on <= day

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

    def ancestors(self, code: str, day: date) -> list[str]:
        return self.chain(code, day)[1:]

    def children_on(self, code: str, day: date) -> list[str]:
        kids = {link.child for link in self.children.get(code, ()) if link.covers(day)}
        return sorted(child for child in kids if self.exists_on(child, day))

    def subtree(self, code: str, day: date, depth: int | None = None) -> list[str]:
        """The organization and everything under it on a day, parents before children."""
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
