"""Issue 12 item 5: what one imported event costs to keep on PostgreSQL, by table.

A synthetic province is loaded with every projection attached (as the demo and the import
run), then the database's tables are measured with `pg_total_relation_size` (heap, indexes and
TOAST). The figures feed deploy/SCALING.md: bytes per imported event, split between the log
(events, their sealed leaves, snapshots) and the read models, beside the load's own rate.
"""

from __future__ import annotations

from collections.abc import Callable

from bench import report
from bench.core import Databases, _load
from bench.pg_tables import measure
from bench.province import generate


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
