"""`sodang verify` checks every stored snapshot's seal, as the registry does when loading one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from services.config import Settings
from services.integrity import checkpoints
from services.integrity.db import events_table, snapshots_table
from services.integrity.snapshots import SealSql, check
from services.integrity.verify import Report

BATCH = 1000


def audit_snapshots(cursor: Any, settings: Settings, report: Report) -> None:
    """Add a problem for every snapshot whose seal fails (named by its event's log position)."""
    sql = SealSql(settings.dialect, events_table(settings))
    keys = list(checkpoints.trusted_keys(settings).values())
    position = "rowid" if settings.dialect == "sqlite" else "notification_id"
    after: tuple[Any, int] | None = None
    while True:
        where = f"WHERE (originator_id, originator_version) > ({sql.p}, {sql.p}) " if after else ""
        cursor.execute(
            f"SELECT originator_id, originator_version, topic, state FROM "
            f"{snapshots_table(settings)} {where}ORDER BY originator_id, originator_version "
            f"LIMIT {BATCH}",
            after or (),
        )
        batch = cursor.fetchall()
        for record in batch:
            stored = StoredEvent(
                originator_id=UUID(str(record["originator_id"])),
                originator_version=int(record["originator_version"]),
                topic=record["topic"],
                state=bytes(record["state"]),
            )
            report.snapshots += 1
            reason = check(cursor, sql, stored, keys)
            if reason is not None:
                cursor.execute(
                    f"SELECT {position} AS position FROM {events_table(settings)} "
                    f"WHERE originator_id = {sql.p} AND originator_version = {sql.p}",
                    (sql.oid(stored.originator_id), stored.originator_version),
                )
                event = cursor.fetchone()
                report.add(
                    int(event["position"]) if event else None,
                    f"snapshot at version {stored.originator_version} of its stream is not "
                    f"trusted: {reason}",
                )
        if len(batch) < BATCH:
            return
        last = batch[-1]
        after = (last["originator_id"], int(last["originator_version"]))
