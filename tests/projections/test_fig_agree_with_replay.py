"""Property: the projections agree with a naive replay of the log at any (as_of, known_at).

Random histories mix admissions, recognitions, transfers, removals, late entries, corrections
and retractions (the registry refuses what breaks the rules; refusals store nothing). The
naive side replays the aggregates: Organization.roll_on and Member.history(known_at).
"""

from __future__ import annotations

import random
from datetime import timedelta

from fig_support import EPOCH_DAY, STEP, TREE, Clerk, Naive, found_tree, play
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.roll.values import MemberStatus
from projections.store.metrics import FLAGS


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=5, max_size=28), seed=st.integers(0, 2**32))
def test_figures_agree_with_a_naive_replay(fresh_world, clock, make_profile, steps, seed):
    registry, queries = fresh_world()
    found_tree(registry, clock)
    instants, member_ids = play(Clerk(registry, clock, make_profile), steps)
    naive = Naive(registry, TREE, member_ids)
    rng = random.Random(seed)
    last_day = instants[-1].date() + timedelta(days=2)

    for _ in range(6):
        known_at = rng.choice([*instants, clock()]) + timedelta(seconds=rng.choice([-1, 0, 1]))
        as_of = EPOCH_DAY + timedelta(days=rng.randint(-30, (last_day - EPOCH_DAY).days + 30))
        for org in ("T1", "T1.D.C", "T1.D.C.1", "T1.D.G"):
            expected = naive.roll(org, as_of, known_at)
            roll = queries.roll(org, as_of, known_at, subtree=True)
            assert {m.member_id: m.status for m in roll.members} == {
                k: v.value for k, v in expected.items()
            }
            node = queries.rollup(org, as_of, known_at, depth=1)
            official = sum(1 for s in expected.values() if s == MemberStatus.OFFICIAL)
            assert (node.total, node.official) == (len(expected), official)
            first = as_of - timedelta(days=rng.randint(0, 400))
            flows = queries.flows(org, first, as_of, known_at)
            counted = naive.flows(org, first, as_of, known_at)
            assert flows.admitted == counted.get("admitted", 0)
            assert flows.transferred_in == counted.get("transferred_in", 0)
            assert flows.transferred_out == counted.get("transferred_out", 0)
            assert flows.recognized == counted.get("recognized", 0)
            assert flows.died + flows.struck_off + flows.expelled == sum(
                counted.get(k, 0) for k in ("died", "struck_off", "expelled")
            )
            shares = queries.indicators(org, first, as_of, known_at, as_of=as_of).roll
            counts = [getattr(shares, flag).count for flag in FLAGS]
            assert counts == naive.shares(expected, as_of, known_at)
