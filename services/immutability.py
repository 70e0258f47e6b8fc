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
        PG_FUNCTION,
        f"CREATE OR REPLACE TRIGGER sodang_events_immutable BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sodang_refuse_event_change()",
        f"CREATE OR REPLACE TRIGGER sodang_events_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION sodang_refuse_event_change()",
    ]


SQLITE_STATEMENTS = [
    "CREATE TRIGGER IF NOT EXISTS sodang_events_no_update BEFORE UPDATE ON stored_events "
    "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS sodang_events_no_delete BEFORE DELETE ON stored_events "
    "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: DELETE refused'); END",
]


def install(settings: Settings, events_table: str) -> None:
    """Install the triggers (idempotent); called by `sodang init` and at start-up."""
    if settings.dialect == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            for statement in SQLITE_STATEMENTS:
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
        exists = conn.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'sodang_events_immutable' "
            "AND tgrelid = %s::regclass",
            (events_table,),
        ).fetchone()
        if exists:
            return
        # Serialise concurrent installers (several workers starting at once).
        conn.execute("SELECT pg_advisory_lock(727001)")
        try:
            for statement in pg_statements(events_table):
                conn.execute(statement)
        finally:
            conn.execute("SELECT pg_advisory_unlock(727001)")
