"""The working set of one import, on disk: events not yet stored, the lines and what each read.

An import is one transaction for the whole file, so nothing it produces can be stored before
its end. Kept in memory, a 40,000-line file took 589 MB; here the events produced so far wait
in a private SQLite file as they will be stored (mapped, encrypted if the store is), and the
aggregates they belong to leave memory. What stays: the organizations the file touches (their
rolls are what the rules check) and the current chunk of lines.

The file also answers the questions of a retry after a conflict: which aggregates each line
read (so only the lines depending on a stream someone else changed are applied again), the
version of each aggregate when first read, and where each line starts in the import file.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload
from uuid import UUID

from eventsourcing.persistence import StoredEvent

SCHEMA = """
CREATE TABLE events (seq INTEGER PRIMARY KEY, agg BLOB NOT NULL, version INTEGER NOT NULL,
                     topic TEXT NOT NULL, state BLOB NOT NULL);
CREATE INDEX events_agg ON events (agg, version);
CREATE TABLE lines (line INTEGER PRIMARY KEY, offset INTEGER NOT NULL, replayed INTEGER);
CREATE TABLE reads (agg BLOB NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (agg, line))
    WITHOUT ROWID;
CREATE INDEX reads_line ON reads (line);
CREATE TABLE loaded (agg BLOB PRIMARY KEY, version INTEGER) WITHOUT ROWID;
CREATE TABLE closure_aggs (agg BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE closure_lines (line INTEGER PRIMARY KEY);
"""
NOT_LOADED = object()


class Staging:
    """One import's private file; removed by `close`."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="sodang_import_", suffix=".db")
        os.close(handle)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8000;" + SCHEMA
        )
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()
        os.unlink(self.path)

    # -- events waiting to be stored -----------------------------------------------------

    def stage(self, events: Iterable[StoredEvent]) -> None:
        self.db.executemany(
            "INSERT INTO events (agg, version, topic, state) VALUES (?, ?, ?, ?)",
            ((e.originator_id.bytes, e.originator_version, e.topic, e.state) for e in events),
        )

    def events_of(self, aggregate_id: UUID) -> list[StoredEvent]:
        rows = self.db.execute(
            "SELECT version, topic, state FROM events WHERE agg = ? ORDER BY version",
            (aggregate_id.bytes,),
        )
        return [StoredEvent(aggregate_id, v, t, s) for v, t, s in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM events").fetchone()[0])

    def stored_events(self) -> StagedEvents:
        return StagedEvents(self)

    # -- the first version read of each aggregate ----------------------------------------

    def loaded_version(self, aggregate_id: UUID) -> Any:
        """The version first read (None: it did not exist), or NOT_LOADED."""
        row = self.db.execute(
            "SELECT version FROM loaded WHERE agg = ?", (aggregate_id.bytes,)
        ).fetchone()
        return NOT_LOADED if row is None else row[0]

    def note_loaded(self, aggregate_id: UUID, version: int | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO loaded VALUES (?, ?)", (aggregate_id.bytes, version))

    def loaded(self) -> Iterator[tuple[UUID, int | None]]:
        for agg, version in self.db.execute("SELECT agg, version FROM loaded").fetchall():
            yield UUID(bytes=agg), version

    # -- lines -------------------------------------------------------------------------

    def note_line(self, line: int, offset: int, read: Iterable[UUID], replayed: bool) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO lines VALUES (?, ?, ?)", (line, offset, int(replayed))
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO reads VALUES (?, ?)", ((a.bytes, line) for a in read)
        )

    def replayed(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM lines WHERE replayed").fetchone()[0])

    def lines(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM lines").fetchone()[0])

    # -- the part of the file that depends on streams changed by others --------------------

    def closure(self, stale: Iterable[UUID]) -> tuple[set[UUID], list[tuple[int, int]]]:
        """The lines that read a stale aggregate, the aggregates those lines read, and so on:
        (aggregates, [(line, offset)...] in file order)."""
        db = self.db
        db.execute("DELETE FROM closure_aggs")
        db.execute("DELETE FROM closure_lines")
        db.executemany("INSERT OR IGNORE INTO closure_aggs VALUES (?)", ((a.bytes,) for a in stale))
        size = -1
        while True:
            db.execute(
                "INSERT OR IGNORE INTO closure_lines "
                "SELECT r.line FROM reads r JOIN closure_aggs c ON c.agg = r.agg"
            )
            db.execute(
                "INSERT OR IGNORE INTO closure_aggs "
                "SELECT r.agg FROM reads r JOIN closure_lines c ON c.line = r.line"
            )
            now = db.execute("SELECT count(*) FROM closure_aggs").fetchone()[0]
            if now == size:
                break
            size = now
        aggs = {UUID(bytes=a) for (a,) in db.execute("SELECT agg FROM closure_aggs")}
        lines = db.execute(
            "SELECT l.line, l.offset FROM lines l JOIN closure_lines c ON c.line = l.line "
            "ORDER BY l.line"
        ).fetchall()
        return aggs, [(int(n), int(o)) for n, o in lines]

    def forget(self, aggregates: set[UUID], lines: Iterable[int]) -> None:
        """Drop what the closure produced and read, to apply its lines again."""
        db = self.db
        for chunk in _chunks([a.bytes for a in aggregates], 500):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM events WHERE agg IN ({marks})", chunk)
            db.execute(f"DELETE FROM loaded WHERE agg IN ({marks})", chunk)
        for chunk in _chunks(list(lines), 500):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM reads WHERE line IN ({marks})", chunk)

    def reads_outside(self, aggregates: set[UUID], lines: list[int]) -> bool:
        """Whether the re-applied lines now read an aggregate that other lines changed."""
        self.db.execute("DELETE FROM closure_lines")
        self.db.executemany("INSERT INTO closure_lines VALUES (?)", ((n,) for n in lines))
        self.db.execute("DELETE FROM closure_aggs")
        self.db.executemany("INSERT INTO closure_aggs VALUES (?)", ((a.bytes,) for a in aggregates))
        row = self.db.execute(
            "SELECT 1 FROM reads r JOIN closure_lines c ON c.line = r.line "
            "WHERE r.agg NOT IN (SELECT agg FROM closure_aggs) AND EXISTS ("
            "  SELECT 1 FROM reads o WHERE o.agg = r.agg "
            "  AND o.line NOT IN (SELECT line FROM closure_lines)) LIMIT 1"
        ).fetchone()
        return row is not None


class StagedEvents(Sequence[StoredEvent]):
    """The staged events in the order they were produced, read from disk a page at a time
    (the recorders iterate or slice: neither holds the whole file in memory)."""

    PAGE = 1000
    COLUMNS = "seq, agg, version, topic, state"

    def __init__(self, staging: Staging) -> None:
        self.db = staging.db
        self.length = staging.count()

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> StoredEvent: ...
    @overload
    def __getitem__(self, index: slice) -> list[StoredEvent]: ...
    def __getitem__(self, index: int | slice) -> StoredEvent | list[StoredEvent]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.length)
            if step != 1:
                return list(self)[index]
            return self._rows(
                f"SELECT {self.COLUMNS} FROM events ORDER BY seq LIMIT ? OFFSET ?",
                (max(0, stop - start), start),
            )
        position = index + self.length if index < 0 else index
        if not 0 <= position < self.length:
            raise IndexError(index)
        return self._rows(
            f"SELECT {self.COLUMNS} FROM events ORDER BY seq LIMIT 1 OFFSET ?", (position,)
        )[0]

    def __iter__(self) -> Iterator[StoredEvent]:
        last = -1
        while True:
            page = self.db.execute(
                f"SELECT {self.COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, self.PAGE),
            ).fetchall()
            if not page:
                return
            last = page[-1][0]
            yield from (StoredEvent(UUID(bytes=a), v, t, s) for _, a, v, t, s in page)

    def _rows(self, sql: str, params: tuple[int, ...]) -> list[StoredEvent]:
        return [
            StoredEvent(UUID(bytes=a), v, t, s) for _, a, v, t, s in self.db.execute(sql, params)
        ]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
