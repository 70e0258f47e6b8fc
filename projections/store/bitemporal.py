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

import json
from collections.abc import Sequence
from datetime import date
from functools import cache

from sqlalchemy import Connection, TextClause, text

from projections.store.schema import FigureTables
from projections.store.timecodec import end_of_day_us, local_day

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
    """P(day, known) of `columns` for each organization: one statement, one round trip."""
    sums: Sums = {org: [0] * len(columns) for org in orgs}
    if not orgs:
        return sums
    dialect = conn.dialect.name
    a = day.toordinal()
    params: dict[str, object] = {
        "orgs": json.dumps(list(orgs)) if dialect == "sqlite" else list(orgs),
        "known": known,
        "a": a,
    }
    recent = a >= local_day(known)
    month = False
    if not recent:
        params["end_a"] = end_of_day_us(a)
        params["y"] = date(day.year - 1, 12, 31).toordinal()
        month = day.month > 1
        params["m"] = date(day.year, day.month, 1).toordinal() - 1 if month else params["y"]
    names = (t.ledger.name, t.adj.name, t.late.name, t.early.name)
    statement = _statement(dialect, names, tuple(columns), recent, month, early)
    # Fetched at once: iterating the result fetches row by row, a third of a standing's time.
    for org, sign, *values in conn.execute(statement, params).all():
        target = sums[org]
        for i, value in enumerate(values):
            target[i] += sign * (value or 0)
    return sums


@cache
def _statement(
    dialect: str,
    names: tuple[str, str, str, str],
    columns: tuple[str, ...],
    recent: bool,
    month: bool,
    early: bool,
) -> TextClause:
    """The UNION ALL of signed parts that add up to P(A, K); built once per shape."""
    ledger, adj, late, early_table = names
    if recent:
        parts = [_seek(dialect, ledger, columns, "known", 1)]
    else:
        parts = [
            _seek(dialect, ledger, columns, "end_a", 1),
            _seek(dialect, adj, columns, "known", 1, "y"),
            _seek(dialect, adj, columns, "end_a", -1, "y"),
        ]
        if month:
            parts.append(_seek(dialect, adj, columns, "known", 1, "m"))
            parts.append(_seek(dialect, adj, columns, "end_a", -1, "m"))
        window = "day > :m AND day <= :a AND rec_day > :a AND recorded_at <= :known"
        parts.append(_sum(dialect, late, columns, window))
    if early:
        parts.append(_sum(dialect, early_table, columns, "day <= :a AND recorded_at <= :known"))
    return text(" UNION ALL ".join(parts))


def _orgs(dialect: str) -> str:
    if dialect == "sqlite":
        return "(SELECT value AS org FROM json_each(:orgs))"
    return "unnest(CAST(:orgs AS text[]))"


def _seek(
    dialect: str, table: str, columns: tuple[str, ...], at: str, sign: int, boundary: str = ""
) -> str:
    """Each org's running-total row recorded last at or before :at: one index seek per org,
    driven from the list of orgs (never a scan of an org's rows: the province has millions)."""
    picked = ", ".join(f"t.{c}" for c in columns)
    same = f" AND i.boundary = :{boundary}" if boundary else ""
    last = (
        f"WHERE i.org = o.org{same} AND i.recorded_at <= :{at} ORDER BY i.recorded_at DESC LIMIT 1"
    )
    if dialect == "sqlite":
        return (
            f"SELECT o.org, {sign}, {picked} FROM {_orgs(dialect)} o "
            f"JOIN {table} t ON t.rowid = (SELECT i.rowid FROM {table} i {last})"
        )
    return (
        f"SELECT o.org, {sign}, {picked} FROM {_orgs(dialect)} AS o(org) "
        f"CROSS JOIN LATERAL (SELECT * FROM {table} i {last}) t"
    )


def _sum(dialect: str, table: str, columns: tuple[str, ...], window: str) -> str:
    sums = ", ".join(f"sum({c})" for c in columns)
    member = f"org IN (SELECT org FROM {_orgs(dialect)} AS o(org))"
    if dialect == "sqlite":
        member = "org IN (SELECT value FROM json_each(:orgs))"
    return f"SELECT org, 1, {sums} FROM {table} WHERE {member} AND {window} GROUP BY org"
