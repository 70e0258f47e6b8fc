"""The writers' locks: the gate every write holds, the retry queue, the opening lock.

Sổ Đảng's writers take turns in three places, each on both databases:

- the writers' gate: every write holds it shared, an import finishing after a conflict holds it
  alone (services/importing/run.py), so small writers cannot win every race against a large
  save; a shared holder waits at most GATE_WAIT seconds, then is told to try again;
- the retry queue: after a version conflict, writers retry one at a time (PostgreSQL), so a
  slow writer is not starved by faster ones; on SQLite the writers of a process take turns
  before they take a pooled connection;
- the opening lock: one process at a time creates the tables and triggers and turns on WAL.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from domain.errors import DomainError
from services.config import Settings

RETRY_LOCK = 727002  # advisory lock key: writers retrying after a conflict
WRITERS_GATE = 727003  # advisory lock key: shared by every write, exclusive for an import
OPENING_LOCK = 727004  # advisory lock key: a process creating the tables and triggers
GATE_WAIT = 20.0  # seconds a write waits for an import to finish before "try again"


class ConcurrencyError(DomainError):
    """Other writers kept changing the same streams; the command was not stored."""


class ImportRunning(ConcurrencyError):
    """An import held the writers' gate longer than a write may wait; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(
            f"an import is being stored; waited {GATE_WAIT:.0f} s, nothing was stored: try again"
        )


