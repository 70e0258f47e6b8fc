"""The working set of one import, on disk: the events not yet stored and the lines applied.

An import is one transaction for the whole file, so nothing it produces can be stored before
its end. Kept in memory, a 40,000-line file took 589 MB; here the events produced so far wait
in a private SQLite file as they will be stored (mapped, encrypted if the store is), and the
aggregates they belong to leave memory. What stays: the organizations the file touches (their
rolls are what the rules check) and the current chunk of lines. The file also keeps the
version of each aggregate when first read, to rebuild one that left memory at that version.
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
CREATE TABLE lines (line INTEGER PRIMARY KEY, replayed INTEGER NOT NULL);
CREATE TABLE loaded (agg BLOB PRIMARY KEY, version INTEGER) WITHOUT ROWID;
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

    # -- lines -------------------------------------------------------------------------

    def note_line(self, line: int, replayed: bool) -> None:
        self.db.execute("INSERT OR REPLACE INTO lines VALUES (?, ?)", (line, int(replayed)))

    def replayed(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM lines WHERE replayed").fetchone()[0])

    def lines(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM lines").fetchone()[0])


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
