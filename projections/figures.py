"""The `figures` projection: organizations, member histories, rolls and bitemporal figures.

Each batch of events is applied in the runner's transaction together with the new position.
Caches (the tree, members, running totals) are only hints: `forget()` drops them whenever
another process may have moved the projection on, and they are rebuilt from the tables.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import Connection, bindparam, delete, update

from domain.member import Member
from domain.organization import Organization
from domain.timeline import Entry
from projections import contribution as contrib
from projections.cumulative import CumulativeWriter
from projections.engine import bulk
from projections.hierarchy import Hierarchy, Link, OrgNode
from projections.metrics import METRICS, Sparse, dense
from projections.schema import FigureTables, figure_tables
from projections.storage import (
    MemberState,
    crossed_boundaries,
    encode_member,
    load_hierarchy,
    load_member,
)
from projections.timecodec import dumps, local_day, to_us

MEMBER_CACHE_SIZE = 200_000
ENTRY_COLUMNS = [
    "position",
    "member_id",
    "event_id",
    "org",
    "type",
    "effective_on",
    "recorded_at",
    "recorded_by",
    "body",
]
ROLL_COLUMNS = [
    "member_id",
    "org",
    "joined",
    "left_on",
    "status",
    "official_on",
    "full_name",
    "recorded_from",
    "recorded_to",
]


class FiguresProjection:
    """Turns Organization.Founded and Member.EntryNoted events into the figure tables."""

    name = "figures"
    topics = (get_topic(Organization.Founded), get_topic(Member.EntryNoted))

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members: OrderedDict[str, MemberState] = OrderedDict()
        # True while every member in the tables is in `members` or `evicted`: a rebuild then
        # never asks the database about a member it has not seen (it cannot be there).
        self.fresh = False
        self.evicted: set[str] = set()

    def tables_for(self, generation: int) -> FigureTables:
        return figure_tables(generation)

    def metadata(self, generation: int) -> Any:
        return figure_tables(generation).metadata

    def forget(self) -> None:
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members.clear()
        self.fresh = False
        self.evicted.clear()

    def prepare(self, conn: Connection, generation: int, position: int) -> None:
        """Point at a generation, loading the tree when caches were dropped."""
        if generation == self.generation:
            return
        self.forget()
        self.generation = generation
        self.fresh = position == 0
        self.t = figure_tables(generation)
        self.hierarchy = load_hierarchy(conn, self.t)
        self.ledger = CumulativeWriter(self.t.ledger, ["org"], self.dialect)
        self.adj = CumulativeWriter(self.t.adj, ["org", "boundary"], self.dialect)
        self.ledger.fresh = self.adj.fresh = self.fresh

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
            (
                position,
                member_id,
                event_id,
                entry["org"],
                str(entry["type"]),
                entry["effective_on"],
                recorded_at,
                entry["recorded_by"],
                dumps(entry),
            )
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
        delta: Sparse,
    ) -> None:
        """Send one delta to the running totals, and to the late or early tables when it is dated
        before or after its recording day (projections.bitemporal explains the reads)."""
        rec_day = local_day(at)
        if day > rec_day:
            batch.early.append((org, day, at, event_id, *dense(delta)))
            return
        self.ledger.add(conn, (org,), at, delta, event_id)
        if day == rec_day:
            return
        batch.late.append((org, day, rec_day, at, event_id, *dense(delta)))
        for boundary in crossed_boundaries(day, rec_day):
            self.adj.add(conn, (org, boundary), at, delta, event_id)

    def _member(self, conn: Connection, member_id: str) -> MemberState:
        state = self.members.get(member_id)
        if state is not None:
            self.members.move_to_end(member_id)
            return state
        if self.fresh and member_id not in self.evicted:
            state = MemberState([], {}, [])
        else:
            state = load_member(conn, self.t, member_id)
        self.members[member_id] = state
        if len(self.members) > MEMBER_CACHE_SIZE:
            self.evicted.add(self.members.popitem(last=False)[0])
        return state

    def _flush(self, conn: Connection, batch: _Batch) -> None:
        t = self.t
        if batch.orgs:
            conn.execute(t.org.insert(), batch.orgs)
            conn.execute(t.link.insert(), batch.links)
        bulk(conn, t.entry, ENTRY_COLUMNS, batch.entries)
        members = [(m, encode_member(s)) for m, s in batch.dirty.items()]
        bulk(conn, t.member, ["member_id", "contribution"], members, ["member_id"])
        if batch.closes:
            # A version opened at the same instant it is superseded never existed for any
            # reader: drop it (a transaction's events may straddle two batches).
            conn.execute(
                delete(t.roll).where(
                    t.roll.c.member_id == bindparam("m"),
                    t.roll.c.recorded_to.is_(None),
                    t.roll.c.recorded_from == bindparam("at"),
                ),
                [{"m": m, "at": at} for m, at in batch.closes.items()],
            )
            conn.execute(
                update(t.roll)
                .where(t.roll.c.member_id == bindparam("m"), t.roll.c.recorded_to.is_(None))
                .values(recorded_to=bindparam("at")),
                [{"m": m, "at": at} for m, at in batch.closes.items()],
            )
        inserts = [
            tuple(r[c] for c in ROLL_COLUMNS)
            for rows in batch.roll.values()
            for r in rows
            if r["recorded_to"] != r["recorded_from"]
        ]
        bulk(conn, t.roll, ROLL_COLUMNS, inserts)
        self.ledger.flush(conn)
        self.adj.flush(conn)
        bulk(
            conn, t.late, ["org", "day", "rec_day", "recorded_at", "event_id", *METRICS], batch.late
        )
        bulk(conn, t.early, ["org", "day", "recorded_at", "event_id", *METRICS], batch.early)


class _Batch:
    def __init__(self) -> None:
        self.orgs: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.entries: list[tuple[Any, ...]] = []
        self.dirty: dict[str, MemberState] = {}
        self.closes: dict[str, int] = {}  # member -> first change in the batch
        self.roll: dict[str, list[dict[str, Any]]] = {}
        self.late: list[tuple[Any, ...]] = []
        self.early: list[tuple[Any, ...]] = []

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
