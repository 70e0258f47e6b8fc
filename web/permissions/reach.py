"""A user's reach: for each organization, the days on which it lay inside the user's subtree.

The one rule of isolation (issue 10): a user sees a fact about an organization only if the
organization was inside the user's subtree on the fact's own day, and an answer asked `as_of`
a day holds nothing that happened after that day. The reach is computed from the dated tree
(projections.structure.hierarchy), once per request, and every read of the web (API and pages) asks it:

- a state on a day (a roll, a roll-up, a dossier as it stood) is a fact of that day;
- an event (an admission, a transfer, a step) is a fact of its effective day;
- an organization has no facts before its founding nor after its end, so a day outside its
  life is read as its nearest day of life: an ended organization is read as on its last day,
  which is how the province keeps the history of its dissolved districts, and how the accounts
  of an ended organization keep reading their history up to the end and nothing after.

Roles: a clerk reaches its own organization and the cells (chi bộ) below it; oversight,
officers and auditors their whole subtree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import g

from domain.roll.values import OrgKind
from projections.structure.hierarchy import Hierarchy
from services.store.users import ROLES, User
from web import extensions

Interval = tuple[date, date]  # both days included
READERS_OF_SUBTREE = frozenset({"oversight", "officer", "auditor"})


@dataclass
class Reach:
    """The organizations a user reaches, each with the days it is reached (computed lazily)."""

    user: User | None
    tree: Hierarchy
    _intervals: dict[str, list[Interval]] = field(default_factory=dict, repr=False)
    _everything: bool | None = field(default=None, repr=False)

    @property
    def everything(self) -> bool:
        """Whether the user reaches every organization all its life: a reader of the subtree
        placed at the tree's only root (the province), under which everything always hangs."""
        if self._everything is None:
            user = self.user
            roots = {
                link.child
                for links in self.tree.links.values()
                for link in links
                if link.parent is None
            }
            self._everything = bool(
                user is not None
                and not user.disabled
                and user.role in READERS_OF_SUBTREE
                and roots == {user.org}
                and self.tree.orgs[user.org].ended_on is None
            )
        return self._everything

    def knows(self, code: str) -> bool:
        return code in self.tree.orgs

    def life(self, code: str) -> Interval | None:
        """The organization's first and last day (None for an unknown code)."""
        node = self.tree.orgs.get(code)
        if node is None:
            return None
        last = date.max if node.ended_on is None else node.ended_on - timedelta(days=1)
        return node.founded_on, max(node.founded_on, last)

    def clamp(self, code: str, day: date) -> date:
        """The day of the organization's life nearest to `day`."""
        found = self.life(code)
        if found is None:
            return day
        return min(max(day, found[0]), found[1])

    def intervals(self, code: str) -> list[Interval]:
        """The days, within the organization's life, on which the user reaches it."""
        if code not in self._intervals:
            self._intervals[code] = self._compute(code)
        return self._intervals[code]

    def _compute(self, code: str) -> list[Interval]:
        user, life = self.user, self.life(code)
        if user is None or user.disabled or user.role not in ROLES or life is None:
            return []
        if self.everything:
            return [life]
        if user.role == "clerk" and code != user.org:
            if not OrgKind(self.tree.orgs[code].kind).holds_members:
                return []
        elif user.role not in READERS_OF_SUBTREE and user.role != "clerk":
            return []
        first, last = life
        end = None if last == date.max else last + timedelta(days=1)
        found: list[Interval] = []
        for start, stop, chain in self.tree.segments(code, first, end):
            if user.org not in chain:
                continue
            until = date.max if stop is None else stop - timedelta(days=1)
            if found and found[-1][1] + timedelta(days=1) >= start:
                found[-1] = (found[-1][0], max(found[-1][1], until))
            else:
                found.append((start, until))
        return found

    def covers(self, code: str, day: date) -> bool:
        """Whether the user reaches the organization on a day (read within its life)."""
        on = self.clamp(code, day)
        return any(a <= on <= b for a, b in self.intervals(code))

    def window(self, code: str, start: date, end: date) -> Interval | None:
        """The part of [start, end] the user may read about the organization: the latest
        stretch of it the user reaches without a break (None when no day of it is reached).
        Days outside the organization's life hold none of its facts and are kept."""
        life = self.life(code)
        if life is None or start > end:
            return None
        first, last = self.clamp(code, start), self.clamp(code, end)
        for a, b in reversed(self.intervals(code)):
            if a <= last and first <= b:
                clipped = (max(a, first), min(b, last))
                # Before the founding or after the end there is nothing to hide.
                lower = start if clipped[0] == life[0] else clipped[0]
                upper = end if clipped[1] == life[1] else clipped[1]
                return lower, upper
        return None

    def reached_since(self, code: str, day: date) -> date | None:
        """The first day of the unbroken stretch through `day` in which the user reaches the
        organization (date.min when that is its whole life so far; None if not reached)."""
        if self.everything:
            return date.min if self.knows(code) else None
        life = self.life(code)
        if life is None:
            return None
        on = self.clamp(code, day)
        for a, b in reversed(self.intervals(code)):
            if a <= on <= b:
                return date.min if a == life[0] else a
        return None


# Reaches by (tree, organization, role): a tree is replaced, never changed, when the structure
# changes, so a reach stays true as long as its tree is the latest; each keeps its tree alive,
# so no other tree can take its id while it is cached.
_REACHES: dict[tuple[int, str | None, str | None, bool], Reach] = {}
_KEPT = 512


def current_reach(user: User | None) -> Reach:
    """The reach of a user, computed once per tree and account place (the tree is the latest)."""
    memo: dict[object, Reach] = g.setdefault("sodang_reach", {})
    if user not in memo:
        # One tree per request, whoever asks (a user's reach, or a subtree test's).
        if "sodang_tree" not in g:
            g.sodang_tree = extensions.request_tree()
        tree = g.sodang_tree
        key = (id(tree), *((user.org, user.role, user.disabled) if user else (None, None, True)))
        found = _REACHES.get(key)
        if found is None or found.tree is not tree:
            if len(_REACHES) >= _KEPT:
                _REACHES.clear()
            found = _REACHES[key] = Reach(user, tree)
        memo[user] = found
    return memo[user]
