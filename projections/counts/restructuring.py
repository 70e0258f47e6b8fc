"""Changes of structure (tổ chức lại) as the figures projection follows them.

Moves, endings, renamings and successions change the tree the figures are summed over. The
events of one decision share their instant, so they are gathered into a `Group` and settled
together: the tree rows are written in a few statements and the contributions of the members
on the rolls of the organizations they touch are carried over to the new tree once, at that
instant (rechain.py; a figure known before it reads as the old structure).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import Connection, bindparam, delete, select, update

from domain.roll.organization import Organization
from projections.store.engine import bulk
from projections.store.probes import KEYS, per_key
from projections.store.schema import FigureTables
from projections.store.timecodec import dumps, to_us
from projections.structure.hierarchy import Hierarchy

# Changes of structure the figures follow (ChildDetached/ChildReceived repeat what Moved says).
STRUCTURE = (
    Organization.Moved,
    Organization.Ended,
    Organization.Renamed,
    Organization.SuccessorOf,
)
REORG_TYPES = {
    Organization.Moved: "moved",
    Organization.Ended: "ended",
    Organization.Renamed: "renamed",
    Organization.SuccessorOf: "successor_of",
}
LINK_COLUMNS = ["child", "parent", "valid_from", "valid_to", "recorded_from", "recorded_to"]


class Group:
    """Changes of structure sharing one instant, settled together."""

    def __init__(self, stamp: Any, event_id: str) -> None:
        self.stamp, self.event_id = stamp, event_id
        self.orgs: set[str] = set()
        self.day = date.max
        self.named = False  # event_id names a move or an end
        self.relinked: set[str] = set()
        self.ended: dict[str, date] = {}
        self.renamed: set[str] = set()
        self.rows: list[dict[str, Any]] = []

    def add(self, orgs: set[str], day: date) -> None:
        self.orgs |= orgs
        self.day = min(self.day, day)


def event_id(event: Any) -> str:
    """A stable id for an organization's event (they carry none): its stream and version."""
    return uuid5(event.originator_id, f"v{event.originator_version}").hex


def restructure(h: Hierarchy, position: int, event: Any, group: Group) -> set[str]:
    """Apply a change of structure to the tree (its rows are written by `write_changes`);
    returns the organizations whose members it may move between ancestors."""
    code = h.ids[UUID(str(event.originator_id)).hex]
    day: date = event.effective_on
    affected: set[str] = set()
    extra: dict[str, Any] = {}
    if isinstance(event, Organization.Moved | Organization.Ended):
        affected = {code} | h.descendants_from(code, day)
        if isinstance(event, Organization.Moved):
            h.move(code, event.to_parent, day)
        else:
            h.end(code, day)
            group.ended[code] = day
        group.relinked.add(code)
    if isinstance(event, Organization.Ended):
        for successor in event.successors:
            h.succeed(code, successor, day, event.how)
    elif isinstance(event, Organization.SuccessorOf):
        for predecessor in event.predecessors:
            h.succeed(predecessor, code, day, event.how)
    elif isinstance(event, Organization.Renamed):
        node = h.orgs[code]
        extra["founding_name"] = h.names.get(code, [(node.founded_on, node.name)])[0][1]
        h.rename(code, event.name, day)
        group.renamed.add(code)
    group.rows.append(
        {
            "position": position,
            "event_id": event_id(event),
            "org": code,
            "type": REORG_TYPES[next(k for k in STRUCTURE if isinstance(event, k))],
            "effective_on": day,
            "recorded_at": to_us(event.timestamp),
            "recorded_by": event.recorded_by,
            "body": dumps(_reorg_body(event) | extra),
        }
    )
    return affected


def write_changes(conn: Connection, t: FigureTables, h: Hierarchy, group: Group, at: int) -> None:
    """The instant's changes of structure, a few statements for all of them."""
    if group.ended:
        conn.execute(
            update(t.org).where(t.org.c.code == bindparam("c")).values(ended_on=bindparam("d")),
            [{"c": code, "d": day} for code, day in group.ended.items()],
        )
    if group.renamed:
        conn.execute(
            update(t.org).where(t.org.c.code == bindparam("c")).values(name=bindparam("n")),
            [{"c": code, "n": h.orgs[code].name} for code in group.renamed],
        )
    if group.relinked:
        _rewrite_links(conn, t, h, sorted(group.relinked), at)
    if group.rows:
        conn.execute(t.reorg.insert(), group.rows)


def members_at(conn: Connection, t: FigureTables, orgs: set[str], day: date) -> set[str]:
    """Members on the roll of any of `orgs` on `day` or later (or leaving that day)."""
    r, found = t.roll, set()
    on_roll = (
        select(r.c.member_id)
        .where(
            r.c.recorded_to.is_(None),
            (r.c.left_on.is_(None)) | (r.c.left_on >= day.toordinal()),
        )
        .distinct()
    )
    query = per_key(conn.dialect.name, on_roll, r.c.org)
    codes = sorted(orgs)
    for i in range(0, len(codes), 500):
        found.update(conn.execute(query, {KEYS: codes[i : i + 500]}).scalars())
    return found


def _rewrite_links(
    conn: Connection, t: FigureTables, h: Hierarchy, codes: list[str], at: int
) -> None:
    """Close the organizations' current link versions at `at` and open the new ones."""
    current = (t.link.c.child == bindparam("c")) & t.link.c.recorded_to.is_(None)
    each = [{"c": code} for code in codes]
    # A version opened at this very instant never existed for a reader: replace it.
    conn.execute(delete(t.link).where(current & (t.link.c.recorded_from == at)), each)
    conn.execute(update(t.link).where(current).values(recorded_to=at), each)
    rows = [
        (code, x.parent, x.valid_from, x.valid_to, at, None)
        for code in codes
        for x in h.links.get(code, ())
    ]
    bulk(conn, t.link, LINK_COLUMNS, rows)


def _reorg_body(event: Any) -> dict[str, Any]:
    """What the change says, for lineage and audit pages."""
    body: dict[str, Any] = {
        "decision_no": event.decision_no,
        "decision_on": event.decision_on,
        "decided_by": event.decided_by,
    }
    for name in ("to_parent", "from_parent", "how", "successors", "predecessors", "name"):
        if hasattr(event, name):
            body[name] = getattr(event, name)
    return body
