"""Running totals in recording order: append-only in the normal case, patched when out of order.

A row (key, recorded_at) holds the sum of every delta of that key recorded at or before
`recorded_at`, so "as known at K" is one index seek, and names the last event added at that
instant (in log order). Rows normally arrive in recording order;
a delta recorded earlier than the key's last row (clocks of two workers a few ms apart) is
added to every later row too, so the totals stay exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, func, select, update

from projections.store.engine import bulk
from projections.store.metrics import METRICS, SIZE, Sparse, Vector
from projections.store.probes import KEYS, per_key

Key = tuple[Any, ...]


class CumulativeWriter:
    """Buffers the ledger's running-total rows (each names its last event) for a batch; `flush`
    writes them."""

    def __init__(self, table: Table, key_columns: Sequence[str], dialect: str) -> None:
        self.table = table
        self.key_columns = list(key_columns)
        self.dialect = dialect
        self.last: dict[Key, tuple[int, Vector]] = {}  # key -> (recorded_at, totals)
        self.pending: dict[tuple[Key, int], tuple[Vector, str | None]] = {}
        self.fresh = False  # the table started empty under this cache: nothing to load
        self.absent: set[Key] = set()  # keys found to have no row yet (by `preload`)

    def forget(self) -> None:
        """Drop what is cached: another process may have written since."""
        self.last.clear()
        self.pending.clear()
        self.absent.clear()

    def add(
        self, conn: Connection, key: Key, recorded_at: int, delta: Sparse, event_id: str
    ) -> None:
        last = self.last.get(key)
        if last is None and not self.fresh and key not in self.absent:
            last = self._load_last(conn, key)
        if last is None or recorded_at >= last[0]:
            totals = last[1].copy() if last else [0] * SIZE
            # add_into, inline: a load adds millions of rows (a quarter of the figures' time).
            for i, value in delta.items():
                totals[i] += value
            self.pending[(key, recorded_at)] = (totals, event_id)
            self.last[key] = (recorded_at, totals)
            return
        self.flush(conn)
        self._add_in_the_past(conn, key, recorded_at, delta, event_id)
        self.last[key] = self._load_last(conn, key)  # type: ignore[assignment]

    def preload(self, conn: Connection, keys: Sequence[Key]) -> None:
        """Load the last row of many keys at once (one statement per 500) instead of one
        seek each when they are first added to: a reorganization touches thousands."""
        if self.fresh or len(self.key_columns) != 1:
            return
        wanted = [key for key in keys if key not in self.last]
        name = self.key_columns[0]
        column = self.table.c[name]
        if self.dialect == "postgresql":
            # The last row of each key, one probe each (projections/store/probes.py).
            last = select(self.table).order_by(self.table.c.recorded_at.desc()).limit(1)
            query = per_key(self.dialect, last, column)
        else:
            keys = bindparam(KEYS, expanding=True)
            latest = (
                select(column.label("k"), func.max(self.table.c.recorded_at).label("m"))
                .where(column.in_(keys))
                .group_by(column)
                .subquery()
            )
            on = and_(column == latest.c.k, self.table.c.recorded_at == latest.c.m)
            query = select(self.table).join(latest, on)
        for i in range(0, len(wanted), 500):
            chunk = [key[0] for key in wanted[i : i + 500]]
            rows = conn.execute(query, {KEYS: chunk}).mappings()
            found = set()
            for row in rows:
                found.add((row[name],))
                self.last[(row[name],)] = (row["recorded_at"], [row[m] for m in METRICS])
            self.absent.update((value,) for value in chunk if (value,) not in found)

    def flush(self, conn: Connection) -> None:
        columns = [*self.key_columns, "recorded_at", *METRICS, "event_id"]
        # One tuple per row: a load writes millions.
        rows = [
            (*key, at, *totals, event_id) for (key, at), (totals, event_id) in self.pending.items()
        ]
        # The conflict target is the whole primary key: province is its last column.
        keys = [*self.key_columns, "recorded_at", "province"]
        bulk(conn, self.table, columns, rows, keys)
        self.pending.clear()

    def _where(self, key: Key) -> Any:
        return and_(
            *(
                self.table.c[name] == value
                for name, value in zip(self.key_columns, key, strict=True)
            )
        )

    def _load_last(
        self, conn: Connection, key: Key, at_most: int | None = None
    ) -> tuple[int, Vector] | None:
        query = select(self.table).where(self._where(key))
        if at_most is not None:
            query = query.where(self.table.c.recorded_at <= at_most)
        row = (
            conn.execute(query.order_by(self.table.c.recorded_at.desc()).limit(1))
            .mappings()
            .first()
        )
        if row is None:
            return None
        return row["recorded_at"], [row[name] for name in METRICS]

    def _add_in_the_past(
        self, conn: Connection, key: Key, recorded_at: int, delta: Sparse, event_id: str
    ) -> None:
        before = self._load_last(conn, key, at_most=recorded_at)
        if before is None or before[0] != recorded_at:
            totals = list(before[1]) if before else [0] * len(METRICS)
            self.pending[(key, recorded_at)] = (totals, event_id)
            self.flush(conn)
        later = self.table.c.recorded_at >= recorded_at
        conn.execute(
            update(self.table)
            .where(self._where(key), later)
            .values({METRICS[i]: self.table.c[METRICS[i]] + value for i, value in delta.items()})
        )
        # The row names the last event added at its instant, as in recording order: the
        # same row whether the log was cut into batches one way or another.
        conn.execute(
            update(self.table)
            .where(self._where(key), self.table.c.recorded_at == recorded_at)
            .values(event_id=event_id)
        )
