"""Running totals of late deltas across month and year ends (`fig_adj`), computed by the database.

A delta dated on day d and recorded on a later day r counts, for the past-day queries of
projections.store.bitemporal, at every boundary it crosses: each year end in [d, r), and each
month end of d's own year in [d, r). `fig_adj` keeps, per (organization, boundary), the running
total of those deltas in recording order.

A legacy roll makes this the largest write of the projection: an admission of 1990 recorded in
2015 crosses 25 year ends and the month ends of 1990 at each of its organization's ancestors,
about 100 running-total rows for one event, which cost half of the demo's figures rebuild when
Python built them one by one. Here Python writes the batch's late deltas (`fig_late`, one row
per organization and event, as before) and sums those that cross a month end per (organization,
day, recording day, instant); the database joins these to the boundaries they cross, sums them
per (organization, boundary, instant) and adds each key's running total with a window, in
three statements per batch.

The rows are the ones the one-by-one writer produced (tests/projections/counts/test_crossings.py checks them against their definition):
a row (org, boundary, t) holds every crossing delta of the org recorded at or before t. A
delta recorded before a key's last row (clocks of two workers a few ms apart, a rebuild meeting
the log out of recording order) also adds into that key's later rows, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    TextClause,
    text,
)

from projections.store.engine import bulk
from projections.store.metrics import METRICS
from projections.store.schema import FigureTables

# Boundaries from the first day anything can be dated to the last anything can be recorded on:
# the Party's founding in 1930 and this century's end, with margin on both sides.
FIRST_YEAR, LAST_YEAR = 1900, 2200
DELTAS = "temp_adj_deltas"  # the batch's crossing deltas, summed per key
YEAR_ENDS, MONTH_ENDS = "temp_year_ends", "temp_month_ends"
# The batch's crossing deltas, summed per (org, day, recording day, instant) by the router: the
# join reads these few rows, never `fig_late` itself (millions of rows at province scale).
BATCH = Table(
    "temp_crossing_batch",
    MetaData(),
    Column("org", Text),
    Column("day", Integer),
    Column("rec_day", Integer),
    Column("recorded_at", BigInteger),
    *(Column(m, Integer) for m in METRICS),
)


@lru_cache(maxsize=65_536)
def month_end(day: int) -> int:
    """The last day of the day's month: the first boundary a delta dated `day` can cross (a
    delta recorded by then crosses none, and most late entries are such)."""
    start = date.fromordinal(day)
    following = (
        date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    )
    return following.toordinal() - 1


def roll_over(
    conn: Connection, t: FigureTables, late: Sequence[tuple[Any, ...]], province: str
) -> None:
    """Add a batch's late deltas into `fig_adj`: rows (org, day, recording day, recorded_at,
    *metrics); rows that cross no boundary may be left out (they add nothing)."""
    dialect = conn.dialect.name
    _prepare(conn)
    conn.exec_driver_sql(f"DELETE FROM {BATCH.name}")
    conn.exec_driver_sql(f"DELETE FROM {DELTAS}")
    bulk(conn, BATCH, [c.name for c in BATCH.columns], list(late))
    conn.execute(_statement("gather", dialect, BATCH.name, t.adj.name))
    behind = conn.execute(_statement("behind", dialect, BATCH.name, t.adj.name)).all()
    insert = _statement("insert", dialect, BATCH.name, t.adj.name)
    conn.execute(insert, {"province": province})
    if behind:
        patch = _statement("patch", dialect, BATCH.name, t.adj.name)
        conn.execute(patch, [{"o": org, "b": boundary, "m": at} for org, boundary, at in behind])


@cache
def _statement(kind: str, dialect: str, late: str, adj: str) -> TextClause:
    metrics = ", ".join(METRICS)
    if kind == "gather":
        # Year ends crossed, and month ends of the delta's own year (before its year end).
        year_ends = f"JOIN {YEAR_ENDS} c ON c.b >= l.day AND c.b < l.rec_day"
        month_ends = (
            f"JOIN {MONTH_ENDS} c ON c.b >= l.day AND c.b < l.rec_day AND c.b < l.day + 366 "
            "AND c.year_start <= l.day"
        )
        if dialect == "sqlite":
            # Summed by the key's upsert into a table kept in key order: no sort of rows 27
            # columns wide, for the GROUP BY here nor for the window after (half the time).
            picked = ", ".join(f"l.{m}" for m in METRICS)
            added = ", ".join(f"{m} = {m} + excluded.{m}" for m in METRICS)
            return text(
                f"INSERT INTO {DELTAS} (org, boundary, recorded_at, {metrics}) "
                f"SELECT l.org, c.b, l.recorded_at, {picked} FROM {late} l {year_ends} "
                f"UNION ALL SELECT l.org, c.b, l.recorded_at, {picked} FROM {late} l {month_ends} "
                f"WHERE true ON CONFLICT (org, boundary, recorded_at) DO UPDATE SET {added}"
            )
        sums = ", ".join(f"sum(l.{m})" for m in METRICS)
        group = "GROUP BY l.org, c.b, l.recorded_at"
        return text(
            f"INSERT INTO {DELTAS} (org, boundary, recorded_at, {metrics}) "
            f"SELECT l.org, c.b, l.recorded_at, {sums} FROM {late} l {year_ends} {group} "
            f"UNION ALL SELECT l.org, c.b, l.recorded_at, {sums} FROM {late} l {month_ends} {group}"
        )
    if kind == "behind":
        # Keys that already hold a row recorded after the batch's first delta for them.
        return text(
            "SELECT k.org, k.boundary, k.m FROM (SELECT org, boundary, min(recorded_at) AS m "
            f"FROM {DELTAS} GROUP BY org, boundary) k WHERE EXISTS (SELECT 1 FROM {adj} a "
            "WHERE a.org = k.org AND a.boundary = k.boundary AND a.recorded_at > k.m)"
        )
    if kind == "insert":
        running = ", ".join(
            f"sum({m}) OVER (PARTITION BY org, boundary ORDER BY recorded_at) AS {m}"
            for m in METRICS
        )
        updates = ", ".join(f"{m} = excluded.{m}" for m in METRICS)
        deltas = f"(SELECT org, boundary, recorded_at, {running} FROM {DELTAS}) n"
        # Each delta adds to the key's row recorded last at or before it, as the table stood
        # before this batch.
        if dialect == "sqlite":
            # One seek per delta: in process, SQLite's seeks cost less than a join to keys.
            totals = ", ".join(f"n.{m} + COALESCE(o.{m}, 0)" for m in METRICS)
            before = (
                f"LEFT JOIN {adj} o ON o.rowid = (SELECT i.rowid FROM {adj} i WHERE "
                "i.org = n.org AND i.boundary = n.boundary AND i.recorded_at <= n.recorded_at "
                "ORDER BY i.recorded_at DESC LIMIT 1)"
            )
        else:
            totals, before = _before_per_key(adj)
        return text(
            f"INSERT INTO {adj} (org, boundary, recorded_at, {metrics}, province) "
            f"SELECT n.org, n.boundary, n.recorded_at, {totals}, CAST(:province AS TEXT) "
            f"FROM {deltas} {before} "
            # WHERE true: SQLite's upsert after a join needs a WHERE to parse.
            "WHERE true ON CONFLICT (org, boundary, recorded_at, province) "
            f"DO UPDATE SET {updates}"
        )
    # "patch": the key's rows recorded after a delta of this batch and not written by it.
    plus = ", ".join(f"{adj}.{m} + COALESCE(sum(n.{m}), 0)" for m in METRICS)
    return text(
        f"UPDATE {adj} SET ({metrics}) = (SELECT {plus} FROM {DELTAS} n "
        f"WHERE n.org = {adj}.org AND n.boundary = {adj}.boundary "
        f"AND n.recorded_at <= {adj}.recorded_at) "
        "WHERE org = :o AND boundary = :b AND recorded_at > :m AND recorded_at NOT IN "
        f"(SELECT recorded_at FROM {DELTAS} WHERE org = :o AND boundary = :b)"
    )


def _before_per_key(adj: str) -> tuple[str, str]:
    """PostgreSQL: the totals and the joins that find, for each delta, the key's row recorded
    last at or before it. Sought once per key, not once per delta (a batch holds three or four
    deltas per key, and the seeks were half of the statement): the key's last row is the one
    for all its deltas unless it was recorded after the first of them; only the deltas of such
    keys, behind the batch, seek again one by one."""
    picked = ", ".join(f"i.{m}" for m in METRICS)
    first = f"SELECT org, boundary, min(recorded_at) AS first FROM {DELTAS} GROUP BY org, boundary"
    latest = "ORDER BY i.recorded_at DESC LIMIT 1"
    keys = (
        f"SELECT k.org, k.boundary, k.first, l.* FROM ({first}) k LEFT JOIN LATERAL "
        f"(SELECT i.recorded_at AS at, {picked} FROM {adj} i "
        f"WHERE i.org = k.org AND i.boundary = k.boundary {latest}) l ON true"
    )
    joins = (
        f"JOIN ({keys}) b ON b.org = n.org AND b.boundary = n.boundary "
        f"LEFT JOIN LATERAL (SELECT {picked} FROM {adj} i WHERE b.at > b.first "
        "AND i.org = n.org AND i.boundary = n.boundary "
        f"AND i.recorded_at <= n.recorded_at {latest}) o ON true"
    )
    totals = ", ".join(
        f"n.{m} + COALESCE(CASE WHEN b.at > b.first THEN o.{m} ELSE b.{m} END, 0)" for m in METRICS
    )
    return totals, joins


def _prepare(conn: Connection) -> None:
    """The session's boundary tables (filled once), its batch and its deltas tables."""
    columns = ", ".join(f"{m} BIGINT NOT NULL" for m in METRICS)
    # PostgreSQL empties them at every commit, in place (a DELETE's dead rows would pile up:
    # temporary tables are never vacuumed).
    scratch = " ON COMMIT DELETE ROWS" if conn.dialect.name == "postgresql" else ""
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {BATCH.name} (org TEXT NOT NULL, day INTEGER NOT NULL, "
        "rec_day INTEGER NOT NULL, recorded_at BIGINT NOT NULL, "
        f"{columns}){scratch}"
    )
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {YEAR_ENDS} (b INTEGER PRIMARY KEY)")
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {MONTH_ENDS} "
        "(b INTEGER PRIMARY KEY, year_start INTEGER NOT NULL)"
    )
    # SQLite sums a key's deltas by upserting into it; PostgreSQL groups them as it gathers.
    key = ", PRIMARY KEY (org, boundary, recorded_at)" if not scratch else ""
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {DELTAS} (org TEXT NOT NULL, "
        f"boundary INTEGER NOT NULL, recorded_at BIGINT NOT NULL, {columns}{key})"
        + (scratch or " WITHOUT ROWID")
    )
    if conn.exec_driver_sql(f"SELECT 1 FROM {YEAR_ENDS} LIMIT 1").first():
        return
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    conn.exec_driver_sql(
        f"INSERT INTO {YEAR_ENDS} (b) VALUES ({mark})",
        [(date(y, 12, 31).toordinal(),) for y in years],
    )
    conn.exec_driver_sql(
        f"INSERT INTO {MONTH_ENDS} (b, year_start) VALUES ({mark}, {mark})",
        [
            (date(y, m + 1, 1).toordinal() - 1, date(y, 1, 1).toordinal())
            for y in years
            for m in range(1, 12)
        ],
    )
    if conn.dialect.name == "postgresql":
        # Temporary tables have no statistics until asked: without them the planner joined
        # each late row to every month end of three centuries (a second per batch of 8,000).
        conn.exec_driver_sql(f"ANALYZE {YEAR_ENDS}, {MONTH_ENDS}")
