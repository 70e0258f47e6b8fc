"""Figures of a past day restated onto a later structure (so 2021 and 2026 compare for one territory).

A restated figure attributes what every organization held on `as_of` to the organization that
carries it on at `structure_on` (its heir: itself while it exists, else the successors named by
the reorganization decisions, followed to the end; a split's own roll goes to the successor
named first). Only the organizations' own rolls are attributed, so nothing is counted twice:
an organization whose whole subtree on `as_of` lands under one shown node is read as one
pre-aggregated figure; one whose subtree is shared out is opened, its own roll (its total less
its children's) attributed, and its children looked at in turn. The tree shown is the subtree
of `root` on `structure_on`, and every figure is a handful of index seeks (projections.store.bitemporal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from projections.results import RollupNode
from projections.store import bitemporal
from projections.structure.hierarchy import Hierarchy

if TYPE_CHECKING:
    from projections.structure.snapshot import Snapshot

MIXED = "\x00mixed"  # a subtree whose parts land under different shown nodes


@dataclass(frozen=True)
class Plan:
    """Which organizations of `as_of` are read whole, which are opened, and where each goes."""

    shown: list[str]  # the tree on structure_on, parents first
    display: dict[str, str]  # any organization of the territory -> the shown node it lands under
    whole: dict[str, str]  # organization read whole -> shown node
    opened: dict[str, tuple[str | None, list[str]]]  # opened -> (its own roll's node, children)

    def attributed(self) -> list[str]:
        """The organizations whose roll on `as_of` is counted under a shown node."""
        own = {code for code, (node, _) in self.opened.items() if node is not None}
        return sorted(set(self.whole) | own)

    def reads(self) -> list[str]:
        found = set(self.whole)
        for code, (_, children) in self.opened.items():
            found.add(code)
            found.update(children)
        return sorted(found)


def plan(h: Hierarchy, root: str, as_of: date, structure_on: date, depth: int | None) -> Plan:
    """The attribution of `as_of`'s figures onto root's subtree on `structure_on`."""
    shown = h.subtree(root, structure_on, depth)
    shown_set = set(shown)
    territory = h.subtree(root, structure_on)
    display: dict[str, str] = {}
    for code in territory:  # parents come first: a node lands where its parent does
        parent = h.parent_on(code, structure_on)
        display[code] = code if code in shown_set else display.get(parent or "", root)
    target = _targets(h, territory, display, structure_on)
    relevant = _relevant(h, target, as_of)
    whole: dict[str, str] = {}
    opened: dict[str, tuple[str | None, list[str]]] = {}
    uniform = _uniform(h, relevant, target, as_of)
    stack = [code for code in relevant if _top(h, code, relevant, as_of)]
    while stack:
        code = stack.pop()
        value = uniform[code]
        if value is None:
            continue
        if value != MIXED:
            whole[code] = value
            continue
        children = h.children_on(code, as_of)
        opened[code] = (target.get(code), children)
        stack.extend(c for c in children if c in relevant)
    return Plan(shown, display, whole, opened)


def attribute(
    s: Snapshot,
    the_plan: Plan,
    as_of: date,
    known: int,
    columns: Sequence[str],
) -> dict[str, list[int]]:
    """Each shown node's own share of `columns` on `as_of` (children not included)."""
    sums = bitemporal.prefix(s.conn, s.t, the_plan.reads(), as_of, known, columns)
    own: dict[str, list[int]] = {code: [0] * len(columns) for code in the_plan.shown}
    for code, node in the_plan.whole.items():
        _add(own[node], sums[code])
    for code, (node, children) in the_plan.opened.items():
        if node is None:
            continue
        left = list(sums[code])
        for child in children:
            _add(left, sums[child], -1)
        _add(own[node], left)
    return own


def tree(
    h: Hierarchy,
    the_plan: Plan,
    own: dict[str, list[int]],
    root: str,
    on: date,
    depth: int | None = None,
) -> RollupNode:
    """The shown subtree with restated totals (probationary, official) at every node; the
    nodes at the depth limit are leaves (their children are not even looked at)."""

    def build(code: str, left: int | None) -> RollupNode:
        below = [] if left == 0 else h.children_on(code, on)
        step = None if left is None else left - 1
        children = [build(c, step) for c in below]
        probationary = own[code][0] + sum(c.probationary for c in children)
        official = own[code][1] + sum(c.official for c in children)
        node = h.orgs[code]
        return RollupNode(
            code,
            h.name_on(code, on),
            node.kind,
            probationary + official,
            probationary,
            official,
            children,
        )

    return build(root, depth)


def _targets(
    h: Hierarchy, territory: list[str], display: dict[str, str], structure_on: date
) -> dict[str, str | None]:
    """Organizations whose heir lies in the territory, and the shown node they land under:
    found by walking predecessors back from the territory."""
    target: dict[str, str | None] = {code: display[code] for code in territory}
    stack = list(territory)
    while stack:
        code = stack.pop()
        for link in h.predecessors.get(code, ()):
            earlier = link.predecessor
            if earlier in target:
                continue
            heirs = h.heirs(earlier, structure_on)
            target[earlier] = display.get(heirs[0]) if heirs else None
            stack.append(earlier)
    return target


def _relevant(h: Hierarchy, target: dict[str, str | None], as_of: date) -> set[str]:
    """Organizations existing on `as_of` that are in the territory or hold part of it."""
    found: set[str] = set()
    for code, node in target.items():
        if node is None or not h.exists_on(code, as_of):
            continue
        for above in h.chain(code, as_of):
            if above in found:
                break
            found.add(above)
    return found


def _uniform(
    h: Hierarchy, relevant: set[str], target: dict[str, str | None], as_of: date
) -> dict[str, str | None]:
    """For each relevant organization, the one shown node its whole subtree lands under
    (None: outside the territory), or MIXED."""
    value: dict[str, str | None] = {}

    def visit(code: str) -> str | None:
        if code in value:
            return value[code]
        mine = target.get(code)
        for child in h.children_on(code, as_of):
            below = visit(child) if child in relevant else None
            if below != mine:
                mine = MIXED
        value[code] = mine
        return mine

    for code in relevant:
        visit(code)
    return value


def _top(h: Hierarchy, code: str, relevant: set[str], as_of: date) -> bool:
    parent = h.parent_on(code, as_of)
    return parent is None or parent not in relevant


def _add(into: list[int], values: Sequence[int], sign: int = 1) -> None:
    for i, value in enumerate(values):
        into[i] += sign * value
