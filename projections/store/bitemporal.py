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


# The shape of an ask in a statement: (columns, recent, month, early).
Shape = tuple[tuple[str, ...], bool, bool, bool]


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


# From how many asks of one set of columns they are read as rows of one statement. Fewer read
# faster by their own shapes: on PostgreSQL a lone ask (the rollup of a tree, 1.3 against 1.5
# ms); on SQLite, which has no round trips to save, a standing's four asks (1.2 against 1.3 ms),
# while a chart's 121 read in half the time (7.7 -> 3.9 ms).
ROWS_FROM = {"postgresql": 2, "sqlite": 8}


def prefixes(conn: Connection, t: FigureTables, asks: Sequence[Ask]) -> list[Sums]:
    """P of every ask, in order. The asks of one set of columns, when there are enough of them
    (`ROWS_FROM`), are rows of one statement (`_rows_statement`): a chart's 120 month ends are
    one round trip and one plan, not 120 of each."""
    found: list[Sums] = [{org: [0] * len(ask.columns) for org in ask.orgs} for ask in asks]
    names = (t.ledger.name, t.adj.name, t.late.name, t.early.name)
    by_columns: dict[tuple[str, ...], list[int]] = {}
    for i, ask in enumerate(asks):
        if ask.orgs:
            by_columns.setdefault(ask.columns, []).append(i)
    for columns, chosen in by_columns.items():
        if len(chosen) < ROWS_FROM.get(conn.dialect.name, 2):
            for i in chosen:
                _run_one(conn, names, asks[i], found[i])
        else:
            _run_rows(conn, names, columns, [(i, asks[i]) for i in chosen], found)
    return found


def _shape(ask: Ask) -> Shape:
    recent = ask.day.toordinal() >= local_day(ask.known)
    return ask.columns, recent, not recent and ask.day.month > 1, ask.early


def _bounds(ask: Ask) -> tuple[int, int, int]:
    """(end of day A in µs, the previous year end, the previous month end or year end)."""
    a = ask.day.toordinal()
    y = date(ask.day.year - 1, 12, 31).toordinal()
    month = date(ask.day.year, ask.day.month, 1).toordinal() - 1 if ask.day.month > 1 else y
    return end_of_day_us(a), y, month


def _run_one(conn: Connection, names: tuple[str, str, str, str], ask: Ask, found: Sums) -> None:
    shape = _shape(ask)
    dialect = conn.dialect.name
    params: dict[str, object] = {
        "orgs": json.dumps(list(ask.orgs)) if dialect == "sqlite" else list(ask.orgs),
        "known": ask.known,
        "a": ask.day.toordinal(),
    }
    if not shape[1]:
        params["end_a"], params["y"], params["m"] = _bounds(ask)
    # Fetched at once: iterating the result fetches row by row, a third of a standing's time.
    for org, sign, *values in conn.execute(_statement(dialect, names, shape), params).all():
        target = found[org]
        for i in range(len(target)):
            target[i] += sign * (values[i] or 0)


def _run_rows(
    conn: Connection,
    names: tuple[str, str, str, str],
    columns: tuple[str, ...],
    asks: list[tuple[int, Ask]],
    found: list[Sums],
) -> None:
    """The asks of one set of columns as rows (ask, org, bounds) of one statement."""
    sqlite = conn.dialect.name == "sqlite"
    rows: dict[str, list[object]] = {key: [] for key in ROW_KEYS}
    listed: list[tuple[object, ...]] = []
    early = False
    for n, ask in asks:
        _, recent, month, wants_early = _shape(ask)
        early = early or wants_early
        end_a, y, m = (0, 0, 0) if recent else _bounds(ask)
        at = ask.known if recent else end_a
        a = ask.day.toordinal()
        for org in ask.orgs:
            row = (n, org, at, ask.known, end_a, a, y, m, not recent, month, wants_early)
            if sqlite:
                listed.append(row)
            else:
                for key, value in zip(ROW_KEYS, row, strict=True):
                    rows[key].append(value)
    statement = _rows_statement(conn.dialect.name, names, columns, early)
    params = {"rows": json.dumps(listed)} if sqlite else rows
    for n, org, sign, *values in conn.execute(statement, params).all():
        target = found[n][org]
        for i in range(len(target)):
            target[i] += sign * (values[i] or 0)


