"""The size of each table of a PostgreSQL database, split between the log and the read models.

Shared by `bench storage` (bytes per imported event after an attached load) and `bench core`
(the same after the write side's import and a rebuild), for deploy/SCALING.md.
"""

from __future__ import annotations

from dataclasses import dataclass

LOG_TABLES = ("registry_events", "log_leaves", "registry_snapshots", "snapshot_seals")

SIZES = """
SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY 2 DESC
"""


@dataclass(frozen=True)
class TableSize:
    name: str
    size: int  # bytes, heap + indexes + TOAST
    rows: int

    @property
    def is_log(self) -> bool:
        return self.name in LOG_TABLES


def measure(url: str) -> tuple[list[TableSize], int]:
    """Every public table's size and row estimate, and the whole database's bytes."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")  # reltuples is an estimate until the tables are analysed
        tables = [TableSize(n, int(s), max(int(r), 0)) for n, s, r in conn.execute(SIZES)]
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return tables, int(row[0]) if row else 0
