"""PostgreSQL's statistics of the read models, sampled again after a bulk load (ANALYZE).

The planner chooses how to read a roll or a prefix sum by a table's statistics, which
autovacuum refreshes when it runs. It may run late (a rebuild's new tables are read the moment
they are flipped in), or not at all where it is switched off, as on our test and bench servers:
there every read-model table stayed "never analysed" for good, planned from guesses (one row
where a cell's roll has 67), and in-process reads of the bench province took a quarter to a
third more time (bench/RESULTS.md, section "Rolls from a covering index"). Sampling is cheap: a
fixed sample of rows per table, and it blocks neither readers nor writers.

SQLite plans without statistics unless ANALYZE wrote them once, and then keeps them stale:
nothing is done there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, Table, inspect


def sample(engine: Engine, tables: Iterable[Table]) -> list[str]:
    """ANALYZE the tables that exist, on PostgreSQL; returns the names sampled."""
    if engine.dialect.name != "postgresql":
        return []
    preparer = engine.dialect.identifier_preparer
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        names = [t.name for t in tables if t.name in present]
        for name in names:
            conn.exec_driver_sql(f"ANALYZE {preparer.quote(name)}")
        conn.commit()
    return names
