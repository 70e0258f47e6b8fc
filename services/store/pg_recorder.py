"""The PostgreSQL event recorder, able to store large transactions.

The library inserts a whole save as one statement in psycopg's pipeline mode; measured here,
a save of more than about 5 MB of events then stalls forever. Large saves (a whole import
file, a province-wide reorganization) are written instead as several INSERT statements of
bounded size, outside pipeline mode, still in ONE transaction under the same table lock, so
the log keeps its order and the save stays all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

CHUNK = 1000  # events per INSERT statement


class ChunkingPostgresRecorder(PostgresApplicationRecorder):
    """Small saves as the library does them; large ones in chunks, in one transaction."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if len(stored_events) <= CHUNK:
            return super().insert_events(stored_events, **kwargs)
        notification_ids: list[int] = []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            self._notify_channel(curs)
            for start in range(0, len(stored_events), CHUNK):
                chunk = stored_events[start : start + CHUNK]
                rows = [
                    self.construct_pg_stored_event(
                        e.originator_id, e.originator_version, e.topic, e.state
                    )
                    for e in chunk
                ]
                curs.execute(query=self.insert_events_statement, params=(rows,))
                notification_ids.extend(row["notification_id"] for row in curs.fetchall())
            self._after_chunks(curs, stored_events, notification_ids)
        return notification_ids

    def _after_chunks(
        self, curs: Any, stored_events: Sequence[StoredEvent], ids: list[int]
    ) -> None:
        """Called in the chunked save's transaction, after its last chunk (sealing hooks in)."""
