"""Figures as of a day (valid time) and as known at an instant (transaction time).

Every figure is P(A, K): the sum of deltas dated on or before day A and recorded at or before
instant K. The registry refuses effective dates after the recording day, so every delta has
day <= recording day; that gives two cases, each a handful of index seeks per organization:

* A >= day of K: every delta recorded by K is dated by A, so P = the running total in
  recording order at K (`fig_ledger`, one seek).
* A < day of K: P = ledger at the end of day A, plus the late deltas recorded after day A but
  by K and dated on or before A. Those are split by how far back they reach: deltas dated in
  an earlier year are the running totals of deltas crossing the previous year end
  (`fig_adj`, two seeks), those dated earlier in A's year cross the previous month end (two
  seeks), and the rest are dated within A's month: a short scan of `fig_late`.

Deltas dated after their recording day are only 30th birthdays of members (the under-30 share
of the roll); they live in `fig_early` and are added only by the queries that need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from sqlalchemy import Connection, Table, TextClause, bindparam, text

from projections.schema import FigureTables
from projections.timecodec import end_of_day_us, local_day

Sums = dict[str, list[int]]


def prefix(
    conn: Connection,
    t: FigureTables,
    orgs: Sequence[str],
    day: date,
    known: int,
    columns: Sequence[str],
    early: bool = False,
) -> Sums:
    """P(day, known) of `columns` for each organization."""
    sums: Sums = {org: [0] * len(columns) for org in orgs}
    if not orgs:
        return sums
    a = day.toordinal()
    if a >= local_day(known):
        _add(sums, _seek(conn, t.ledger, orgs, known, columns))
    else:
        end_a = end_of_day_us(a)
        _add(sums, _seek(conn, t.ledger, orgs, end_a, columns))
        year_end = date(day.year - 1, 12, 31).toordinal()
        month_end = date(day.year, day.month, 1).toordinal() - 1 if day.month > 1 else None
        for boundary in (year_end, month_end):
            if boundary is not None:
                _add(sums, _seek(conn, t.adj, orgs, known, columns, boundary))
                _add(sums, _seek(conn, t.adj, orgs, end_a, columns, boundary), -1)
        _add(sums, _late(conn, t.late, orgs, month_end or year_end, a, known, columns))
    if early:
        _add(sums, _early(conn, t.early, orgs, a, known, columns))
    return sums


def _add(sums: Sums, rows: Sums, sign: int = 1) -> None:
    for org, values in rows.items():
        target = sums[org]
        for i, value in enumerate(values):
            target[i] += sign * (value or 0)


def _seek(
    conn: Connection,
    table: Table,
    orgs: Sequence[str],
    at_most: int,
    columns: Sequence[str],
    boundary: int | None = None,
) -> Sums:
    """The running-total row of each org (and boundary) recorded last at or before `at_most`."""
    params: dict[str, object] = {"orgs": list(orgs), "at": at_most}
    if boundary is not None:
        params["b"] = boundary
    statement = _seek_sql(table.name, tuple(columns), boundary is not None)
    return {row[0]: list(row[1:]) for row in conn.execute(statement, params)}


@cache
def _seek_sql(table: str, columns: tuple[str, ...], by_boundary: bool) -> TextClause:
    # Plain SQL, built once: a correlated max() is one index seek per org on both databases.
    picked = ", ".join(f"t.{c}" for c in columns)
    same = " AND t.boundary = :b" if by_boundary else ""
    inner = " AND i.boundary = :b" if by_boundary else ""
    sql = (
        f"SELECT t.org, {picked} FROM {table} t WHERE t.org IN :orgs{same} AND t.recorded_at = "
        f"(SELECT max(i.recorded_at) FROM {table} i WHERE i.org = t.org{inner} "
        "AND i.recorded_at <= :at)"
    )
    return text(sql).bindparams(bindparam("orgs", expanding=True))


def _late(
    conn: Connection,
    table: Table,
    orgs: Sequence[str],
    after_day: int,
    a: int,
    known: int,
    columns: Sequence[str],
) -> Sums:
    """Late deltas dated in (after_day, a], recorded after day a and by `known`."""
    statement = _sum_sql(table.name, tuple(columns), True)
    params = {"orgs": list(orgs), "lo": after_day, "a": a, "known": known}
    return {row[0]: list(row[1:]) for row in conn.execute(statement, params)}


def _early(
    conn: Connection, table: Table, orgs: Sequence[str], a: int, known: int, columns: Sequence[str]
) -> Sums:
    """Deltas dated after their recording day (30th birthdays), dated by `a`, known by `known`."""
    statement = _sum_sql(table.name, tuple(columns), False)
    params = {"orgs": list(orgs), "a": a, "known": known}
    return {row[0]: list(row[1:]) for row in conn.execute(statement, params)}


@cache
def _sum_sql(table: str, columns: tuple[str, ...], late: bool) -> TextClause:
    sums = ", ".join(f"sum({c})" for c in columns)
    window = " AND day > :lo AND rec_day > :a" if late else ""
    sql = (
        f"SELECT org, {sums} FROM {table} WHERE org IN :orgs AND day <= :a{window} "
        "AND recorded_at <= :known GROUP BY org"
    )
    return text(sql).bindparams(bindparam("orgs", expanding=True))