@contextmanager
def opening_lock(settings: Settings) -> Iterator[psycopg.Connection[Any] | None]:
    """One process at a time creates the tables, triggers and (SQLite) turns on WAL.

    Workers starting together on a new database otherwise race: SQLite's
    `PRAGMA journal_mode=WAL` needs the file alone and does not wait ("database is
    locked"); PostgreSQL's `CREATE TABLE IF NOT EXISTS` run twice at once fails on
    pg_type's unique index. PostgreSQL: an advisory lock; SQLite: a file lock beside it.
    Yields the PostgreSQL session holding the lock (autocommit), for the opener's own DDL
    (the triggers): a session of their own cost a new server process each registry opened.
    """
    if settings.dialect == "postgresql":
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (OPENING_LOCK,))
            try:
                yield conn
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (OPENING_LOCK,))
        return
    path = settings.sqlite_path.with_name(settings.sqlite_path.name + ".opening")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield None
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class WriterLocks:
    """One registry's (one process's) side of the writers' gate and the retry queue.

    `datastore` gives the recorder's pooled datastore (PostgreSQL), read when a lock is taken:
    the registry builds its recorder after these locks exist.
    """

    def __init__(self, settings: Settings, datastore: Callable[[], Any]) -> None:
        self.settings = settings
        self._datastore = datastore
        self._retry_lock = threading.Lock()
        self._sqlite_writer = threading.Lock()
        self._gate_mutex = threading.Lock()
        self._gate_holders = 0
        self._gate_conn: psycopg.Connection[Any] | None = None

    @contextmanager
    def one_writer(self) -> Iterator[None]:
        """On SQLite, this process's writers take turns before they take a connection.

        SQLite lets one writer in at a time anyway; waiting for its file lock, each writer
        would hold a pooled connection (15 at most, 5 s to get one), and sixteen threads
        writing at once left the last without a connection."""
        if self.settings.dialect != "sqlite":
            yield
            return
        with self._sqlite_writer:
            yield

    @contextmanager
    def retry_queue(self) -> Iterator[None]:
        if self.settings.dialect != "postgresql":
            # SQLite serialises writers on its file lock already.
            yield
            return
        # The threads of this process queue here first, holding no connection: were they to
        # wait for the advisory lock each on a pooled connection, the writer holding it could
        # find the pool empty and wait for them in turn (16 writers, 15 connections).
        with self._retry_lock, self._datastore().get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (RETRY_LOCK,))
            conn.commit()  # a session lock: not idle in a transaction (killed after 5 s)
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (RETRY_LOCK,))
                conn.commit()

    @contextmanager
    def writers_gate(self, exclusive: bool) -> Iterator[None]:
        """Shared by every write, exclusive for an import: no write commits during an import.

        PostgreSQL: a session advisory lock (shared: one per process). SQLite: a file lock beside
        the database (flock, one descriptor per holder, so threads exclude each other as
        processes do). A shared holder waits at most GATE_WAIT seconds (a web request must
        answer before gunicorn's timeout), then gets ConcurrencyError: nothing was stored.
        """
        if self.settings.dialect != "postgresql":
            with self._file_gate(exclusive):
                yield
            return
        if exclusive:
            with self._pg_gate_exclusive():
                yield
            return
        with self._pg_gate_shared():
            yield

    @contextmanager
    def _pg_gate_exclusive(self) -> Iterator[None]:
        with self._datastore().get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (WRITERS_GATE,))
            conn.commit()
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (WRITERS_GATE,))
                conn.commit()

    @contextmanager
    def _pg_gate_shared(self) -> Iterator[None]:
        """This process's writers share one session lock, on a connection of the gate's own.

        Each writer holding the lock on a pooled connection of its own while it needs a
        second one to commit emptied the pool with 16 threads writing at once (each held one,
        all waited for another). One shared holder per process needs no pooled connection.
        """
        with self._gate_mutex:
            if self._gate_holders == 0:
                try:
                    self._lock_shared(self._gate_connection())
                except psycopg.OperationalError:
                    # The server dropped the gate's idle session (a restart, an
                    # administrator): psycopg learns it on first use. One new session.
                    self._gate_conn = None
                    self._lock_shared(self._gate_connection())
            self._gate_holders += 1
        try:
            yield
        finally:
            with self._gate_mutex:
                self._gate_holders -= 1
                if self._gate_holders == 0 and self._gate_conn is not None:
                    try:
                        self._gate_conn.execute(
                            "SELECT pg_advisory_unlock_shared(%s)", (WRITERS_GATE,)
                        )
                    except psycopg.OperationalError:
                        # The session is gone, and its lock with it.
                        self._gate_conn = None

    @staticmethod
    def _lock_shared(conn: psycopg.Connection[Any]) -> None:
        try:
            conn.execute("SELECT pg_advisory_lock_shared(%s)", (WRITERS_GATE,))
        except psycopg.errors.LockNotAvailable:
            raise ImportRunning() from None

    def _gate_connection(self) -> psycopg.Connection[Any]:
        if self._gate_conn is None or self._gate_conn.closed:
            conn = psycopg.connect(self.settings.database_url, autocommit=True)
            # The gate's own session waits only for the gate: its bound is set once, not
            # set and reset around every batch's lock (two round trips of each batch).
            conn.execute(f"SET lock_timeout = {int(GATE_WAIT * 1000)}")
            self._gate_conn = conn
        return self._gate_conn

    def close(self) -> None:
        if self._gate_conn is not None:
            self._gate_conn.close()
            self._gate_conn = None

    def writers_in(self) -> bool:
        """Whether a write holds the writers' gate now: on SQLite a runner going on batch after
        batch then leaves it its turn at the database's one write lock (projections.store.
        engine.Turns). Always False on PostgreSQL, whose writers never wait for the
        projections' batches."""
        if self.settings.dialect == "postgresql":
            return False
        try:
            with self._gate_path().open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(handle, fcntl.LOCK_UN)
                return False
        except OSError:
            return True  # not known: the turn is given

    def _gate_path(self) -> Path:
        return self.settings.sqlite_path.with_name(self.settings.sqlite_path.name + ".gate")

    @contextmanager
    def _file_gate(self, exclusive: bool) -> Iterator[None]:
        with self._gate_path().open("a") as handle:
            if exclusive:
                fcntl.flock(handle, fcntl.LOCK_EX)
            else:
                deadline = time.monotonic() + GATE_WAIT
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise ImportRunning() from None
                        time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
