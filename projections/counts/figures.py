"""The `figures` projection: organizations, member histories, rolls and bitemporal figures.

Each batch of events is applied in the runner's transaction together with the new position.
Caches (the tree, members, running totals) are only hints: `forget()` drops them whenever
another process may have moved the projection on, and they are rebuilt from the tables.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import Connection, bindparam, delete, inspect, select, update

from domain.legacy_topics import topics_of
from domain.roll.history import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from projections.counts import contribution as contrib
from projections.counts.cumulative import CumulativeWriter
from projections.counts.storage import (
    MemberState,
    crossed_boundaries,
    encode_member,
    load_hierarchy,
    load_member,
)
from projections.store.engine import bulk
from projections.store.metrics import METRICS, Sparse, dense
from projections.store.schema import FigureTables, figure_tables
from projections.store.timecodec import dumps, local_day, to_us
from projections.structure.hierarchy import Hierarchy, Link, OrgNode

MEMBER_CACHE_SIZE = 200_000
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
    """Turns foundings, roll entries and changes of structure into the figure tables."""

    name = "figures"
    topics = (
        *topics_of(Organization.Founded),
        *topics_of(Member.EntryNoted),
        *(topic for kind in STRUCTURE for topic in topics_of(kind)),
    )

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members: OrderedDict[str, MemberState] = OrderedDict()
        # True while every member in the tables is in `members` or `evicted`: a rebuild then
        # never asks the database about a member it has not seen (it cannot be there).
        self.fresh = False
        self.evicted: set[str] = set()
        self.member_cache_size = MEMBER_CACHE_SIZE

    def tables_for(self, generation: int) -> FigureTables:
        return figure_tables(generation)

    def metadata(self, generation: int) -> Any:
        return figure_tables(generation).metadata

    def ready(self, conn: Connection, generation: int) -> bool:
        """Whether the generation's tables exist in this format."""
        names = set(inspect(conn).get_table_names())
        return all(t.name in names for t in self.metadata(generation).sorted_tables)

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
        group: _Group | None = None
        for position, event in events:
            if group is not None and event.timestamp != group.stamp:
                batch = self._settle(conn, batch, group)
                group = None
            if isinstance(event, Organization.Founded):
                self._founded(batch, event)
                changed = True
                if self.hierarchy.children.get(event.code):
                    # Placed under it earlier in the log (one decision's events share an
                    # instant, so their order is arbitrary): its descendants gain ancestors.
                    group = group or _Group(event.timestamp, _event_id(event))
                    below = self.hierarchy.descendants_from(event.code, event.founded_on)
                    group.add(below, event.founded_on)
            elif isinstance(event, Member.EntryNoted):
                self._noted(conn, batch, position, event)
            elif isinstance(event, STRUCTURE):
                group = group or _Group(event.timestamp, _event_id(event))
                affected = self._restructured(position, event, group)
                group.add(affected, event.effective_on)
                if affected and not group.named:
                    # The diff names one event per instant: a move or an end, not a lineage note.
                    group.event_id, group.named = _event_id(event), True
                changed = True
        if group is not None:
            batch = self._settle(conn, batch, group)
        self._flush(conn, batch)
        return changed

    def _settle(self, conn: Connection, batch: _Batch, group: _Group) -> _Batch:
        """Recompute, once, the members every change of one instant may have moved: a
        decision's events share their instant, so no reader can see part of them."""
        self._flush(conn, batch)  # the members it may affect are in the tables now
        batch = _Batch()
        at = to_us(group.stamp)
        self._write_changes(conn, group, at)
        self._recompute(conn, batch, group.orgs, group.day, at, group.event_id)
        return batch

    def _write_changes(self, conn: Connection, group: _Group, at: int) -> None:
        """The instant's changes of structure, a few statements for all of them."""
        t = self.t
        if group.ended:
            conn.execute(
                update(t.org).where(t.org.c.code == bindparam("c")).values(ended_on=bindparam("d")),
                [{"c": code, "d": day} for code, day in group.ended.items()],
            )
        if group.renamed:
            conn.execute(
                update(t.org).where(t.org.c.code == bindparam("c")).values(name=bindparam("n")),
                [{"c": code, "n": self.hierarchy.orgs[code].name} for code in group.renamed],
            )
        if group.relinked:
            self._rewrite_links(conn, sorted(group.relinked), at)
        if group.rows:
            conn.execute(t.reorg.insert(), group.rows)

    def _founded(self, batch: _Batch, event: Organization.Founded) -> None:
        node = OrgNode(event.code, event.name, event.kind, event.founded_on)
        link = Link(event.code, event.parent, event.founded_on)
        self.hierarchy.add(node, link)
        self.hierarchy.ids[UUID(str(event.originator_id)).hex] = event.code
        at = to_us(event.timestamp)
        batch.orgs.append(
            node.__dict__ | {"org_id": UUID(str(event.originator_id)).hex, "recorded_at": at}
        )
        batch.links.append(
            {
                "child": link.child,
                "parent": link.parent,
                "valid_from": link.valid_from,
                "valid_to": None,
                "recorded_from": at,
                "recorded_to": None,
            }
        )

    def _noted(
        self, conn: Connection, batch: _Batch, position: int, event: Member.EntryNoted
    ) -> None:
        entry = Entry.from_dict(event.entry)
        member_id = UUID(str(event.originator_id)).hex
        state = self._member(conn, member_id)
        recorded_at = to_us(entry.recorded_at)
        event_id = UUID(str(entry.event_id)).hex
        batch.entries.append(
            (
                position,
                member_id,
                event_id,
                entry.org,
                str(entry.type),
                entry.effective_on,
                recorded_at,
                entry.recorded_by,
                dumps(entry.to_dict()),
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
        before or after its recording day (projections.store.bitemporal explains the reads)."""
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

    def _restructured(self, position: int, event: Any, group: _Group) -> set[str]:
        """Apply a change of structure to the tree (its rows are written by `_settle`);
        returns the organizations whose members it may move between ancestors (recomputed
        at the change's own instant, so a figure known before it reads as the old structure)."""
        h = self.hierarchy
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
                "event_id": _event_id(event),
                "org": code,
                "type": REORG_TYPES[next(k for k in STRUCTURE if isinstance(event, k))],
                "effective_on": day,
                "recorded_at": to_us(event.timestamp),
                "recorded_by": event.recorded_by,
                "body": dumps(_reorg_body(event) | extra),
            }
        )
        return affected

    def _recompute(
        self, conn: Connection, batch: _Batch, orgs: set[str], day: date, at: int, event_id: str
    ) -> None:
        """Recompute the members on the rolls of `orgs` from `day` on, recorded at `at`."""
        changes = []
        for member_id in sorted(self._members_at(conn, orgs, day)):
            state = self._member(conn, member_id)
            new = contrib.compute(state.entries, self.hierarchy)
            changes.append((member_id, state, new, contrib.diff(state.cells, new.cells)))
        touched = {org for *_, deltas in changes for org, _ in deltas}
        self.ledger.preload(conn, [(org,) for org in sorted(touched)])
        for member_id, state, new, deltas in changes:
            for (org, ordinal), delta in deltas.items():
                self._route(conn, batch, org, ordinal, at, event_id, delta)
            state.cells = new.cells
            batch.dirty[member_id] = state

    def _rewrite_links(self, conn: Connection, codes: list[str], at: int) -> None:
        """Close the organizations' current link versions at `at` and open the new ones."""
        t = self.t
        current = (t.link.c.child == bindparam("c")) & t.link.c.recorded_to.is_(None)
        each = [{"c": code} for code in codes]
        # A version opened at this very instant never existed for a reader: replace it.
        conn.execute(delete(t.link).where(current & (t.link.c.recorded_from == at)), each)
        conn.execute(update(t.link).where(current).values(recorded_to=at), each)
        rows = [
            (code, x.parent, x.valid_from, x.valid_to, at, None)
            for code in codes
            for x in self.hierarchy.links.get(code, ())
        ]
        columns = ["child", "parent", "valid_from", "valid_to", "recorded_from", "recorded_to"]
        bulk(conn, t.link, columns, rows)

    def _members_at(self, conn: Connection, orgs: set[str], day: date) -> set[str]:
        """Members on the roll of any of `orgs` on `day` or later (or leaving that day)."""
        r, found = self.t.roll, set()
        codes = sorted(orgs)
        for i in range(0, len(codes), 500):
            rows = conn.execute(
                select(r.c.member_id)
                .where(
                    r.c.org.in_(codes[i : i + 500]),
                    r.c.recorded_to.is_(None),
                    (r.c.left_on.is_(None)) | (r.c.left_on >= day.toordinal()),
                )
                .distinct()
            )
            found.update(rows.scalars())
        return found

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
        if len(self.members) > self.member_cache_size:
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


def _event_id(event: Any) -> str:
    """A stable id for an organization's event (they carry none): its stream and version."""
    return uuid5(event.originator_id, f"v{event.originator_version}").hex


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


class _Group:
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
