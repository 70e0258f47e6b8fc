"""Database-level refusal to alter stored events: UPDATE, DELETE and TRUNCATE raise."""

from __future__ import annotations

import sqlite3

import psycopg

from services.config import Settings

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sodang_refuse_event_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stored events are immutable: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def pg_statements(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE TRIGGER sodang_events_immutable BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sodang_refuse_event_change()",
        f"CREATE OR REPLACE TRIGGER sodang_events_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION sodang_refuse_event_change()",
    ]


def sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS sodang_{table}_no_update BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: UPDATE refused'); END",
        f"CREATE TRIGGER IF NOT EXISTS sodang_{table}_no_delete BEFORE DELETE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: DELETE refused'); END",
    ]


def install(settings: Settings, events_table: str, snapshots_table: str) -> None:
    """Install the triggers on events and snapshots (idempotent); at `sodang init` and start-up.

    Snapshots are protected too: reads start from the latest one, so a forged snapshot
    would change what the registry believes.
    """
    tables = (events_table, snapshots_table)
    if settings.dialect == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            for table in tables:
                for statement in sqlite_statements(table):
                    conn.execute(statement)
        return
    env = settings.eventsourcing_env()
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        installed = conn.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'sodang_events_immutable' "
            "AND tgrelid IN (%s::regclass, %s::regclass)",
            tables,
        ).fetchone()
        if installed and installed[0] == len(tables):
            return
        # Serialise concurrent installers (several workers starting at once).
        conn.execute("SELECT pg_advisory_lock(727001)")
        try:
            conn.execute(PG_FUNCTION)
            for table in tables:
                for statement in pg_statements(table):
                    conn.execute(statement)
        finally:
            conn.execute("SELECT pg_advisory_unlock(727001)")
