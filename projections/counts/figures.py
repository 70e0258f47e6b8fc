"""The `figures` projection: organizations, member histories, rolls and bitemporal figures.

Each batch of events is applied in the runner's transaction together with the new position.
Caches (the tree, members, running totals) are only hints: `forget()` drops them whenever
another process may have moved the projection on, and they are rebuilt from the tables.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import Connection, inspect

from domain.legacy_topics import topics_of
from domain.roll.history import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from projections.counts import contribution as contrib
from projections.counts import extension
from projections.counts.pending import Pending
from projections.counts.rechain import rechain
from projections.counts.restructuring import (
    STRUCTURE,
    Group,
    event_id,
    members_at,
    restructure,
    write_changes,
)
from projections.counts.routing import Router
from projections.counts.storage import (
    MemberState,
    encode_member,
    entry_body,
    hex_of,
    load_contributions,
    load_hierarchy,
    load_member,
    load_members,
)
from projections.store.metrics import Sparse
from projections.store.schema import FigureTables, figure_tables
from projections.store.timecodec import dumps, to_us
from projections.structure.hierarchy import Hierarchy, Link, OrgNode

MEMBER_CACHE_SIZE = 200_000
RECOMPUTE_CHUNK = 2_000  # members a restructuring loads at once (memory stays bounded)


# A member's stream: version 1 Identified, then one EntryNoted per roll event.
FIRST_ENTRY = 2


class FiguresProjection:
    """Turns foundings, roll entries and changes of structure into the figure tables."""

    name = "figures"
    topics = (
        *topics_of(Organization.Founded),
        *topics_of(Member.EntryNoted),
        *(topic for kind in STRUCTURE for topic in topics_of(kind)),
    )

    # Replay every rechained member too and compare the cells (the test suite sets it).
    check_rechain: ClassVar[bool] = False

    def __init__(self, dialect: str, province: str) -> None:
        self.dialect = dialect
        self.province = province  # the deployment's: every row written carries it
        self.generation = 0
        self.hierarchy = Hierarchy()
        self.members: OrderedDict[str, MemberState] = OrderedDict()
        # True while every member in the tables is in `members` or `evicted`: a rebuild then
        # never asks the database about a member it has not seen (it cannot be there).
        self.fresh = False
        self.evicted: set[str] = set()
        self.member_cache_size = MEMBER_CACHE_SIZE
        self.loaded: dict[str, MemberState] = {}  # this batch's members read ahead (_prefetch)
        self.named: set[str] = set()  # members this batch's entries name (_prefetch)
        # Bumped whenever the tree changes under members already counted (a change of
        # structure, a founding above organizations placed earlier): a member counted with an
        # older tree is recomputed whole before it may be extended (extension.py).
        self.tree = 0

    def tables_for(self, generation: int) -> FigureTables:
        return figure_tables(generation, self.province)

    def metadata(self, generation: int) -> Any:
        return figure_tables(generation, self.province).metadata

    def ready(self, conn: Connection, generation: int) -> bool:
        """Whether the generation's tables exist in this format."""
        names = set(inspect(conn).get_table_names())
        return all(t.name in names for t in self.metadata(generation).sorted_tables)

    def forget(self) -> None:
        self.generation = 0
        self.loaded = {}
        self.named = set()
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
        self.t = figure_tables(generation, self.province)
        self.hierarchy = load_hierarchy(conn, self.t)
        self.router = Router(self.t, self.dialect, self.fresh, self.province)

    def process(self, conn: Connection, events: list[tuple[int, Any]]) -> bool:
        """Apply events (position, domain event); returns whether the tree changed."""
        batch = Pending()
        changed = False
        group: Group | None = None
        self._prefetch(conn, events)
        for position, event in events:
            if group is not None and event.timestamp != group.stamp:
                batch = self._settle(conn, batch, group)
                group = None
            if isinstance(event, Organization.Founded):
                self._founded(batch, event)
                changed = True
                if self.hierarchy.children.get(event.code):
                    self.tree += 1
                    # Placed under it earlier in the log (one decision's events share an
                    # instant, so their order is arbitrary): its descendants gain ancestors.
                    group = group or Group(event.timestamp, event_id(event))
                    below = self.hierarchy.descendants_from(event.code, event.founded_on)
                    group.add(below, event.founded_on)
            elif isinstance(event, Member.EntryNoted):
                self._noted(conn, batch, position, event)
            elif isinstance(event, STRUCTURE):
                self.tree += 1
                group = group or Group(event.timestamp, event_id(event))
                affected = restructure(self.hierarchy, position, event, group)
                group.add(affected, event.effective_on)
                if affected and not group.named:
                    # The diff names one event per instant: a move or an end, not a lineage note.
                    group.event_id, group.named = event_id(event), True
                changed = True
        if group is not None:
            batch = self._settle(conn, batch, group)
        self._flush(conn, batch)
        return changed

    def _settle(self, conn: Connection, batch: Pending, group: Group) -> Pending:
        """Recompute, once, the members every change of one instant may have moved: a
        decision's events share their instant, so no reader can see part of them."""
        self._flush(conn, batch)  # the members it may affect are in the tables now
        batch = Pending()
        at = to_us(group.stamp)
        write_changes(conn, self.t, self.hierarchy, group, at)
        self._recompute(conn, batch, group, at)
        return batch

    def _founded(self, batch: Pending, event: Organization.Founded) -> None:
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
        self, conn: Connection, batch: Pending, position: int, event: Member.EntryNoted
    ) -> None:
        entry = Entry.from_dict(event.entry)
        member_id = hex_of(event.originator_id)
        state = self._member(conn, member_id)
        recorded_at = to_us(entry.recorded_at)
        entry_id = hex_of(entry.event_id)
        batch.entries.append(
            (
                position,
                member_id,
                entry_id,
                entry.org,
                str(entry.type),
                entry.effective_on,
                recorded_at,
                entry.recorded_by,
                dumps(entry_body(entry)),
            )
        )
        state.entries.append(entry)
        step = None
        if state.replay is not None and state.tree == self.tree:
            step = extension.extend(state.replay, entry, self.hierarchy)
        if step is None:
            new = contrib.compute(state.entries, self.hierarchy)
            changes = contrib.diff(state.cells, new.cells)
            stints, state.cells = new.stints, new.cells
            state.replay, state.tree = new.replay, self.tree
        else:
            changes = step.changes
            stints = [*state.stints[: step.kept], *step.rows]
            extension.apply_changes(state.cells, changes)
            state.replay = step.replay
        self.router.route(contrib.spread(changes), recorded_at, entry_id)
        if stints != state.stints:
            batch.roll_change(member_id, recorded_at, stints)
        state.stints = stints
        batch.dirty[member_id] = state

    def _recompute(self, conn: Connection, batch: Pending, group: Group, at: int) -> None:
        """Carry over to the changed tree, recorded at `at`, the contributions of the members
        on the rolls of the group's organizations from its day on: their chains may have
        changed. Each is rechained from its stored cells (rechain.py) and replayed from the
        member's entries only when rechaining cannot tell. Members not cached are read a chunk
        at a time, their stored contributions only, and left out of the cache (a reform moves
        a whole province once): one by one, a reform run as a command of its own spent most of
        its time in two queries per member moved; replaying each of them, most of the rest."""
        members = sorted(members_at(conn, self.t, group.orgs, group.day))
        for start in range(0, len(members), RECOMPUTE_CHUNK):
            chunk = members[start : start + RECOMPUTE_CHUNK]
            passing = {m for m in chunk if m not in self.members and m not in self.named}
            stored = load_contributions(
                conn, self.t, [m for m in chunk if m in passing and self._stored(m)]
            )
            states: dict[str, MemberState] = {}
            for member_id in chunk:
                if member_id not in passing:
                    states[member_id] = self._member(conn, member_id)
                else:
                    self.loaded.pop(member_id, None)
                    self.evicted.add(member_id)  # in the tables from this batch on
                    found = stored.pop(member_id, None)
                    states[member_id] = found if found is not None else MemberState([], {}, [])
            cells = {
                m: rechain(state.cells, state.stints, self.hierarchy, group.day)
                for m, state in states.items()
            }
            carried = self._replay(conn, states, cells)
            for member_id, state in states.items():
                changes = contrib.spread(contrib.diff(state.cells, carried[member_id]))
                self.router.route(changes, at, group.event_id)
                state.cells = carried[member_id]
                if member_id in self.members:
                    state.tree = self.tree
                    batch.dirty[member_id] = state
                else:
                    batch.encoded[member_id] = encode_member(state)

    def _replay(
        self,
        conn: Connection,
        states: dict[str, MemberState],
        cells: dict[str, dict[contrib.Key, Sparse] | None],
    ) -> dict[str, dict[contrib.Key, Sparse]]:
        """Replay from their entries the members rechaining could not tell (all of them, and
        compare, under `check_rechain`); the entries of those not cached in one read."""
        done = {m: found for m, found in cells.items() if found is not None}
        replayed = [m for m, found in cells.items() if found is None or self.check_rechain]
        uncached = [m for m in replayed if m not in self.members and self._stored(m)]
        read = load_members(conn, self.t, uncached) if uncached else {}
        for member_id in replayed:
            state = states[member_id]
            cached = member_id in self.members
            kept = read.get(member_id)
            entries = state.entries if cached else kept.entries if kept is not None else []
            new = contrib.compute(entries, self.hierarchy)
            rechained = cells[member_id]
            if rechained is not None and rechained != new.cells:
                raise AssertionError(
                    f"rechained cells of {member_id} differ from the replay's: "
                    f"{sorted(rechained.items())} != {sorted(new.cells.items())}"
                )
            if cached:
                state.replay = new.replay
            done[member_id] = new.cells
        return done

    def _prefetch(self, conn: Connection, events: list[tuple[int, Any]]) -> None:
        """Load in one query the stored members the batch's entries name that are not cached
        (a batch of admissions asked two queries of each new member before). A member whose
        first entry ever is in the batch (version 2 of its stream, after Identified) has
        nothing in the tables: it is not asked for at all."""
        wanted: dict[str, bool] = {}  # member -> whether the batch holds its first entry
        for _, event in events:
            if isinstance(event, Member.EntryNoted):
                member_id = hex_of(event.originator_id)
                if member_id not in wanted:
                    wanted[member_id] = event.originator_version == FIRST_ENTRY
        self.named = set(wanted)
        missing = [m for m, first in wanted.items() if not first and m not in self.members]
        missing = [m for m in missing if self._stored(m)]
        # Each is taken at its first use: a later load (after an eviction) reads the tables.
        self.loaded = load_members(conn, self.t, sorted(missing)) if len(missing) > 1 else {}
        for member_id, first in wanted.items():
            if first and member_id not in self.members and self._stored(member_id):
                self.loaded[member_id] = MemberState([], {}, [])

    def _stored(self, member_id: str) -> bool:
        """Whether a member not cached may have rows in the tables."""
        return not self.fresh or member_id in self.evicted

    def _member(self, conn: Connection, member_id: str) -> MemberState:
        state = self.members.get(member_id)
        if state is not None:
            self.members.move_to_end(member_id)
            return state
        if not self._stored(member_id):
            state = MemberState([], {}, [])
        else:
            found = self.loaded.pop(member_id, None)
            state = found if found is not None else load_member(conn, self.t, member_id)
        self.members[member_id] = state
        if len(self.members) > self.member_cache_size:
            self.evicted.add(self.members.popitem(last=False)[0])
        return state

    def _flush(self, conn: Connection, batch: Pending) -> None:
        batch.write(conn, self.t)
        self.router.flush(conn)
