"""Plain connections to the event store for the integrity tools (verify, checkpoints, init)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.config import Settings
from services.integrity.leaves import Dialect


def events_table(settings: Settings) -> str:
    return "stored_events" if settings.dialect == "sqlite" else "registry_events"


def snapshots_table(settings: Settings) -> str:
    return "stored_snapshots" if settings.dialect == "sqlite" else "registry_snapshots"


def dialect(settings: Settings) -> Dialect:
    return Dialect(settings.dialect, events_table(settings))


@contextmanager
def reading(settings: Settings) -> Iterator[Any]:
    """A cursor in one read transaction: every query sees the same state of the log."""
    if settings.dialect == "sqlite":
        conn = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            cursor = conn.cursor()
            cursor.execute("BEGIN")
            yield cursor
            conn.rollback()
        finally:
            conn.close()
        return
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(settings.database_url, row_factory=dict_row) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with conn.cursor() as cursor:
            yield cursor
        conn.rollback()


@contextmanager
def writing(settings: Settings) -> Iterator[Any]:
    """A cursor in one write transaction holding the log's write lock (as the recorders do)."""
    if settings.dialect == "sqlite":
        conn = sqlite3.connect(settings.sqlite_path, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            cursor = conn.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            conn.close()
        return
    import psycopg
    from psycopg.rows import dict_row

    with (
        psycopg.connect(settings.database_url, row_factory=dict_row) as conn,
        conn.transaction(),
        conn.cursor() as cursor,
    ):
        cursor.execute(f"LOCK TABLE {events_table(settings)} IN EXCLUSIVE MODE")
        yield cursor
