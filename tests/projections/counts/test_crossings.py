"""The database's running totals of late deltas across month and year ends (`fig_adj`) are the
ones their definition gives, whatever order the deltas arrive in. Both databases.

The reference below is the definition, written out: a delta dated d and recorded on a later
day r crosses each year end in [d, r) and each month end of d's own year in [d, r); the row
(org, boundary, t) holds every crossing delta of the org recorded at or before t, and there is a
row for every instant at which a crossing delta of that key was recorded.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from projections.counts import crossings
from projections.store.engine import bulk, engines_for
from projections.store.metrics import METRICS, SIZE
from projections.store.schema import figure_tables
from services.config import Settings

LATE = ["org", "day", "rec_day", "recorded_at", "event_id", *METRICS]
Delta = tuple[str, int, int, int, list[int]]  # org, day, recording day, recorded_at, values


def boundaries(day: int, rec_day: int) -> list[int]:
    start, end = date.fromordinal(day), date.fromordinal(rec_day)
    found = [date(y, 12, 31).toordinal() for y in range(start.year, end.year + 1)]
    found += [date(start.year, m + 1, 1).toordinal() - 1 for m in range(1, 12)]
    return sorted(b for b in set(found) if day <= b < rec_day)


def expected(deltas: list[Delta]) -> dict[tuple[str, int, int], list[int]]:
    by_key: dict[tuple[str, int], list[tuple[int, list[int]]]] = defaultdict(list)
    for org, day, rec_day, at, values in deltas:
        for boundary in boundaries(day, rec_day):
            by_key[(org, boundary)].append((at, values))
    rows = {}
    for (org, boundary), items in by_key.items():
        for instant in {at for at, _ in items}:
            total = [0] * SIZE
            for at, values in items:
                if at <= instant:
                    total = [a + b for a, b in zip(total, values, strict=True)]
            rows[(org, boundary, instant)] = total
    return rows


def random_deltas(rng: random.Random, count: int, start_at: int) -> list[Delta]:
    found = []
    for i in range(count):
        rec = date(2015, 1, 1) + timedelta(days=rng.randint(0, 900))
        # Most a few days late; some back across a month end, a year end, or decades (a
        # legacy roll); same org and instant more than once (one event's several deltas).
        back = rng.choice([1, 3, 20, 40, 200, 400, 800, 9000])
        day = rec - timedelta(days=rng.randint(1, back))
        values = [rng.choice([0, 0, 0, 1, -1, 2]) for _ in range(SIZE)]
        at = start_at + i // 2 * 1_000_000
        org = rng.choice(["T1", "T1.D", "T1.D.C"])
        found.append((org, day.toordinal(), rec.toordinal(), at, values))
    return found


def write(settings: Settings, batches: list[list[Delta]]) -> dict[tuple[str, int, int], list[int]]:
    engines = engines_for(settings)
    t = figure_tables(1, settings.deployment)
    with engines.write.begin() as conn:
        t.metadata.create_all(conn)
    for batch in batches:  # one transaction per batch, as the projection's
        with engines.write.begin() as conn:
            rows = [(org, day, rec, at, "e" * 32, *values) for org, day, rec, at, values in batch]
            bulk(conn, t.late, LATE, rows)
            crossings.roll_over(conn, t, [(*r[:4], *r[5:]) for r in rows], settings.deployment)
    with engines.read.connect() as conn:
        stored = conn.execute(select(t.adj)).mappings().all()
    return {(r["org"], r["boundary"], r["recorded_at"]): [r[m] for m in METRICS] for r in stored}


def test_the_running_totals_match_their_definition_in_recording_order(settings):
    rng = random.Random(3)
    deltas = random_deltas(rng, 300, 1_420_000_000_000_000)
    batches = [deltas[i : i + 70] for i in range(0, len(deltas), 70)]

    assert write(settings, batches) == expected(deltas)


def test_a_delta_recorded_before_a_keys_last_row_adds_into_the_later_rows(settings):
    rng = random.Random(4)
    early_first = random_deltas(rng, 120, 1_420_000_000_000_000)
    # The second batch's instants fall between and before the first's: later rows must grow.
    late_second = random_deltas(rng, 120, 1_419_999_995_500_000)
    for org, day, rec, at, values in early_first[:5]:
        late_second.append((org, day, rec, at, values))  # and some at the very same instant

    stored = write(settings, [early_first, late_second])

    assert stored == expected(early_first + late_second)
    assert len({key for key in stored}) > len(expected(early_first))


@pytest.mark.parametrize(
    ("day", "rec_day", "crossed"),
    [
        (date(2020, 3, 31), date(2020, 4, 1), [date(2020, 3, 31)]),
        (date(2020, 3, 30), date(2020, 3, 31), []),
        (date(2020, 12, 31), date(2021, 1, 1), [date(2020, 12, 31)]),
        (
            date(2019, 11, 15),
            date(2021, 2, 1),
            [date(2019, 11, 30), date(2019, 12, 31), date(2020, 12, 31)],
        ),
    ],
)
def test_a_delta_crosses_the_year_ends_and_its_own_years_month_ends(
    settings, day, rec_day, crossed
):
    values = [1] * SIZE
    stored = write(settings, [[("T1", day.toordinal(), rec_day.toordinal(), 7, values)]])

    assert sorted(b for _, b, _ in stored) == [d.toordinal() for d in crossed]


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2024, 2, 10), date(2024, 2, 29)),
        (date(2023, 2, 28), date(2023, 2, 28)),
        (date(2020, 12, 1), date(2020, 12, 31)),
        (date(2021, 1, 31), date(2021, 1, 31)),
    ],
)
def test_a_delta_crosses_a_boundary_only_when_recorded_after_its_months_end(day, end):
    crossing = boundaries(day.toordinal(), day.toordinal() + 40)

    assert crossings.month_end(day.toordinal()) == end.toordinal() == crossing[0]
    assert boundaries(day.toordinal(), crossings.month_end(day.toordinal()) + 1) == [
        end.toordinal()
    ]
    assert boundaries(day.toordinal(), crossings.month_end(day.toordinal())) == []