# The columns of an ask's rows, with their types on PostgreSQL.
ROW_TYPES = {
    "n": "int",
    "org": "text",
    "at": "bigint",  # the ledger's seek: K when A >= day of K, else the end of day A
    "known": "bigint",
    "end_a": "bigint",
    "a": "int",
    "y": "int",
    "m": "int",
    "hist": "boolean",  # A < day of K: the year and month crossings and late deltas count
    "month": "boolean",  # and A is past January: the month crossing counts too
    "early": "boolean",
}
ROW_KEYS = tuple(ROW_TYPES)


@lru_cache(maxsize=256)
def _rows_statement(
    dialect: str, names: tuple[str, str, str, str], columns: tuple[str, ...], early: bool
) -> TextClause:
    """P(A, K) of every (ask, org) row in one statement: the parts of `_statement`, each
    driven from the rows instead of one ask's list of organizations. PostgreSQL takes the rows
    as arrays and joins laterally; SQLite as one JSON array, with correlated seeks and its
    rows first in every join (CROSS JOIN: SQLite knows nothing of a JSON array's length)."""
    ledger, adj, late, early_table = names
    picked = ", ".join(f"t.{c}" for c in columns)
    sums = ", ".join(f"sum(x.{c}) AS {c}" for c in columns)
    sqlite = dialect == "sqlite"

    def seek(table: str, at: str, sign: int, boundary: str = "", when: str = "") -> str:
        same = f" AND i.boundary = q.{boundary}" if boundary else ""
        last = f"WHERE i.org = q.org{same} AND i.recorded_at <= q.{at}"
        order = "ORDER BY i.recorded_at DESC LIMIT 1"
        # The row's case gates the seek inside it: no index is read for a row it spares.
        gate = f" AND q.{when}" if when else ""
        if sqlite:
            return (
                f"SELECT q.n, q.org, {sign}, {picked} FROM q CROSS JOIN {table} t ON t.rowid = "
                f"(SELECT i.rowid FROM {table} i {last}{gate} {order})"
            )
        return (
            f"SELECT q.n, q.org, {sign}, {picked} FROM q CROSS JOIN LATERAL (SELECT * FROM "
            f"{table} i {last}{gate} {order}) t"
        )

    def total(table: str, window: str, when: str) -> str:
        if sqlite:
            return (
                f"SELECT q.n, q.org, 1, {sums} FROM q CROSS JOIN {table} x ON q.{when} "
                f"AND x.org = q.org AND {window} GROUP BY q.n, q.org"
            )
        # Lateral as the seeks are: a plan made without the rows' count (a generic plan, a
        # table not analyzed yet) must not turn the sum into a scan of the whole table.
        return (
            f"SELECT q.n, q.org, 1, {picked} FROM q CROSS JOIN LATERAL (SELECT {sums} FROM "
            f"{table} x WHERE x.org = q.org AND {window} AND q.{when}) t"
        )

    parts = [
        seek(ledger, "at", 1),
        seek(adj, "known", 1, "y", "hist"),
        seek(adj, "end_a", -1, "y", "hist"),
        seek(adj, "known", 1, "m", "month"),
        seek(adj, "end_a", -1, "m", "month"),
        total(
            late,
            "x.day > q.m AND x.day <= q.a AND x.rec_day > q.a AND x.recorded_at <= q.known",
            "hist",
        ),
    ]
    if early:
        parts.append(total(early_table, "x.day <= q.a AND x.recorded_at <= q.known", "early"))
    if sqlite:
        fields = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(ROW_KEYS)))
        rows = f"WITH q ({', '.join(ROW_KEYS)}) AS (SELECT {fields} FROM json_each(:rows)) "
    else:
        arrays = ", ".join(f"CAST(:{k} AS {v}[])" for k, v in ROW_TYPES.items())
        rows = f"WITH q ({', '.join(ROW_KEYS)}) AS (SELECT * FROM unnest({arrays})) "
    return text(rows + " UNION ALL ".join(parts))


@lru_cache(maxsize=256)
def _statement(dialect: str, names: tuple[str, str, str, str], shape: Shape) -> TextClause:
    """The UNION ALL of signed parts that add up to one ask's P(A, K), built once per shape."""
    ledger, adj, late, early_table = names
    columns, recent, month, early = shape
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
