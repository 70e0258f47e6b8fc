"""Where a read stands, in one query: the log's head, each active projection's position and the
users' version (issue 12, item 3).

A GET asks three things before it answers: whom the caller's token or session resolves to
(the accounts cached by worker are valid only at the users' version they were resolved at),
how far the projections stand behind the log (web/freshness.py), and so which answers kept by
the worker are still current (web/answer_cache.py). Read one by one they cost three connection
checkouts and a dozen round trips; here they are one statement: one snapshot, one round trip.
All three tables live in the one database.

On PostgreSQL a `PositionReader` keeps a small pool of its own (two connections per process)
that does not ping a connection before handing it out, as the event store's pool does: the
ping would double the round trips of a read answered from the cache. A connection that died
meanwhile fails the one query, which falls back as below, and the pool drops it. On SQLite
each thread keeps one connection of its own in autocommit: one statement is one read
transaction of the WAL, so it needs no BEGIN and ROLLBACK around it nor the event store's
pool and reader-writer interlock (16 us against 75 us per read, measured in process).

When the one query fails (a table not created yet, the database refusing a connection) the
answer is None: the callers then read each part on its own, as before, and those reads' errors
answer the request (503 when the database is busy).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from projections.store.schema import projection_state
from services.store.user_tables import VERSION_ROW, users_version_table

log = logging.getLogger(__name__)
HEAD = "@head"  # not a projection name: those are identifiers (projections.runner.PROJECTIONS)
USERS = "@users"


@dataclass(frozen=True)
class Positions:
    """`head`: the log's last position; `projections`: each active projection's position;
    `users_version`: the accounts' version (services.store.users); `trees`: each active
    projection's (generation, structure), the key of the organization tree a read keeps
    (projections.reading.base), so a write's access check knows its kept tree is current."""

    head: int
    projections: Mapping[str, int]
    users_version: int
    trees: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def statement(dialect: str, events_table: str, schema: str = "public") -> str:
    """The one query: (name, value, generation, structure) rows for the users' version, the
    head and each projection (the last two are 0 on the first two rows)."""
    events = events_table if dialect == "sqlite" else f'"{schema}"."{events_table}"'
    last = "rowid" if dialect == "sqlite" else "notification_id"
    return (
        f"SELECT '{USERS}' AS name, version AS value, 0 AS generation, 0 AS structure "
        f"FROM {users_version_table.name} WHERE id = {VERSION_ROW} "
        f"UNION ALL SELECT '{HEAD}', COALESCE(MAX({last}), 0), 0, 0 FROM {events} "
        f"UNION ALL SELECT name, position, generation, structure "
        f"FROM {projection_state.name} WHERE active"
    )


def read_positions(registry: Any) -> Positions | None:
    """The positions as one snapshot, read once through a reader of its own (a command or a
    test; a server process keeps its `PositionReader`), or None when the one query fails."""
    reader = PositionReader(registry)
    try:
        return reader.read()
    finally:
        reader.close()


def _positions(rows: Sequence[Sequence[Any]]) -> Positions | None:
    """From the one query's rows, by position: (name, value, generation, structure). Plain
    tuples, since building a dict per row cost a tenth of a cached GET on PostgreSQL."""
    values = {str(row[0]): int(row[1]) for row in rows}
    if USERS not in values or HEAD not in values:
        return None
    users = values.pop(USERS)
    head = values.pop(HEAD)
    trees = {str(row[0]): (int(row[2]), int(row[3])) for row in rows if row[0] in values}
    return Positions(head, values, users, trees)


class PositionReader:
    """The positions reader of one process: on PostgreSQL a pool of `size` connections without
    the ping on checkout; on SQLite one autocommit connection per thread."""

    def __init__(self, registry: Any, size: int = 2, wait: float = 2.0) -> None:
        self.registry = registry
        self.pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] | None = None
        self._threads = threading.local()  # SQLite: each thread's own connection
        if registry.settings.dialect == "sqlite":
            self.sql = statement("sqlite", registry.recorder.events_table_name)
            self.path = registry.settings.sqlite_path
        else:
            recorder = registry.recorder
            self.sql = statement(
                "postgresql", recorder.events_table_name, recorder.datastore.schema
            )
            url = registry.settings.sqlalchemy_url().replace("+psycopg", "", 1)
            self.pool = ConnectionPool(
                url,
                min_size=1,
                max_size=size,
                timeout=wait,  # a busy pool: the parts are read one by one instead
                num_workers=1,
                kwargs={"autocommit": True},
                name="sodang-positions",
                open=True,
            )

    def read(self) -> Positions | None:
        """The positions as one snapshot, or None when the one query fails."""
        if self.pool is None:
            return self._read_sqlite()
        try:
            with self.pool.connection() as conn:
                rows = conn.execute(self.sql).fetchall()
        except (psycopg.Error, PoolTimeout):
            log.debug("positions not readable in one query; reading them one by one", exc_info=True)
            return None
        return _positions(rows)

    def _read_sqlite(self) -> Positions | None:
        conn: sqlite3.Connection | None = getattr(self._threads, "conn", None)
        try:
            if conn is None:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
                conn.execute("PRAGMA query_only = ON")
                self._threads.conn = conn
            rows = conn.execute(self.sql).fetchall()
        except sqlite3.Error:
            log.debug("positions not readable in one query; reading them one by one", exc_info=True)
            self._drop_sqlite()
            return None
        return _positions(rows)

    def _drop_sqlite(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._threads, "conn", None)
        self._threads.conn = None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Close the pool (PostgreSQL) or this thread's connection (SQLite; the other threads'
        close with their thread or this reader)."""
        if self.pool is not None:
            self.pool.close()
        else:
            self._drop_sqlite()
