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
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Connection, TextClause, text

from projections.store.schema import FigureTables
from projections.store.timecodec import end_of_day_us, local_day

Sums = dict[str, list[int]]


@dataclass(frozen=True)
class Ask:
    """One P(day, known) of `columns` for each of `orgs` (with the 30th birthdays if `early`)."""

    orgs: Sequence[str]
    day: date
    known: int
    columns: tuple[str, ...]
    early: bool = False


class Shape(NamedTuple):
    """What an ask's statement reads: its columns; `recent` (A >= day of K: the ledger seek
    alone); `month` (a past day after January: the month crossing too); `early`."""

    columns: tuple[str, ...]
    recent: bool
    month: bool
    early: bool


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
    return prefixes(conn, t, [Ask(orgs, day, known, tuple(columns), early)])[0]


# From how many asks of one shape they are read as rows of one statement; fewer read faster
# by their own statements. On PostgreSQL a lone ask does (the rollup of a tree: 1.3 against
# 1.5 ms); on SQLite, which has no round trips to save, a standing's asks do (1.2 against 1.3
# ms), while a chart's month ends read in half the time as rows (7.7 -> 3.9 ms).
ROWS_FROM = {"postgresql": 2, "sqlite": 8}


def prefixes(conn: Connection, t: FigureTables, asks: Sequence[Ask]) -> list[Sums]:
    """P of every ask, in order. The asks of one shape (columns, the parts their day needs),
    when there are enough of them (`ROWS_FROM`), are rows of one statement: a chart's 120
    month ends are two or three round trips and plans, not 120 of each."""
    found: list[Sums] = [{org: [0] * len(ask.columns) for org in ask.orgs} for ask in asks]
    names = (t.ledger.name, t.adj.name, t.late.name, t.early.name)
    dialect = conn.dialect.name
    by_shape: dict[Shape, list[int]] = {}
    for i, ask in enumerate(asks):
        if ask.orgs:
            by_shape.setdefault(_shape(ask), []).append(i)
    for shape, chosen in by_shape.items():
        if len(chosen) < ROWS_FROM.get(dialect, 2):
            for i in chosen:
                _run_one(conn, names, shape, asks[i], found[i])
        else:
            _run_rows(conn, names, shape, [(i, asks[i]) for i in chosen], found)
    return found


def _shape(ask: Ask) -> Shape:
    recent = ask.day.toordinal() >= local_day(ask.known)
    return Shape(ask.columns, recent, not recent and ask.day.month > 1, ask.early)


def _bounds(ask: Ask, recent: bool) -> tuple[int, int, int, int, int]:
    """(K, A, end of day A in µs, the previous year end, the previous month end or year end);
    a recent ask needs only K and A (its day may be `date.max`, whose end has no instant)."""
    a = ask.day.toordinal()
    if recent:
        return ask.known, a, 0, 0, 0
    y = date(ask.day.year - 1, 12, 31).toordinal()
    month = date(ask.day.year, ask.day.month, 1).toordinal() - 1 if ask.day.month > 1 else y
    return ask.known, a, end_of_day_us(a), y, month


BOUNDS = ("known", "a", "end_a", "y", "m")


def _run_one(
    conn: Connection, names: tuple[str, str, str, str], shape: Shape, ask: Ask, found: Sums
) -> None:
    dialect = conn.dialect.name
    params: dict[str, object] = dict(zip(BOUNDS, _bounds(ask, shape.recent), strict=True))
    params["orgs"] = json.dumps(list(ask.orgs)) if dialect == "sqlite" else list(ask.orgs)
    # Fetched at once: iterating the result fetches row by row, a third of a standing's time.
    for org, sign, *values in conn.execute(_statement(dialect, names, shape, False), params).all():
        _add(found[org], sign, values)


def _run_rows(
    conn: Connection,
    names: tuple[str, str, str, str],
    shape: Shape,
    asks: list[tuple[int, Ask]],
    found: list[Sums],
) -> None:
    """The asks of one shape as rows (ask, org, bounds) of one statement: on PostgreSQL one
    array per column, on SQLite one JSON array of rows."""
    rows = [(n, org, *_bounds(ask, shape.recent)) for n, ask in asks for org in ask.orgs]
    dialect = conn.dialect.name
    if dialect == "sqlite":
        params: dict[str, object] = {"rows": json.dumps(rows)}
    else:
        params = {
            key: list(column)
            for key, column in zip(ROW_TYPES, zip(*rows, strict=True), strict=True)
        }
    for n, org, sign, *values in conn.execute(
        _statement(dialect, names, shape, True), params
    ).all():
        _add(found[n][org], sign, values)


def _add(target: list[int], sign: int, values: Sequence[int | None]) -> None:
    for i in range(len(target)):
        target[i] += sign * (values[i] or 0)


# The columns of an ask's rows, with their types on PostgreSQL.
ROW_TYPES = {
    "n": "int",
    "org": "text",
    "known": "bigint",
    "a": "int",
    "end_a": "bigint",
    "y": "int",
    "m": "int",
}


