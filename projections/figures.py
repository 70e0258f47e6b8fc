"""The `figures` projection: organizations, member histories, rolls and bitemporal figures.

Each batch of events is applied in the runner's transaction together with the new position.
Caches (the tree, members, running totals) are only hints: `forget()` drops them whenever
another process may have moved the projection on, and they are rebuilt from the tables.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import Connection, bindparam, select, update

from domain.member import Member
from domain.organization import Organization
from domain.timeline import Entry
from projections import contribution as contrib
from projections.cumulative import CumulativeWriter
from projections.hierarchy import Hierarchy, Link, OrgNode
from projections.metrics import METRICS, Vector
from projections.schema import FigureTables, figure_tables
from projections.timecodec import dumps, loads, local_day, to_us

MEMBER_CACHE_SIZE = 200_000


class MemberState:
    def __init__(
        self, entries: list[Entry], cells: dict[contrib.Key, Vector], stints: list[Any]
    ) -> None:
        self.entries = entries
        self.cells = cells
        self.stints = stints


class FiguresProjection:
    """Turns Organization.Founded and Member.EntryNoted events into the figure tables."""

    name = "figures"
    topics = (get_topic(Organization.Founded), get_topic(Member.EntryNoted))

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members: OrderedDict[str, MemberState] = OrderedDict()
        self.structure_changed = False

    def tables_for(self, generation: int) -> FigureTables:
        return figure_tables(generation)

    def metadata(self, generation: int) -> Any:
        return figure_tables(generation).metadata

    def forget(self) -> None:
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members.clear()

    def prepare(self, conn: Connection, generation: int) -> None:
        """Point at a generation, loading the tree when caches were dropped."""
        if generation == self.generation:
            return
        self.forget()
        self.generation = generation
        self.t = figure_tables(generation)
        self.hierarchy = load_hierarchy(conn, self.t)
        self.ledger = CumulativeWriter(self.t.ledger, ["org"], self.dialect)
        self.adj = CumulativeWriter(self.t.adj, ["org", "boundary"], self.dialect)

    def process(self, conn: Connection, events: list[tuple[int, Any]]) -> bool:
        """Apply events (position, domain event); returns whether the tree changed."""
        batch = _Batch()
        changed = False
        for position, event in events:
            if isinstance(event, Organization.Founded):
                self._founded(batch, event)
                changed = True
            elif isinstance(event, Member.EntryNoted):
                self._noted(conn, batch, position, event)
        self._flush(conn, batch)
        return changed

    def _founded(self, batch: _Batch, event: Organization.Founded) -> None:
        node = OrgNode(event.code, event.name, event.kind, event.founded_on)
        link = Link(event.code, event.parent, event.founded_on)
        self.hierarchy.add(node, link)
        batch.orgs.append(node.__dict__ | {})
        batch.links.append(
            {
                "child": link.child,
                "parent": link.parent,
                "valid_from": link.valid_from,
                "valid_to": None,
            }
        )

    def _noted(
        self, conn: Connection, batch: _Batch, position: int, event: Member.EntryNoted
    ) -> None:
        entry: Entry = event.entry
        member_id = UUID(str(event.originator_id)).hex
        state = self._member(conn, member_id)
        recorded_at = to_us(entry["recorded_at"])
        event_id = UUID(str(entry["event_id"])).hex
        batch.entries.append(
            {
                "position": position,
                "member_id": member_id,
                "event_id": event_id,
                "org": entry["org"],
                "type": str(entry["type"]),
                "effective_on": entry["effective_on"],
                "recorded_at": recorded_at,
                "recorded_by": entry["recorded_by"],
                "body": dumps(entry),
            }
        )
        state.entries.append(entry)
        new = contrib.compute(state.entries, self.hierarchy)
        for (org, day), delta in contrib.diff(state.cells, new.cells).items():
            self._route(conn, batch, org, day, recorded_at, event_id, delta)
        if new.stints != state.stints:
            batch.roll_change(member_id, recorded_at, new.stints)
        state.cells, state.stints = new.cells, new.stints
        batch.dirty[member_id] = state

    def _route(
        self,
        conn: Connection,
        batch: _Batch,
        org: str,
        day: int,
        at: int,
        event_id: str,
        delta: Vector,
    ) -> None:
        """Send one delta to the running totals, and to the late or early tables when it is dated
        before or after its recording day (projections.bitemporal explains the reads)."""
        rec_day = local_day(at)
        row = {
            "org": org,
            "day": day,
            "recorded_at": at,
            "event_id": event_id,
            **dict(zip(METRICS, delta, strict=True)),
        }
        if day > rec_day:
            batch.early.append(row)
            return
        self.ledger.add(conn, (org,), at, delta, event_id)
        if day == rec_day:
            return
        batch.late.append(row | {"rec_day": rec_day})
        for boundary in crossed_boundaries(day, rec_day):
            self.adj.add(conn, (org, boundary), at, delta, event_id)

    def _member(self, conn: Connection, member_id: str) -> MemberState:
        state = self.members.get(member_id)
        if state is not None:
            self.members.move_to_end(member_id)
            return state
        state = load_member(conn, self.t, member_id)
        self.members[member_id] = state
        if len(self.members) > MEMBER_CACHE_SIZE:
            self.members.popitem(last=False)
        return state

    def _flush(self, conn: Connection, batch: _Batch) -> None:
        t = self.t
        if batch.orgs:
            conn.execute(t.org.insert(), batch.orgs)
            conn.execute(t.link.insert(), batch.links)
        if batch.entries:
            conn.execute(t.entry.insert(), batch.entries)
        rows = [{"member_id": m, "contribution": encode_member(s)} for m, s in batch.dirty.items()]
        from projections.engine import upsert

        upsert(conn, self.dialect, t.member, rows, ["member_id"])
        if batch.closes:
            conn.execute(
                update(t.roll)
                .where(t.roll.c.member_id == bindparam("m"), t.roll.c.recorded_to.is_(None))
                .values(recorded_to=bindparam("at")),
                [{"m": m, "at": at} for m, at in batch.closes.items()],
            )
        inserts = [
            r
            for rows in batch.roll.values()
            for r in rows
            if r["recorded_to"] != r["recorded_from"]
        ]
        if inserts:
            conn.execute(t.roll.insert(), inserts)
        self.ledger.flush(conn)
        self.adj.flush(conn)
        if batch.late:
            conn.execute(t.late.insert(), batch.late)
        if batch.early:
            conn.execute(t.early.insert(), batch.early)


class _Batch:
    def __init__(self) -> None:
        self.orgs: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.dirty: dict[str, MemberState] = {}
        self.closes: dict[str, int] = {}  # member -> first change in the batch
        self.roll: dict[str, list[dict[str, Any]]] = {}
        self.late: list[dict[str, Any]] = []
        self.early: list[dict[str, Any]] = []

    def roll_change(self, member_id: str, at: int, stints: list[Any]) -> None:
        """Close the member's open roll rows at `at` and open the new ones (a new version)."""
        self.closes.setdefault(member_id, at)
        pending = self.roll.setdefault(member_id, [])
        for row in pending:
            if row["recorded_to"] is None:
                row["recorded_to"] = at
        for org, joined, left_on, status, official_on, name in stints:
            pending.append(
                {
                    "member_id": member_id,
                    "org": org,
                    "joined": joined,
                    "left_on": left_on,
                    "status": status,
                    "official_on": official_on,
                    "full_name": name,
                    "recorded_from": at,
                    "recorded_to": None,
                }
            )


