"""One SQLAlchemy engine pair per process and database, created lazily (so after a fork), and the
projection lock taken in a write transaction (`LockedTransaction`).

SQLite: the `write` engine opens every transaction with BEGIN IMMEDIATE, which takes the
database's write lock at once: that is the projection lock (one runner at a time), and a reader
never sees half a batch. The `read` engine opens deferred transactions: a consistent snapshot
in WAL mode that never blocks writers. PostgreSQL: one engine; writers take an advisory lock.
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.exc import OperationalError


@runtime_checkable
class Database(Protocol):
    """What the engines need to know of the settings (services.config.Settings has it): the
    projections sit below the services and are handed these values, never the settings module."""

    @property
    def pool_size(self) -> int: ...  # read-only: a frozen Settings has it

    def sqlalchemy_url(self) -> str: ...


@dataclass(frozen=True)
class Engines:
    read: Engine
    write: Engine
    dialect: str


_engines: dict[tuple[str, int], Engines] = {}
_guard = threading.Lock()


def engines_for(settings: Database | str) -> Engines:
    """The engines of this process for the settings' database (URL for SQLAlchemy)."""
    url = settings if isinstance(settings, str) else settings.sqlalchemy_url()
    key = (url, os.getpid())
    with _guard:
        if key not in _engines:
            _engines[key] = _create(url, settings)
        return _engines[key]


def _create(url: str, settings: Database | str) -> Engines:
    if url.startswith("sqlite"):
        write = _sqlite_engine(url, "BEGIN IMMEDIATE")
        read = _sqlite_engine(url, "BEGIN")
        return Engines(read, write, "sqlite")
    size = 5 if isinstance(settings, str) else settings.pool_size
    # No JIT: the batch statements of the figures (a running total per metric over tens of
    # thousands of late deltas) cost enough for PostgreSQL to compile them, and compiling took
    # 1.6 s of a 3.2 s statement, again at every batch (bench/RESULTS.md, section "JSON, JIT
    # and rows fetched at once").
    engine = create_engine(
        url,
        pool_size=size,
        max_overflow=size * 2,
        pool_pre_ping=True,
        connect_args={"options": "-c jit=off"},
    )
    # Readers see one snapshot per query; writers keep READ COMMITTED under the advisory lock.
    read = engine.execution_options(isolation_level="REPEATABLE READ")
    return Engines(read, engine, "postgresql")


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start (pysqlite would not).
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


def lock_key(name: str) -> int:
    """A stable 63-bit advisory-lock key per projection name."""
    return 0x50D4_0000_0000 + zlib.crc32(f"sodang.projection.{name}".encode())


def take_lock(conn: Connection, dialect: str, name: str) -> None:
    """Hold the projection's lock until the transaction ends (waits while another holds it)."""
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})
    # SQLite: BEGIN IMMEDIATE already holds the database's write lock.


# SQLite has one writer at a time, and a writer kept waiting looks again only every 100 ms: a
# runner going on batch after batch left the others a few milliseconds a second, and at
# province scale a load's save gave up after its 30 s (bench/RESULTS.md, section "A
# province-scale load on SQLite"). After TURN_EVERY seconds of batches, while a write is in, a
# runner leaves the lock free for TURN_GAP, longer than one look.
TURN_EVERY = 1.0
TURN_GAP = 0.15


class Turns:
    """Gaps between a runner's batches for the writes waiting, on SQLite; `writers_in` says
    whether one is (services' registry: a write holds the writers' gate). With nobody writing
    (a rebuild at night, a bench) a runner takes no gap; on PostgreSQL never, since its writers
    do not wait for the projections' batches."""

    def __init__(self, dialect: str, writers_in: Callable[[], bool] | None) -> None:
        self.on = dialect == "sqlite"
        self.writers_in = writers_in or (lambda: True)
        self.since = time.monotonic()

    def between_batches(self) -> None:
        if self.on and time.monotonic() - self.since >= TURN_EVERY and self.writers_in():
            self.give_turn()

    def give_turn(self) -> None:
        time.sleep(TURN_GAP)
        self.since = time.monotonic()


class LockWaitTimedOut(Exception):
    """The projection's lock stayed taken past the caller's deadline."""


class LockedTransaction:
    """`with` block: a write transaction holding the projection's lock; with `until` (a
    time.monotonic() instant), waiting for the lock no later than then (PostgreSQL)."""

    def __init__(self, engines: Engines, name: str, until: float | None = None) -> None:
        self.engines, self.name, self.until = engines, name, until

    def __enter__(self) -> Connection:
        self.context = self.engines.write.begin()
        conn = self.context.__enter__()
        bounded = self.until is not None and self.engines.dialect == "postgresql"
        if bounded:
            wait = max(1, int((self.until - time.monotonic()) * 1000))  # type: ignore[operator]
            conn.execute(text(f"SET LOCAL lock_timeout = {wait}"))
        try:
            take_lock(conn, self.engines.dialect, self.name)
        except OperationalError as error:
            self.context.__exit__(type(error), error, error.__traceback__)
            if getattr(error.orig, "sqlstate", None) == "55P03":  # lock_not_available
                raise LockWaitTimedOut(self.name) from None
            raise
        if bounded:
            conn.execute(text("SET LOCAL lock_timeout = 0"))  # the batch itself is not bounded
        return conn

    def __exit__(self, *exc: Any) -> Any:
        return self.context.__exit__(*exc)


def bulk(
    conn: Connection,
    table: Table,
    columns: list[str],
    rows: list[tuple[Any, ...]],
    keys: list[str] | None = None,
) -> None:
    """Insert many rows straight through the driver (SQLAlchemy's per-row parameter handling
    costs more than the insert itself); with `keys` (the conflict target: the whole primary
    key), existing rows get the new values. A column left out that has a constant default (the
    province) gets it, as SQLAlchemy's own inserts would give it."""
    if not rows:
        return
    fixed = [
        (c.name, c.default.arg)  # type: ignore[attr-defined]
        for c in table.columns
        if c.name not in columns and c.default is not None and c.default.is_scalar
    ]
    if fixed:
        columns = [*columns, *(name for name, _ in fixed)]
        values = tuple(value for _, value in fixed)
        rows = [(*row, *values) for row in rows]
    dialect = conn.dialect.name
    names = ", ".join(columns)
    if dialect == "postgresql" and len(rows) > 20:
        # COPY is several times faster than executemany; same connection, same transaction.
        # Upserts go through a session-local staging table emptied at every commit.
        target = table.name
        if keys:
            target = f"staging_{table.name}"
            conn.exec_driver_sql(
                f"CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {table.name}) "
                "ON COMMIT DELETE ROWS"
            )
            conn.exec_driver_sql(f"DELETE FROM {target}")
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if keys:
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
            conn.exec_driver_sql(
                f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {target} "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
            )
        return
    mark = "?" if dialect == "sqlite" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    if keys:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
        sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    conn.exec_driver_sql(sql, rows)
