"""Choices of organizations for the forms (bộ chọn tổ chức), filled on the server so that
they work without scripts: names in tree order, indented by level, the code beside them.

The quota form offers the organizations the person may assign a quota for (the organization
itself and those above it they may act for); the date-and-organization control offers the
person's own subtree on the day shown, down to a few levels (a province's thousands of cells
would make a list nobody scrolls: the search box finds those).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projections.names import collation_key
from web.pages.context import queries, user
from web.permissions import access

TREE_DEPTH = 2  # levels below the person's own organization in the tree picker


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    level: int  # depth below the first choice, for the indent

    @property
    def label(self) -> str:
        """The option's text: indented name (non-breaking spaces survive in an <option>)."""
        return "\u00a0\u00a0" * self.level + self.name


def assigners(code: str, day: date) -> list[Choice]:
    """The organization and those above it on a day that the person may act for, top first."""
    tree = queries().tree()
    chain = [code, *tree.ancestors(code, day)] if code in tree.orgs else []
    person = user()
    found = [c for c in reversed(chain) if access.can_write(person, c)]
    return [Choice(c, tree.name_on(c, day), level) for level, c in enumerate(found)]


def subtree(day: date, depth: int = TREE_DEPTH) -> list[Choice]:
    """The person's own organization and what lies under it on a day (down to `depth`
    levels) that they may read that day, depth first, siblings in Vietnamese order."""
    person = user()
    tree = queries().tree()
    if person.org not in tree.orgs:
        return []
    found: list[Choice] = []
    stack = [(person.org, 0)]
    while stack:
        code, level = stack.pop()
        if access.can_read(person, code, day):
            found.append(Choice(code, tree.name_on(code, day), level))
        if level < depth and tree.exists_on(code, day):
            kids = sorted(
                tree.children_on(code, day),
                key=lambda c: collation_key(tree.name_on(c, day)),
                reverse=True,
            )
            stack.extend((kid, level + 1) for kid in kids)
    return found
