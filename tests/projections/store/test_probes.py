"""Rows for many keys at once (projections/store/probes.py): exactly the keys' rows, in the
order asked, and on PostgreSQL one index probe per key even when the planner's statistics say
each key is half the table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, select, text

from projections.store.engine import engines_for
from projections.store.probes import KEYS, per_key
from services.config import Settings

ROWS = [(key, position, f"{key}{position}") for key in "abcdef" for position in (3, 1, 2)]


@pytest.fixture
def table(settings: Settings) -> Iterator[tuple[Any, Table]]:
    engine = engines_for(settings).write
    metadata = MetaData()
    t = Table(
        "probe_test",
        metadata,
        Column("k", String(32), nullable=False),
        Column("position", Integer, nullable=False),
        Column("v", String(40)),
        Index("ix_probe_test", "k", "position"),
    )
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"k": k, "position": p, "v": v} for k, p, v in ROWS])
    yield engine, t
    metadata.drop_all(engine)


def test_the_rows_of_the_keys_asked_come_in_the_order_asked(table: tuple[Any, Table]) -> None:
    engine, t = table
    query = per_key(engine.dialect.name, select(t.c.k, t.c.position, t.c.v), t.c.k, ["position"])

    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(query, {KEYS: ["e", "b", "nobody"]})]

    assert [row[1] for row in rows] == [1, 1, 2, 2, 3, 3]
    assert sorted(rows) == sorted(row for row in ROWS if row[0] in {"b", "e"})


@pytest.mark.backend("postgresql")
def test_a_limit_holds_for_each_key_on_postgresql(table: tuple[Any, Table]) -> None:
    engine, t = table
    last = select(t.c.k, t.c.position).order_by(t.c.position.desc()).limit(1)

    with engine.connect() as conn:
        rows = set(conn.execute(per_key("postgresql", last, t.c.k), {KEYS: ["a", "c"]}))

    assert rows == {("a", 3), ("c", 3)}


@pytest.mark.backend("postgresql")
def test_each_key_is_probed_on_a_large_table_the_planner_has_no_statistics_for(
    table: tuple[Any, Table],
) -> None:
    engine, t = table
    keys = [f"k{n}" for n in range(500)]
    plain = select(t.c.k, t.c.v).where(t.c.k.in_(keys))
    probed = per_key("postgresql", select(t.c.k, t.c.v), t.c.k)
    with engine.begin() as conn:
        # What a bulk load leaves when autovacuum has not run: many rows, no statistics.
        conn.execute(text("ALTER TABLE probe_test SET (autovacuum_enabled = false)"))
        conn.execute(
            text(
                "INSERT INTO probe_test (k, position, v) "
                "SELECT 'k' || (n % 50000), n, 'x' FROM generate_series(1, 200000) AS n"
            )
        )
        plans = {}
        for name, query in (("plain", plain), ("probed", probed)):
            compiled = query.compile(conn, compile_kwargs={"render_postcompile": True})
            params = {**compiled.params, KEYS: keys} if name == "probed" else compiled.params
            rows = conn.exec_driver_sql(f"EXPLAIN {compiled}", params)
            plans[name] = "\n".join(row[0] for row in rows)

    assert "Seq Scan on probe_test" in plans["plain"], plans["plain"]  # what IN does there
    assert "Seq Scan on probe_test" not in plans["probed"], plans["probed"]
    assert "Nested Loop" in plans["probed"] and "Hash" not in plans["probed"], plans["probed"]
