"""The event store's PostgreSQL sessions never plan parallel workers nor compile with JIT
(services/store/pg_factory.py): the library's read of one aggregate stays a plain scan,
whatever the planner believes of the table."""

from __future__ import annotations

from typing import Any

import pytest

# What a large table without statistics looks like to the planner, made cheap to reach on a
# small one: parallel workers cost nothing and the index is out of the way.
PARALLEL_LOOKS_FREE = [
    "SET parallel_setup_cost = 0",
    "SET parallel_tuple_cost = 0",
    "SET min_parallel_table_scan_size = 0",
    "SET enable_indexscan = off",
    "SET enable_bitmapscan = off",
]


def first(row: Any) -> Any:
    """A row's first column: the registry's sessions give dicts, a plain connection tuples."""
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def plan_of_one_stream(conn: Any, table: str, stream: Any) -> str:
    """EXPLAIN of the library's read of one aggregate, on `conn`, as the planner is tempted."""
    with conn.cursor() as cursor:
        for statement in PARALLEL_LOOKS_FREE:
            cursor.execute(statement)
        cursor.execute(
            f"EXPLAIN SELECT * FROM public.{table} WHERE originator_id = %s "
            "ORDER BY originator_version",
            (stream,),
        )
        plan = "\n".join(first(row) for row in cursor.fetchall())
        for statement in PARALLEL_LOOKS_FREE:
            cursor.execute(f"RESET {statement.split()[1]}")
    return plan


@pytest.mark.backend("postgresql")
def test_reading_an_aggregate_never_starts_parallel_workers(registry, province, admit, raw_db):
    receipt, _ = admit(province.cell)
    table = registry.events_table

    with registry.recorder.datastore.get_connection() as conn:
        mine = plan_of_one_stream(conn, table, receipt.member_id)
    elsewhere = plan_of_one_stream(raw_db.conn, table, receipt.member_id)

    assert "Gather" in elsewhere, elsewhere  # a session with the server's defaults would
    assert "Gather" not in mine and "Parallel" not in mine, mine


@pytest.mark.backend("postgresql")
def test_the_event_stores_sessions_run_without_jit(registry):
    with registry.recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SHOW jit")
        (row,) = cursor.fetchall()

    assert first(row) == "off"
