"""The PostgreSQL event recorder, able to store large transactions in bounded memory.

The library inserts a whole save as one statement in psycopg's pipeline mode; measured here,
a save of more than about 5 MB of events then stalls forever. Large saves (a whole import
file, a province-wide reorganization) are written instead as several INSERT statements of
bounded size, outside pipeline mode, still in ONE transaction under the same table lock, so
the log keeps its order and the save stays all-or-nothing.

The events are read from `stored_events` one chunk at a time (an import hands a sequence
that pages them in from its staging file) and each chunk is finished, sealed included, before
the next is read: what the save holds is one chunk, not the file (issue 10 item 12).

A chunk goes in by binary COPY, not the library's INSERT of an array of composite values:
psycopg builds that array in Python, value by value (a tenth of an import's CPU, profiled on
6,000 lines), and the server parses it again. COPY returns no positions, so the chunk's
positions are drawn from the table's sequence first, under the table lock the save holds:
no other writer draws between them, and the chunk's events get them in order, as the INSERT
gave them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier, Literal

CHUNK = 1000  # events per INSERT statement
# The pool sets 5 s on every session (the library's default), so a stuck client cannot hold
# the table lock. Between two chunks the client reads the next one and seals the last; on a
# loaded machine that gap passed 5 s and the server ended a 40,000-line import mid-save
# (measured before the chunks were streamed: IdleInTransactionSessionTimeout, load average
# 12 on 2 cores). The chunked save allows 60 s, in its own transaction only.


def chunks(events: Iterable[StoredEvent], size: int = CHUNK) -> Iterator[list[StoredEvent]]:
    """The events in lists of `size`, reading them in order only once (no slicing: a paged
    sequence would rescan its source for each slice)."""
    chunk: list[StoredEvent] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ChunkingPostgresRecorder(PostgresApplicationRecorder):
    """Small saves as the library does them; large ones in chunks, in one transaction."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if len(stored_events) <= CHUNK:
            return super().insert_events(stored_events, **kwargs)
        notification_ids: list[int] = []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            curs.execute("SET LOCAL idle_in_transaction_session_timeout = '60s'")
            self._lock_table(curs)
            self._notify_channel(curs)
            for chunk in chunks(stored_events):
                ids = self._copy_chunk(curs, chunk)
                self._after_chunk(curs, chunk, ids)
                notification_ids.extend(ids)
        return notification_ids

    def _copy_chunk(self, curs: Any, chunk: list[StoredEvent]) -> list[int]:
        """Store one chunk by binary COPY at positions drawn first (the table lock is held)."""
        table = Identifier(self.datastore.schema, self.events_table_name)
        curs.execute(
            SQL(
                "SELECT nextval(pg_get_serial_sequence({}, 'notification_id')) AS id "
                "FROM generate_series(1, %s)"
            ).format(Literal(f'"{self.datastore.schema}"."{self.events_table_name}"')),
            (len(chunk),),
        )
        ids = sorted(row["id"] for row in curs.fetchall())
        copy_sql = SQL(
            "COPY {} (originator_id, originator_version, topic, state, notification_id) "
            "FROM STDIN (FORMAT BINARY)"
        ).format(table)
        with curs.copy(copy_sql) as copy:
            copy.set_types([self.datastore.originator_id_type, "int8", "text", "bytea", "int8"])
            for event, position in zip(chunk, ids, strict=True):
                copy.write_row(
                    (
                        event.originator_id,
                        event.originator_version,
                        event.topic,
                        event.state,
                        position,
                    )
                )
        return ids

    def _after_chunk(self, curs: Any, chunk: list[StoredEvent], ids: list[int]) -> None:
        """Called in the chunked save's transaction after each chunk (sealing hooks in)."""
