"""The event store's PostgreSQL sessions: planned as the point lookups they are.

The library reads one aggregate with `SELECT * FROM registry_events WHERE originator_id = $1
ORDER BY originator_version`. On a table PostgreSQL has no statistics for (a bulk load on a
server whose autovacuum has not run, as on these machines), the planner guesses about 70,000
events per aggregate and, past a million events, plans a parallel bitmap scan with a Gather
Merge and JIT: 40-100 ms for the one or few rows it finds, against 0.06 ms as the index scan
it becomes without parallel workers (EXPLAIN ANALYZE on the 1.56M-event province of
`python -m bench reform`; bench/RESULTS.md, "The event store's sessions"). A province-scale
load read its aggregates at that pace: 55 events/s instead of about 1,000.

Neither parallel workers nor JIT ever pays for this store's statements (lookups by stream and
version, reads by log position, inserts), so its sessions turn both off when they open, with the
connection's start-up options (no extra round trip). The read models keep their own settings
(projections/store/engine.py).
"""

from __future__ import annotations

from eventsourcing.persistence import Environment
from eventsourcing.postgres import PostgresFactory

SESSION_OPTIONS = "-c max_parallel_workers_per_gather=0 -c jit=off"


class EventStoreFactory(PostgresFactory):
    """The library's PostgreSQL infrastructure, its sessions opened with SESSION_OPTIONS."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        # The pool opens lazily (on the first connection asked for), so every session it ever
        # opens, replacements included, is started with these options.
        self.datastore.pool.kwargs["options"] = SESSION_OPTIONS
