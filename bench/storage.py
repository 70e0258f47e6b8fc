"""Issue 12 item 5: what one imported event costs to keep on PostgreSQL, by table.

A synthetic province is loaded with every projection attached (as the demo and the import
run), then the database's tables are measured with `pg_total_relation_size` (heap, indexes and
TOAST). The figures feed deploy/SCALING.md: bytes per imported event, split between the log
(events, their sealed leaves, snapshots) and the read models, beside the load's own rate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench import report
from bench.core import Databases, _load
from bench.province import generate

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
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")  # reltuples is an estimate until the tables are analysed
        tables = [TableSize(n, int(s), max(int(r), 0)) for n, s, r in conn.execute(SIZES)]
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return tables, int(row[0]) if row else 0


def main(scale: float, seed: int, say: Callable[[str], None] = print) -> int:
    started = report.now()
    province = generate(scale, seed)
    events = len(province.events)
    dbs = Databases("postgresql")
    try:
        url = dbs.url("storage")
        say(f"[postgresql] load {events:,} events with the projections attached")
        registry, seconds = _load(url, province, True, say)
        stored = int(registry.max_position())
        tables, database = measure(url)
    finally:
        dbs.close()
    log = sum(t.size for t in tables if t.is_log)
    models = sum(t.size for t in tables if not t.is_log)
    rows = [
        [t.name, f"{t.size / 1e6:,.2f}", f"{t.rows:,}", f"{t.size / events:,.0f}"]
        for t in tables
        if t.size >= 100_000
    ]
    text = "\n\n".join(
        [
            "## Storage: bytes per imported event on PostgreSQL (issue 12, item 5)",
            report.facts(report.command_line(), started, report.machine(), report.versions()),
            f"Scale {scale}: {len(province.orgs):,} organizations, {events:,} imported events, "
            f"{stored:,} stored records in the log; loaded with the projections attached in "
            f"{seconds:,.1f} s ({events / seconds:,.0f} events/s).",
            report.table(["table", "MB", "rows", "bytes per imported event"], rows),
            report.table(
                ["part", "MB", "bytes per imported event"],
                [
                    [
                        "the log (events, sealed leaves, snapshots, seals)",
                        f"{log / 1e6:,.1f}",
                        f"{log / events:,.0f}",
                    ],
                    [
                        "read models (figures, quotas, dossiers, state)",
                        f"{models / 1e6:,.1f}",
                        f"{models / events:,.0f}",
                    ],
                    [
                        "the whole database (catalogs included)",
                        f"{database / 1e6:,.1f}",
                        f"{database / events:,.0f}",
                    ],
                ],
            ),
            "deploy/SCALING.md multiplies these by a province's and the nation's events.",
        ]
    )
    say(text)
    report.write_section("storage", text)
    return 0
