"""Restated roll-ups against structured ones after the reform (in-process, one run, interleaved).

Warm: the same past day every time (the restatement plan is cached in the Queries object after
the first call). Cold: a different past day at every sample, on a second Queries object, so
every call computes its plan (the tree is already loaded: a fresh Queries also loads the tree,
measured apart as "first call on a fresh Queries"). Each restated case is paired with the
structured roll-up it is compared with; rounds are interleaved so that noise hits both alike.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bench.province import PROVINCE
from bench.reform_replay import REFORM_ON

PAST_DAY = date(2021, 10, 5)  # before the reform: the figures restated onto 2025's structure
FIRST_DAY, LAST_DAY = date(2006, 1, 1), date(2024, 12, 31)
# The comparison the issue names (structured roll-up of the past day), and the structured
# roll-up of the very tree the restated one shows (the structure of the reform's day).
SPECIFIED, SAME_SHAPE = "as specified", "same tree shown"


@dataclass
class Latencies:
    samples: dict[str, list[float]] = field(default_factory=dict)  # case -> ms
    # (restated case, structured case, SPECIFIED or SAME_SHAPE)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)
    commune: str = ""


def _timed(case: Callable[[], Any]) -> float:
    started = time.perf_counter_ns()
    case()
    return (time.perf_counter_ns() - started) / 1e6


def measure(settings: Any, commune: str, samples: int, seed: int) -> Latencies:
    """Median/p99 material for each case; `commune` is a new commune-level committee."""
    from projections.queries import Queries

    warm, cold = Queries(settings), Queries(settings)
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = [FIRST_DAY + timedelta(days=d) for d in rng.sample(range(span), samples + 1)]
    days = [d for d in days if d != PAST_DAY][:samples]
    on = REFORM_ON
    day = [PAST_DAY]  # the cold cases' day of this round

    shown = f"structured rollup(province, depth=1) on {on} (the tree restated onto)"
    commune_now = f"structured rollup({commune}) on {on}"
    cases: dict[str, Callable[[], Any]] = {
        "structured rollup(province, depth=1)": lambda: warm.rollup(
            PROVINCE, as_of=PAST_DAY, depth=1
        ),
        shown: lambda: warm.rollup(PROVINCE, as_of=on, depth=1),
        "restated(province, depth=1), warm": lambda: warm.restated(
            PROVINCE, as_of=PAST_DAY, structure_on=on, depth=1
        ),
        "structured rollup(province, depth=1), varying as_of": lambda: cold.rollup(
            PROVINCE, as_of=day[0], depth=1
        ),
        "restated(province, depth=1), cold": lambda: cold.restated(
            PROVINCE, as_of=day[0], structure_on=on, depth=1
        ),
        "structured rollup(province) full tree": lambda: warm.rollup(PROVINCE, as_of=PAST_DAY),
        "restated(province) full tree, warm": lambda: warm.restated(
            PROVINCE, as_of=PAST_DAY, structure_on=on
        ),
        "structured rollup(province) full tree, varying as_of": lambda: cold.rollup(
            PROVINCE, as_of=day[0]
        ),
        "restated(province) full tree, cold": lambda: cold.restated(
            PROVINCE, as_of=day[0], structure_on=on
        ),
        commune_now: lambda: warm.rollup(commune, as_of=on),
        f"restated({commune}), warm": lambda: warm.restated(
            commune, as_of=PAST_DAY, structure_on=on
        ),
        f"restated({commune}), cold": lambda: cold.restated(commune, as_of=day[0], structure_on=on),
    }
    names = list(cases)
    pairs = [
        (names[2], names[0], SPECIFIED),
        (names[2], shown, SAME_SHAPE),
        (names[4], names[3], SPECIFIED),
        (names[4], shown, SAME_SHAPE),
        (names[6], names[5], SPECIFIED),
        (names[8], names[7], SPECIFIED),
        (names[10], commune_now, SPECIFIED),
        (names[11], commune_now, SPECIFIED),
    ]
    # Load the tree in both objects and warm the warm cases' plans, pools and caches.
    for name in names:
        if "cold" not in name and "varying" not in name:
            for _ in range(5):
                cases[name]()
    cold.rollup(PROVINCE, as_of=PAST_DAY, depth=0)
    result = Latencies({name: [] for name in names}, pairs, commune)
    for sample in range(samples):
        day[0] = days[sample]
        for name in names:
            result.samples[name].append(_timed(cases[name]))
    fresh(settings, max(5, samples // 20), result)
    return result


def fresh(settings: Any, samples: int, result: Latencies) -> None:
    """The first call on a new Queries object: the tree is loaded from the tables first."""
    from projections.queries import Queries

    structured = "structured rollup(province) full tree, fresh Queries"
    restated = "restated(province) full tree, fresh Queries"
    result.samples[structured], result.samples[restated] = [], []
    for _ in range(samples):
        queries = Queries(settings)
        result.samples[structured].append(
            _timed(lambda q=queries: q.rollup(PROVINCE, as_of=PAST_DAY))
        )
        queries = Queries(settings)
        result.samples[restated].append(
            _timed(lambda q=queries: q.restated(PROVINCE, as_of=PAST_DAY, structure_on=REFORM_ON))
        )
    result.pairs.append((restated, structured, SPECIFIED))
