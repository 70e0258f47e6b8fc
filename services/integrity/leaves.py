"""The sealed log: one RFC 6962 leaf per stored event, written in the event's own transaction.

Why in the transaction rather than by a sealer that follows the log: the writers already queue.
PostgreSQL inserts take LOCK TABLE ... EXCLUSIVE on the events table (the library needs commit
order = position order for the projections) and SQLite has one writer at a time, so appending
leaves inside that lock adds no new queue, only O(k log n) hashing and two small statements per
save (measured in the report of issue 10). Nothing is ever unsealed, so there is no window in
which an insider can rewrite a fresh row before it is sealed, and no extra process to supervise.
Should the speed work remove the table lock, the leaves can move to a follower unchanged: they
are computed from the stored rows alone and keyed by tree index, not by transaction.

`log_leaves` holds, per tree index (0, 1, 2... with no gaps), the log position (notification id,
which has gaps on PostgreSQL), the leaf hash, the node (root of the largest aligned perfect
subtree ending at this leaf) and the tree head at size index + 1. The nodes of O(log n) leaves
are the frontier, so an append reads popcount(n) rows and nothing is ever updated in place.

The leaf covers the stored row bytes (position, stream id, version, topic, state as stored,
i.e. ciphertext when encryption is on), so a payload copied from another row changes the leaf
whatever the cipher binds.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.integrity.merkle import (
    EMPTY_ROOT,
    Frontier,
    frontier_ends,
    leaf_hash,
)

LEAVES_TABLE = "log_leaves"
BATCH = 5000


class TamperAlarm(Exception):
    """The stored log contradicts its own seals: it was changed outside the application."""


@dataclass(frozen=True)
class Row:
    """One stored event as the database holds it."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes

    def canonical(self) -> bytes:
        topic = self.topic.encode("utf-8")
        return b"".join(
            (
                b"SD1",
                struct.pack(">q", self.position),
                self.originator_id.bytes,
                struct.pack(">q", self.version),
                struct.pack(">I", len(topic)),
                topic,
                struct.pack(">I", len(self.state)),
                self.state,
            )
        )

    def leaf(self) -> bytes:
        return leaf_hash(self.canonical())


@dataclass(frozen=True)
class TreeHead:
    """The log's Merkle tree head after `size` events; `position` is the last event's."""

    size: int
    position: int
    root: bytes

    @property
    def root_hex(self) -> str:
        return self.root.hex()


@dataclass(frozen=True)
class Leaf:
    tree_index: int
    position: int
    leaf: bytes
    node: bytes
    root: bytes


class Dialect:
    """The SQL of the sealed log on one database (placeholders and column types differ)."""

    def __init__(self, name: str, events_table: str) -> None:
        self.name = name
        self.events_table = events_table
        self.p = "?" if name == "sqlite" else "%s"
        self.position = "rowid" if name == "sqlite" else "notification_id"
        blob, big = ("BLOB", "INTEGER") if name == "sqlite" else ("bytea", "bigint")
        self.create = (
            f"CREATE TABLE IF NOT EXISTS {LEAVES_TABLE} (tree_index {big} PRIMARY KEY, "
            f"position {big} NOT NULL UNIQUE, leaf {blob} NOT NULL, node {blob} NOT NULL, "
            f"root {blob} NOT NULL)"
        )

    def rows_after(self, limit_to: int | None = None) -> str:
        stop = f" AND {self.position} < {self.p}" if limit_to is not None else ""
        return (
            f"SELECT {self.position} AS position, originator_id, originator_version, topic, "
            f"state FROM {self.events_table} WHERE {self.position} > {self.p}{stop} "
            f"ORDER BY {self.position} LIMIT {BATCH}"
        )

    def to_row(self, record: Any) -> Row:
        oid = record["originator_id"]
        return Row(
            position=int(record["position"]),
            originator_id=oid if isinstance(oid, UUID) else UUID(str(oid)),
            version=int(record["originator_version"]),
            topic=record["topic"],
            state=as_bytes(record["state"]),
        )


def as_bytes(value: Any) -> bytes:
    # A payload rewritten by hand in SQLite may come back as TEXT: its UTF-8 bytes are what changed.
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def last_leaf(cursor: Any, dialect: Dialect) -> Leaf | None:
    cursor.execute(
        f"SELECT tree_index, position, leaf, node, root FROM {LEAVES_TABLE} "
        "ORDER BY tree_index DESC LIMIT 1"
    )
    found = cursor.fetchone()
    return _leaf(found) if found else None