@lru_cache(maxsize=256)
def _statement(
    dialect: str, names: tuple[str, str, str, str], shape: Shape, rows: bool
) -> TextClause:
    """The UNION ALL of signed parts that add up to P(A, K), built once per shape: for one
    ask's list of organizations, or (`rows`) for every (ask, organization) row of a table `q`
    of rows whose bounds replace the parameters."""
    ledger, adj, late, early_table = names
    columns, recent, month, early = shape

    def bound(name: str) -> str:
        return f"q.{name}" if rows else f":{name}"

    if recent:
        parts = [_seek(dialect, rows, ledger, columns, bound("known"), 1)]
    else:
        parts = [
            _seek(dialect, rows, ledger, columns, bound("end_a"), 1),
            _seek(dialect, rows, adj, columns, bound("known"), 1, bound("y")),
            _seek(dialect, rows, adj, columns, bound("end_a"), -1, bound("y")),
        ]
        if month:
            parts.append(_seek(dialect, rows, adj, columns, bound("known"), 1, bound("m")))
            parts.append(_seek(dialect, rows, adj, columns, bound("end_a"), -1, bound("m")))
        window = (
            f"x.day > {bound('m')} AND x.day <= {bound('a')} AND x.rec_day > {bound('a')} "
            f"AND x.recorded_at <= {bound('known')}"
        )
        parts.append(_sum(dialect, rows, late, columns, window))
    if early:
        window = f"x.day <= {bound('a')} AND x.recorded_at <= {bound('known')}"
        parts.append(_sum(dialect, rows, early_table, columns, window))
    return text(_rows(dialect) * rows + " UNION ALL ".join(parts))


def _rows(dialect: str) -> str:
    """The table `q` of rows, from the parameters."""
    keys = ", ".join(ROW_TYPES)
    if dialect == "sqlite":
        fields = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(ROW_TYPES)))
        return f"WITH q ({keys}) AS (SELECT {fields} FROM json_each(:rows)) "
    arrays = ", ".join(f"CAST(:{k} AS {v}[])" for k, v in ROW_TYPES.items())
    return f"WITH q ({keys}) AS (SELECT * FROM unnest({arrays})) "


def _orgs(dialect: str) -> str:
    """One ask's organizations as a table `o` of one column `org`."""
    if dialect == "sqlite":
        return "(SELECT value AS org FROM json_each(:orgs)) o"
    return "unnest(CAST(:orgs AS text[])) AS o(org)"


def _seek(
    dialect: str,
    rows: bool,
    table: str,
    columns: tuple[str, ...],
    at: str,
    sign: int,
    boundary: str = "",
) -> str:
    """Each organization's running-total row recorded last at or before `at`: one index seek
    per organization (or row), driven from the organizations (never a scan of an
    organization's rows: the province has millions). The rows lead every join (SQLite's CROSS
    JOIN: it knows nothing of a JSON array's length)."""
    picked = ", ".join(f"t.{c}" for c in columns)
    same = f" AND i.boundary = {boundary}" if boundary else ""
    o = "q" if rows else "o"
    last = f"WHERE i.org = {o}.org{same} AND i.recorded_at <= {at} "
    last += "ORDER BY i.recorded_at DESC LIMIT 1"
    head = (
        f"SELECT q.n, q.org, {sign}, {picked} FROM q"
        if rows
        else f"SELECT o.org, {sign}, {picked} FROM {_orgs(dialect)}"
    )
    if dialect == "sqlite":
        return f"{head} CROSS JOIN {table} t ON t.rowid = (SELECT i.rowid FROM {table} i {last})"
    return f"{head} CROSS JOIN LATERAL (SELECT * FROM {table} i {last}) t"


def _sum(dialect: str, rows: bool, table: str, columns: tuple[str, ...], window: str) -> str:
    """The deltas in `window` summed per organization (or row)."""
    sums = ", ".join(f"sum(x.{c}) AS {c}" for c in columns)
    if not rows:
        return (
            f"SELECT x.org, 1, {sums} FROM {table} x WHERE x.org IN (SELECT o.org FROM "
            f"{_orgs(dialect)}) AND {window} GROUP BY x.org"
        )
    if dialect == "sqlite":
        return (
            f"SELECT q.n, q.org, 1, {sums} FROM q CROSS JOIN {table} x ON x.org = q.org "
            f"AND {window} GROUP BY q.n, q.org"
        )
    # Lateral as the seeks are: a plan made without the rows' count (a generic plan, a table
    # not analyzed yet) must not turn the sum into a scan of the whole table.
    picked = ", ".join(f"t.{c}" for c in columns)
    return (
        f"SELECT q.n, q.org, 1, {picked} FROM q CROSS JOIN LATERAL (SELECT {sums} FROM "
        f"{table} x WHERE x.org = q.org AND {window}) t"
    )
