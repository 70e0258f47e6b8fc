"""Where a batch's deltas go: summed per key over the batch, each key's running total written once.

A member event changes a handful of (organization, day) figures. Each such delta lands in the
tables by the bitemporal rules of projections.store.bitemporal, keyed by its recording instant:

* dated after its recording day (a 30th birthday): a row of `fig_early`;
* otherwise the organization's running total in recording order (`fig_ledger`, key
  (org, recorded_at)); and when dated before its recording day also a row of `fig_late`, from
  which the database adds the running totals of late deltas crossing each month or year end in
  between (`fig_adj`, key (org, boundary, recorded_at): projections/counts/crossings.py).

Instead of one running-total update per delta, `route` only adds the delta into the batch's sum
for its key; `flush` then loads the keys' last rows in bulk and writes each key's total once,
keys in recording order (so deltas of one batch that arrive out of recording order never take
the slow path that patches later rows). A row (org, recorded_at) is the sum of every delta of
the org recorded by then whichever order they were added in, so the tables are the same as
adding them one by one.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection

from projections.counts import crossings
from projections.counts.cumulative import CumulativeWriter
from projections.store.engine import bulk
from projections.store.metrics import METRICS, Sparse, add_sparse, dense
from projections.store.schema import FigureTables
from projections.store.timecodec import local_day

LATE_COLUMNS = ["org", "day", "rec_day", "recorded_at", "event_id", *METRICS]
EARLY_COLUMNS = ["org", "day", "recorded_at", "event_id", *METRICS]


class Router:
    """One batch's deltas, summed per running-total key until `flush`."""

    def __init__(self, tables: FigureTables, dialect: str, fresh: bool, province: str) -> None:
        self.t = tables
        self.province = province
        self.ledger = CumulativeWriter(tables.ledger, ["org"], dialect)
        self.ledger.fresh = fresh
        self.totals: dict[tuple[str, int], Sparse] = {}  # (org, recorded_at) -> sum
        self.named: dict[tuple[str, int], str] = {}  # (org, recorded_at) -> last event id
        self.late: list[tuple[object, ...]] = []
        # Late deltas crossing a month end, summed per (org, day, recording day, recorded_at):
        # an import's batch shares one instant, so thousands of rows come down to a few.
        self.crossing: dict[tuple[str, int, int, int], Sparse] = {}
        self.early: list[tuple[object, ...]] = []

    def route(self, changes: Mapping[tuple[str, int], Sparse], at: int, event_id: str) -> None:
        """Add one event's (org, day) deltas, all recorded at `at`, to the batch's sums."""
        rec_day = local_day(at)
        totals, named = self.totals, self.named
        for (org, day), delta in changes.items():
            if day > rec_day:
                self.early.append((org, day, at, event_id, *dense(delta)))
                continue
            key = (org, at)
            total = totals.get(key)
            if total is None:
                totals[key] = dict(delta)
            else:
                # Kept even when it comes back to zero: the row is written as it always was.
                add_sparse(total, delta)
            named[key] = event_id
            if day == rec_day:
                continue
            self.late.append((org, day, rec_day, at, event_id, *dense(delta)))
            if crossings.month_end(day) < rec_day:
                cross = self.crossing.get((org, day, rec_day, at))
                if cross is None:
                    self.crossing[(org, day, rec_day, at)] = dict(delta)
                else:
                    add_sparse(cross, delta)

    def flush(self, conn: Connection) -> None:
        """Write the batch: each key's running total once, the late and early rows, then the
        late rows' running totals across month and year ends."""
        keys = sorted(self.totals)
        self.ledger.preload(conn, sorted({(org,) for org, _ in keys}))
        for org, at in keys:
            self.ledger.add(conn, (org,), at, self.totals[(org, at)], self.named[(org, at)])
        self.ledger.flush(conn)
        bulk(conn, self.t.late, LATE_COLUMNS, self.late)
        if self.crossing:
            rows = [(*key, *dense(delta)) for key, delta in self.crossing.items()]
            crossings.roll_over(conn, self.t, rows, self.province)
        bulk(conn, self.t.early, EARLY_COLUMNS, self.early)
        self.totals, self.named, self.crossing = {}, {}, {}
        self.late, self.early = [], []
