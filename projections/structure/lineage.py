"""An organization's lineage from the read models: predecessors, successors and its changes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from projections.results import Lineage, LineageEvent, LineageLink
from projections.store.timecodec import from_us, loads
from projections.structure.hierarchy import Hierarchy, Succession

if TYPE_CHECKING:
    from projections.structure.snapshot import Snapshot

RELATED = {
    "moved": ("from_parent", "to_parent"),
    "ended": ("successors",),
    "successor_of": ("predecessors",),
    "renamed": ("name",),
}


def lineage(s: Snapshot, code: str, today: date, transitive: bool = False) -> Lineage:
    """The organization's lineage; `transitive` follows predecessors and successors to the
    ends (nearest first, each organization once) instead of naming only the direct ones."""
    h = s.hierarchy
    node = h.orgs[code]
    reorg = s.t.reorg
    rows = s.conn.execute(
        select(reorg).where(reorg.c.org == code).order_by(reorg.c.position)
    ).mappings()
    founded = LineageEvent(
        "founded",
        node.founded_on,
        None,
        _parent(h, code, node.founded_on),
        None,
        None,
        None,
        None,
        None,
    )
    events = [founded, *(_event(row) for row in rows)]
    events.sort(key=lambda e: (e.effective_on, e.type != "founded"))
    return Lineage(
        code,
        node.name,
        node.kind,
        node.founded_on,
        node.ended_on,
        h.heirs(code, today),
        _follow(h, code, "predecessors", transitive),
        _follow(h, code, "successors", transitive),
        events,
    )


def _follow(h: Hierarchy, code: str, side: str, transitive: bool) -> list[LineageLink]:
    """The links on one side, breadth first: direct ones in the order the decisions named
    them, then (if `transitive`) theirs, each organization named once."""
    links = h.predecessors if side == "predecessors" else h.successors
    found: list[LineageLink] = []
    seen = {code}
    pending = list(links.get(code, ()))
    while pending:
        link = pending.pop(0)
        other = link.predecessor if side == "predecessors" else link.successor
        if other in seen:
            continue
        seen.add(other)
        found.append(_link(h, other, link))
        if transitive:
            pending.extend(links.get(other, ()))
    return found


def _event(row: dict) -> LineageEvent:
    body = loads(row["body"])
    related: list[str] = []
    for key in RELATED.get(row["type"], ()):
        value = body.get(key)
        if isinstance(value, list):
            related.extend(value)
        elif value:
            related.append(value)
    return LineageEvent(
        row["type"],
        row["effective_on"],
        body.get("how"),
        related,
        body.get("decision_no"),
        body.get("decision_on"),  # stored encoded as a date: `loads` gives one back
        body.get("decided_by"),
        from_us(row["recorded_at"]),
        row["recorded_by"],
    )


def _link(h: Hierarchy, other: str, link: Succession) -> LineageLink:
    name = h.name_on(other, link.on) if other in h.orgs else other
    return LineageLink(other, name, link.on, link.how)


def _parent(h: Hierarchy, code: str, day: date) -> list[str]:
    parent = h.parent_on(code, day)
    return [parent] if parent else []
