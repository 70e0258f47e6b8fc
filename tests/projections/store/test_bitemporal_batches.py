"""Prefix sums asked together (`bitemporal.prefixes`) equal the same asks made one by one.

The one-by-one answers are held to the naive replay by tests/projections/
test_fig_agree_with_replay.py; here the batch is held to them: the asks of one shape are rows
of one statement, and each row's sums must go back to its own ask and organization (the same
organization asked at several days, with and without the 30th birthdays); an ask of no
organization reads nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fig_support import EPOCH_DAY, STEP, TREE, Clerk, found_tree, play
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.counts import reports
from projections.store import bitemporal
from projections.store.metrics import FLAGS
from projections.store.timecodec import to_us

COLUMN_SETS = [
    ("probationary", "official"),
    ("admitted",),
    ("probationary", "official", *(f"roll_{flag}" for flag in FLAGS)),
    ("admitted", "transferred_in", "transferred_out"),
]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(STEP, min_size=5, max_size=24),
    seed=st.integers(0, 2**32),
)
def test_asks_made_together_answer_as_made_one_by_one(
    fresh_world, clock, make_profile, monkeypatch, steps, seed
):
    registry, queries = fresh_world()
    found_tree(registry, clock)
    instants, _ = play(Clerk(registry, clock, make_profile), steps)
    rng = random.Random(seed)
    last_day = instants[-1].date() + timedelta(days=2)
    asks = []
    for _ in range(rng.randint(1, 14)):
        known = rng.choice([*instants, clock()]) + timedelta(seconds=rng.choice([-1, 0, 1]))
        day = EPOCH_DAY + timedelta(days=rng.randint(-40, (last_day - EPOCH_DAY).days + 40))
        orgs = rng.sample(TREE, rng.randint(0, len(TREE)))
        columns = rng.choice(COLUMN_SETS)
        asks.append(bitemporal.Ask(orgs, day, to_us(known), columns, rng.random() < 0.3))
    # The latest figure, however late (a diff asks it so): its day's end is past any instant.
    asks.append(bitemporal.Ask(TREE, date.max, to_us(clock()), COLUMN_SETS[0]))
    with queries.snapshot() as s:
        alone = [
            bitemporal.prefix(s.conn, s.t, a.orgs, a.day, a.known, a.columns, a.early) for a in asks
        ]
        # Every ask as a row, however few share its shape (the defaults wait for more).
        monkeypatch.setattr(bitemporal, "ROWS_FROM", {"postgresql": 1, "sqlite": 1})
        together = bitemporal.prefixes(s.conn, s.t, asks)
    assert together == alone


def test_a_chart_of_many_month_ends_reads_each_as_alone(fresh_world, clock, make_profile):
    registry, queries = fresh_world()
    found_tree(registry, clock)
    clerk = Clerk(registry, clock, make_profile)
    for n in range(12):
        clerk.on(EPOCH_DAY + timedelta(days=40 * n))
        # Entered late, some by days (within a month), some across a month or a year end.
        on = EPOCH_DAY + timedelta(days=40 * n - (0, 3, 75, 400)[n % 4])
        clerk.admit("T1.D.C.1", on, clerk.person(birth_date=date(1980, 1, 1)))
    first, last = date(2011, 1, 1), date(2013, 12, 31)
    points = queries.series("T1", first, last, step="month")  # 36 month ends, read as rows
    assert len(points) == 36 and points[-1].total == 12
    with queries.snapshot() as s:
        known = to_us(clock())
        for point in points:
            total = sum(
                reports.prefix(s, ["T1"], point.day, known, ["official", "probationary"])["T1"]
            )
            assert point.total == total
    assert sum(p.admitted for p in points) == 12
