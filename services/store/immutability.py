"""Database-level refusal to alter stored events: UPDATE, DELETE and TRUNCATE raise.

The triggers are installed on a table only while it is fresh (empty and without any of them).
A missing trigger on a table that holds data, or one disabled on PostgreSQL (`tgenabled = 'D'`),
is evidence that someone went around them: it is reported as a tamper alarm and left as found,
never quietly repaired, until an operator acknowledges it (`sodang init --acknowledge REASON`),
which reinstalls the triggers and writes the acknowledgement to the witness directory.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from services.config import Settings

log = logging.getLogger("sodang.tamper")
PG_LOCK = 727001  # advisory lock key: serialises concurrent installers

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sodang_refuse_event_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stored events are immutable: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


@dataclass(frozen=True)
class TriggerAlarm:
    """A protection trigger missing from, or disabled on, a table that holds data."""

    table: str
    trigger: str
    state: str  # "missing" or "disabled"

    def __str__(self) -> str:
        return f"trigger {self.trigger} on {self.table} is {self.state}"


def pg_statements(table: str) -> dict[str, str]:
    return {
        "sodang_events_immutable": "CREATE OR REPLACE TRIGGER sodang_events_immutable BEFORE "
        f"UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION sodang_refuse_event_change()",
        "sodang_events_no_truncate": "CREATE OR REPLACE TRIGGER sodang_events_no_truncate BEFORE "
        f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION sodang_refuse_event_change()",
    }


def sqlite_statements(table: str) -> dict[str, str]:
    return {
        f"sodang_{table}_no_update": f"CREATE TRIGGER IF NOT EXISTS sodang_{table}_no_update "
        f"BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: UPDATE refused'); END",
        f"sodang_{table}_no_delete": f"CREATE TRIGGER IF NOT EXISTS sodang_{table}_no_delete "
        f"BEFORE DELETE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'stored events are immutable: DELETE refused'); END",
    }


def install(
    settings: Settings,
    *tables: str,
    acknowledged: str | None = None,
    session: psycopg.Connection[Any] | None = None,
) -> list[TriggerAlarm]:
    """Install the triggers on fresh tables; report (and keep) missing or disabled ones.

    Snapshots and seals are protected too: reads start from the latest snapshot, and the seals
    are what `sodang verify` compares the events with. With `acknowledged`, the operator has
    seen the alarms: the triggers are reinstalled and the acknowledgement recorded. PostgreSQL:
    on `session` (an autocommit connection, the opening lock's) when given, else on its own.
    """
    if settings.dialect == "sqlite":
        alarms = _sqlite(settings, tables, repair=acknowledged is not None)
    else:
        repair = acknowledged is not None
        if session is None:
            with psycopg.connect(settings.database_url, autocommit=True) as conn:
                alarms = _postgres(conn, tables, repair)
        else:
            alarms = _postgres(session, tables, repair)
    if alarms and acknowledged is not None:
        record_acknowledgement(settings, alarms, acknowledged)
        return []
    for alarm in alarms:
        log.error("TAMPER ALARM: %s", alarm)
    return alarms


def _sqlite(settings: Settings, tables: Sequence[str], repair: bool) -> list[TriggerAlarm]:
    alarms: list[TriggerAlarm] = []
    with sqlite3.connect(settings.sqlite_path, timeout=30) as conn:
        present = {
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        for table in tables:
            statements = sqlite_statements(table)
            missing = [name for name in statements if name not in present]
            fresh = len(missing) == len(statements) and _empty(conn, table)
            for name in missing:
                if not fresh:
                    alarms.append(TriggerAlarm(table, name, "missing"))
                if fresh or repair:
                    conn.execute(statements[name])
    return alarms


def _empty(conn: Any, table: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None


def _postgres(
    conn: psycopg.Connection[Any], tables: Sequence[str], repair: bool
) -> list[TriggerAlarm]:
    alarms: list[TriggerAlarm] = []
    conn.execute("SELECT pg_advisory_lock(%s)", (PG_LOCK,))
    try:
        for table in tables:
            present = dict(
                conn.execute(
                    "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass "
                    "AND tgname LIKE 'sodang%%'",
                    (table,),
                ).fetchall()
            )
            statements = pg_statements(table)
            missing = [name for name in statements if name not in present]
            disabled = [name for name, state in present.items() if state == "D"]
            fresh = len(missing) == len(statements) and _empty(conn, table)
            if not fresh:
                alarms += [TriggerAlarm(table, name, "missing") for name in missing]
                alarms += [TriggerAlarm(table, name, "disabled") for name in disabled]
            if fresh or repair:
                conn.execute(PG_FUNCTION)
                for name in missing:
                    conn.execute(statements[name])
                for name in disabled:
                    conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (PG_LOCK,))
    return alarms


def record_acknowledgement(settings: Settings, alarms: Sequence[TriggerAlarm], reason: str) -> None:
    """Append who-knows-what to the witness directory: the alarm is not erased by the repair."""
    settings.witness_dir.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with (settings.witness_dir / "alarms.log").open("a") as out:
        for alarm in alarms:
            out.write(f"{moment}\tacknowledged\t{alarm}\t{reason}\n")
    for alarm in alarms:
        log.warning("tamper alarm acknowledged and trigger reinstalled: %s (%s)", alarm, reason)
