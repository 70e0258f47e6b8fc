"""How the figures projection keeps member state and the tree in its tables, and reads them back."""

from __future__ import annotations

from dataclasses import fields
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select

from domain.roll.history import Entry
from projections.counts import contribution as contrib
from projections.store.metrics import Sparse
from projections.store.probes import KEYS, per_key
from projections.store.schema import FigureTables
from projections.store.timecodec import dumps_plain, loads, loads_plain
from projections.structure.hierarchy import Hierarchy, Knowledge, Link, OrgNode, Succession

MEMBERS_PER_QUERY = 500


class MemberState:
    """A member as last projected: entries in recording order, contribution, roll stints.

    `replay` and `tree` live in memory only: what the last computation replayed and the
    version of the tree it counted with (projections/counts/extension.py extends them)."""

    def __init__(
        self,
        entries: list[Entry],
        cells: dict[contrib.Key, Sparse],
        stints: list[Any],
        replay: contrib.Replay | None = None,
        tree: int = -1,
    ) -> None:
        self.entries = entries
        self.cells = cells
        self.stints = stints
        self.replay = replay
        self.tree = tree


def hex_of(value: Any) -> str:
    """An aggregate or event id as the tables keep it (a UUID's hex), without reparsing a UUID."""
    return value.hex if isinstance(value, UUID) else UUID(str(value)).hex


def entry_body(entry: Entry) -> dict[str, Any]:
    """`entry.to_dict()` (what fig_entry.body stores), built from the record's fields instead of
    through its mapping view: once per member event of a rebuild. The same dict, keys in the
    same order: tests/projections/counts/test_entry_body.py holds them equal."""
    body = {key: value for key, value in entry.details.items() if key not in CORE_FIELDS}
    body["event_id"] = entry.event_id
    body["type"] = entry.type
    body["org"] = entry.org
    body["member_id"] = entry.member_id
    body["effective_on"] = entry.effective_on
    body["recorded_at"] = entry.recorded_at
    body["recorded_by"] = entry.recorded_by
    if entry.seq is not None:
        body["seq"] = entry.seq
    return body


CORE_FIELDS = frozenset(f.name for f in fields(Entry)) - {"details"}


def encode_member(state: MemberState) -> str:
    # In key order: the same member state is stored the same whichever path built it (a
    # recompute, an extension, a resumed run), so a rebuild reproduces the tables exactly.
    ordered = sorted(state.cells.items())
    cells = [[list(chain), day, sorted(vec.items())] for (chain, day), vec in ordered]
    return dumps_plain({"cells": cells, "stints": [list(s) for s in state.stints]})


def load_members(conn: Connection, t: FigureTables, ids: list[str]) -> dict[str, MemberState]:
    """`load_member` for many members in two queries per chunk of ids, each id one index probe
    (projections/store/probes.py); those with no rows come back empty, as load_member gives them."""
    found: dict[str, MemberState] = {}
    by_member = select(t.entry.c.member_id, t.entry.c.body, t.entry.c.position)
    entries_of = per_key(conn.dialect.name, by_member, t.entry.c.member_id, order_by=["position"])
    for start in range(0, len(ids), MEMBERS_PER_QUERY):
        chunk = ids[start : start + MEMBERS_PER_QUERY]
        entries: dict[str, list[Entry]] = {member_id: [] for member_id in chunk}
        for member_id, body, _ in conn.execute(entries_of, {KEYS: chunk}):
            entries[member_id].append(Entry.from_dict(loads(body)))
        stored = load_contributions(conn, t, chunk)
        for member_id in chunk:
            state = stored.get(member_id) or MemberState([], {}, [])
            state.entries = entries[member_id]
            found[member_id] = state
    return found


def load_contributions(conn: Connection, t: FigureTables, ids: list[str]) -> dict[str, MemberState]:
    """The stored contributions and roll stints of many members, without their entries (a
    change of structure carries contributions over: projections/counts/rechain.py); those
    with no row are left out."""
    found: dict[str, MemberState] = {}
    stored_of = per_key(
        conn.dialect.name,
        select(t.member.c.member_id, t.member.c.contribution),
        t.member.c.member_id,
    )
    for start in range(0, len(ids), MEMBERS_PER_QUERY):
        chunk = ids[start : start + MEMBERS_PER_QUERY]
        for member_id, body in conn.execute(stored_of, {KEYS: chunk}):
            found[member_id] = _state([], body)
    return found


def load_member(conn: Connection, t: FigureTables, member_id: str) -> MemberState:
    rows = conn.execute(
        select(t.entry.c.body).where(t.entry.c.member_id == member_id).order_by(t.entry.c.position)
    ).scalars()
    entries = [Entry.from_dict(loads(body)) for body in rows]
    stored = conn.execute(
        select(t.member.c.contribution).where(t.member.c.member_id == member_id)
    ).scalar()
    return _state(entries, stored)


def _state(entries: list[Entry], stored: str | None) -> MemberState:
    if stored is None:
        return MemberState(entries, {}, [])
    data = loads_plain(stored)
    cells = {(tuple(chain), day): dict(pairs) for chain, day, pairs in data["cells"]}
    return MemberState(entries, cells, [tuple(s) for s in data["stints"]])


def load_hierarchy(conn: Connection, t: FigureTables) -> Hierarchy:
    """The current tree, with what it takes to show it as known at any earlier instant."""
    hierarchy = Hierarchy()
    known = hierarchy.history = Knowledge()
    for row in conn.execute(select(t.org)).mappings():
        code = row["code"]
        hierarchy.orgs[code] = OrgNode(
            code, row["name"], row["kind"], row["founded_on"], row["ended_on"]
        )
        hierarchy.ids[row["org_id"]] = code
        known.founded[code] = row["recorded_at"]
        known.last = max(known.last, row["recorded_at"])
    for row in conn.execute(select(t.link).order_by(t.link.c.valid_from)).mappings():
        link = Link(row["child"], row["parent"], row["valid_from"], row["valid_to"])
        if row["recorded_to"] is None:
            hierarchy.add_link(link)
        known.links.append((link, row["recorded_from"], row["recorded_to"]))
        known.last = max(known.last, row["recorded_from"], row["recorded_to"] or 0)
    changes = select(t.reorg).where(t.reorg.c.type.in_(["ended", "renamed", "successor_of"]))
    for row in conn.execute(changes.order_by(t.reorg.c.position)).mappings():
        body, code, day, at = (
            loads(row["body"]),
            row["org"],
            row["effective_on"],
            row["recorded_at"],
        )
        known.last = max(known.last, at)
        how = body.get("how", "")
        if row["type"] == "renamed":
            node = hierarchy.orgs[code]
            hierarchy.names.setdefault(code, [(node.founded_on, body["founding_name"])])
            hierarchy.rename(code, body["name"], day)
            known.names.append((code, day, body["name"], at))
            continue
        if row["type"] == "ended":
            known.ended[code] = (day, at)
            pairs = [(code, successor) for successor in body.get("successors", [])]
        else:
            pairs = [(predecessor, code) for predecessor in body.get("predecessors", [])]
        for predecessor, successor in pairs:
            hierarchy.succeed(predecessor, successor, day, how)
            known.successions.append((Succession(predecessor, successor, day, how), at))
    return hierarchy
