"""Rows for many keys at once, read as one index probe per key whatever PostgreSQL believes.

The projections read in bulk when a restructuring recomputes thousands of members: their
entries and stored contributions (500 members a statement), the members on the rolls of the
organizations moved, the running totals those organizations stand at. Written as `column IN
(500 values)`, PostgreSQL plans from its statistics; on tables it has none for (a bulk load on a
server whose autovacuum has not run, as on these machines) it takes each value to match half a
percent of the table, 500 of them the whole table, and reads all of it: 470 ms for 500 stored
contributions out of 347,000 rows, 280 ms for their entries out of 1.1 million, where the index
answers in a few (EXPLAIN ANALYZE on the province-scale reform; bench/RESULTS.md, "Bulk reads
of the read models"). A province's reform asks that about 2,000 times.

On PostgreSQL the keys are unnested and each is looked up in a LATERAL subquery; its OFFSET 0
keeps it a subquery, which the planner may not flatten into a join that hashes the whole table
(services/store/bulk_reads.py reads the event store the same way). SQLite plans `IN` as one
index seek per value already, and keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Text, bindparam, func, select, true

KEYS = "keys"  # the name of the bound list of keys: execute with {KEYS: [...]}


def per_key(
    dialect: str, query: Select[Any], column: ColumnElement[Any], order_by: Sequence[str] = ()
) -> Select[Any]:
    """`query` restricted to the rows whose `column` is one of the keys bound as KEYS, ordered
    by the named columns of its result. `query` may order and limit: on PostgreSQL that holds
    for each key (the last row of each, say); on SQLite, where the keys are one IN, the caller
    asks such a query key by key or in a form of its own."""
    if dialect != "postgresql":
        query = query.where(column.in_(bindparam(KEYS, expanding=True)))
        return query.order_by(*(query.selected_columns[name] for name in order_by))
    asked = (
        func.unnest(bindparam(KEYS, type_=ARRAY(Text)))
        .table_valued("key")
        .render_derived(name="asked")
    )
    each = query.where(column == asked.c.key).offset(0).lateral("each")
    return (
        select(each)
        .select_from(asked)
        .join(each, true())
        .order_by(*(each.c[name] for name in order_by))
    )