def _leaf(record: Any) -> Leaf:
    return Leaf(
        int(record["tree_index"]),
        int(record["position"]),
        bytes(record["leaf"]),
        bytes(record["node"]),
        bytes(record["root"]),
    )


def frontier_at(cursor: Any, dialect: Dialect, size: int) -> Frontier:
    """The frontier of the sealed tree of `size` leaves, from popcount(size) stored nodes."""
    ends = frontier_ends(size)
    if not ends:
        return Frontier()
    marks = ",".join(dialect.p for _ in ends)
    cursor.execute(
        f"SELECT tree_index, node FROM {LEAVES_TABLE} WHERE tree_index IN ({marks})", ends
    )
    nodes = {int(r["tree_index"]): bytes(r["node"]) for r in cursor.fetchall()}
    if len(nodes) != len(ends):
        raise TamperAlarm(f"sealed leaves are missing below tree size {size}")
    return Frontier(size, [nodes[i] for i in ends])


def seal(
    cursor: Any, dialect: Dialect, rows: Sequence[Row], backfill: bool = True
) -> TreeHead | None:
    """Append leaves for rows just inserted in this transaction (the caller holds the write lock).

    The first save after an upgrade first seals every older event (the backfill), in this same
    transaction, so no event is ever left out of the tree. Once the log has been checkpointed,
    `backfill` is False: an empty seal table then means the seals were removed, and nothing is
    stored until an operator has looked.
    """
    last = last_leaf(cursor, dialect)
    ordered = sorted(rows, key=lambda row: row.position)
    if last is None:
        stop = ordered[0].position if ordered else None
        older = backlog(cursor, dialect, stop)
        if older and not backfill:
            raise TamperAlarm(
                f"the log holds {len(older)} events but no seals, and it was checkpointed "
                "before: the seals were removed"
            )
        ordered = [*older, *ordered]
    elif ordered and ordered[0].position <= last.position:
        raise TamperAlarm(
            f"log position {ordered[0].position} is not after the last sealed position "
            f"{last.position}: events were deleted from the tail of the log"
        )
    if not ordered:
        return None
    size = last.tree_index + 1 if last else 0
    frontier = frontier_at(cursor, dialect, size)
    params = []
    for row in ordered:
        leaf = row.leaf()
        node, root = frontier.append(leaf)
        params.append((frontier.size - 1, row.position, leaf, node, root))
    marks = ",".join([dialect.p] * 5)
    cursor.executemany(
        f"INSERT INTO {LEAVES_TABLE} (tree_index, position, leaf, node, root) VALUES ({marks})",
        params,
    )
    return TreeHead(frontier.size, ordered[-1].position, params[-1][4])


def backlog(cursor: Any, dialect: Dialect, stop: int | None) -> list[Row]:
    """Every stored event before position `stop` (all of them when None), in log order."""
    found: list[Row] = []
    after = 0
    while True:
        params = (after, stop) if stop is not None else (after,)
        cursor.execute(dialect.rows_after(stop), params)
        batch = [dialect.to_row(r) for r in cursor.fetchall()]
        found.extend(batch)
        if len(batch) < BATCH:
            return found
        after = batch[-1].position


def head(cursor: Any, dialect: Dialect) -> TreeHead:
    last = last_leaf(cursor, dialect)
    if last is None:
        return TreeHead(0, 0, EMPTY_ROOT)
    return TreeHead(last.tree_index + 1, last.position, last.root)


def head_at(cursor: Any, dialect: Dialect, position: int) -> TreeHead:
    """The tree head of the log up to and including `position` (what a report read)."""
    cursor.execute(
        f"SELECT tree_index, position, leaf, node, root FROM {LEAVES_TABLE} "
        f"WHERE position <= {dialect.p} ORDER BY tree_index DESC LIMIT 1",
        (position,),
    )
    found = cursor.fetchone()
    if found is None:
        return TreeHead(0, 0, EMPTY_ROOT)
    leaf = _leaf(found)
    return TreeHead(leaf.tree_index + 1, leaf.position, leaf.root)


def leaves_from(cursor: Any, dialect: Dialect, start: int, end: int) -> Iterator[Leaf]:
    """Stored leaves with start <= tree_index < end, in order, fetched in batches."""
    while start < end:
        cursor.execute(
            f"SELECT tree_index, position, leaf, node, root FROM {LEAVES_TABLE} "
            f"WHERE tree_index >= {dialect.p} AND tree_index < {dialect.p} "
            f"ORDER BY tree_index LIMIT {BATCH}",
            (start, end),
        )
        batch = [_leaf(r) for r in cursor.fetchall()]
        if not batch:
            return
        yield from batch
        start = batch[-1].tree_index + 1