def crossed_boundaries(day: int, rec_day: int) -> list[int]:
    """Year ends in [day, rec_day), and month ends of day's own year in that range."""
    start, end = date.fromordinal(day), date.fromordinal(rec_day)
    found = [
        date(y, 12, 31).toordinal() for y in range(start.year, end.year) if date(y, 12, 31) >= start
    ]
    for month in range(start.month, 12):
        month_end = date(start.year, month + 1, 1).toordinal() - 1
        if day <= month_end < rec_day:
            found.append(month_end)
    return found


def encode_member(state: MemberState) -> str:
    cells = [
        [org, day, [[i, v] for i, v in enumerate(vec) if v]]
        for (org, day), vec in state.cells.items()
    ]
    return dumps({"cells": cells, "stints": [list(s) for s in state.stints]})


def load_member(conn: Connection, t: FigureTables, member_id: str) -> MemberState:
    rows = conn.execute(
        select(t.entry.c.body).where(t.entry.c.member_id == member_id).order_by(t.entry.c.position)
    ).scalars()
    entries = [loads(body) for body in rows]
    stored = conn.execute(
        select(t.member.c.contribution).where(t.member.c.member_id == member_id)
    ).scalar()
    if stored is None:
        return MemberState(entries, {}, [])
    data = loads(stored)
    cells: dict[contrib.Key, Vector] = {}
    for org, day, pairs in data["cells"]:
        vec = [0] * len(METRICS)
        for i, v in pairs:
            vec[i] = v
        cells[(org, day)] = vec
    return MemberState(entries, cells, [tuple(s) for s in data["stints"]])


def load_hierarchy(conn: Connection, t: FigureTables) -> Hierarchy:
    hierarchy = Hierarchy()
    for row in conn.execute(select(t.org)).mappings():
        hierarchy.orgs[row["code"]] = OrgNode(
            row["code"], row["name"], row["kind"], row["founded_on"]
        )
    for row in conn.execute(select(t.link).order_by(t.link.c.valid_from)).mappings():
        hierarchy.add_link(Link(row["child"], row["parent"], row["valid_from"], row["valid_to"]))
    return hierarchy
