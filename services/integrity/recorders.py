"""Event recorders that seal every insert into the log's Merkle tree, in the same transaction.

Selected with APPLICATION_RECORDER_TOPIC (services/config.py). See services/integrity/leaves.py
for why sealing happens inside the insert transaction rather than in a follower.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from services.integrity.leaves import Dialect, Row, seal
from services.store.pg_recorder import CHUNK, ChunkingPostgresRecorder, chunks


def rows_of(stored_events: Sequence[StoredEvent], positions: Sequence[int]) -> list[Row]:
    return [
        Row(p, e.originator_id, e.originator_version, e.topic, e.state)  # type: ignore[arg-type]
        for e, p in zip(stored_events, positions, strict=True)
    ]


class SealingSQLiteRecorder(SQLiteApplicationRecorder):
    """SQLite: the file lock already makes this the only writer while it seals.

    A large save (an import) is inserted and sealed a chunk at a time in its one transaction,
    so the leaves' rows never hold the whole save's events at once (issue 10 item 12).
    """

    # Set False by the registry once the log has been checkpointed (see leaves.seal).
    backfill_allowed = True

    def __init__(self, datastore: Any, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name)
        self.dialect = Dialect("sqlite", events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), Dialect("sqlite", "").create]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if len(stored_events) <= CHUNK:
            return self._insert_and_seal(c, stored_events, **kwargs)
        positions: list[int] = []
        for chunk in chunks(stored_events):
            positions.extend(self._insert_and_seal(c, chunk, **kwargs) or ())
        return positions

    def _insert_and_seal(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            seal(c, self.dialect, rows_of(stored_events, positions), self.backfill_allowed)
        return positions


class SealingPostgresRecorder(ChunkingPostgresRecorder):
    """PostgreSQL: seals under the events table's EXCLUSIVE lock, small and chunked saves alike."""

    backfill_allowed = True

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.dialect = Dialect("postgresql", events_table_name)
        from psycopg.sql import SQL

        self.sql_create_statements.append(SQL(self.dialect.create))  # type: ignore[arg-type]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The library's small-save path, still inside its transaction and table lock.
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions:
            seal(curs, self.dialect, rows_of(stored_events, positions), self.backfill_allowed)
        return positions

    def _after_chunk(self, curs: Any, chunk: list[StoredEvent], ids: list[int]) -> None:
        seal(curs, self.dialect, rows_of(chunk, ids), self.backfill_allowed)
