"""Property: the projections agree with a naive replay of the log at any (as_of, known_at).

Random histories mix admissions, recognitions, transfers, removals, late entries, corrections
and retractions (the registry refuses what breaks the rules; refusals store nothing). The
naive side replays the aggregates: Organization.roll_on and Member.history(known_at).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from conftest import CELLS, EPOCH_DAY, TREE, Clerk, found_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.timeline import effective
from domain.values import EventType, MemberStatus, add_months
from projections.metrics import FLAGS

STEP = st.tuples(
    st.integers(0, 9),  # operation
    st.integers(0, 2),  # cell
    st.integers(0, 10_000),  # which member / event
    st.integers(0, 90),  # days the clock advances
    st.sampled_from([0, 0, 0, 0, 1, 20, 200, 500]),  # lateness of the entry, in days
    st.integers(0, 10_000),  # extra choice
)
REMOVALS = [EventType.DIED, EventType.STRUCK_OFF, EventType.EXPELLED, EventType.TRANSFERRED_OUT]


def play(clerk: Clerk, steps: list[tuple[int, ...]]) -> tuple[list, list]:
    """Run the steps; returns the recording instants (for sampling known_at)."""
    today = EPOCH_DAY
    members: list[tuple[object, str]] = []  # (member_id, cell of the last intake)
    events: list[tuple[object, str]] = []  # (event_id, org)
    instants = []
    for op, cell_i, pick, advance, lateness, extra in steps:
        today += timedelta(days=advance)
        clerk.on(today, hour=8 + extra % 10)
        instants.append(clerk.clock())
        cell = CELLS[cell_i]
        day = today - timedelta(days=lateness)
        receipt = None
        if op <= 2 or not members:
            young = extra % 3 == 0
            born = date(1996 if young else 1975, 1 + extra % 12, 1 + extra % 28)
            sex = "female" if extra % 2 else "male"
            profile = clerk.person(
                birth_date=born, sex=sex, ethnicity="Tày" if extra % 5 == 0 else "Kinh"
            )
            action = clerk.admit if op <= 1 else clerk.arrive
            receipt = clerk.attempt(action, cell, day, profile)
            if receipt:
                members.append((receipt.member_id, cell))
        else:
            member_id, home = members[pick % len(members)]
            org = clerk.registry.get_member(member_id).org_on(today) or home
            if op == 3:  # the first member whose probation is over, from the picked one on
                for k in range(len(members)):
                    candidate, home = members[(pick + k) % len(members)]
                    where = clerk.registry.get_member(candidate).org_on(today) or home
                    receipt = clerk.attempt(clerk.recognize, where, candidate)
                    if receipt:
                        break
            elif op in (4, 5):
                other = CELLS[(CELLS.index(org) + 1 + extra % 2) % 3] if org in CELLS else cell
                receipt = clerk.attempt(clerk.transfer, org, member_id, other, day)
            elif op == 6:
                kind = REMOVALS[extra % 3]
                receipt = clerk.attempt(clerk.remove, org, member_id, day, kind)
            elif op in (7, 8) and events:
                event_id, event_org = events[pick % len(events)]
                shift = timedelta(days=extra % 120 - 60)
                entry = clerk.registry.get_organization(event_org).find_entry(event_id)
                new_day = min(entry["effective_on"] + shift, today)
                if op == 7:
                    changes = {"effective_on": new_day}
                else:
                    changes = (
                        {"member": {"sex": "female"}}
                        if "member" in entry
                        else {"effective_on": new_day}
                    )
                receipt = clerk.attempt(clerk.correct, event_org, event_id, changes)
            elif op == 9 and events:
                event_id, event_org = events[pick % len(events)]
                receipt = clerk.attempt(clerk.retract, event_org, event_id)
        if receipt is not None and receipt.org in CELLS:
            events.append((receipt.event_id, receipt.org))
    return instants, [member_id for member_id, _ in members]


class Naive:
    """The aggregates loaded once, replayed directly for each (as_of, known_at)."""

    def __init__(self, registry, codes, member_ids) -> None:
        self.orgs = {code: registry.get_organization(code) for code in codes}
        self.members = {m: registry.get_member(m) for m in member_ids}

    def subtree(self, org: str, day: date) -> list:
        found, pending = [], [org]
        while pending:
            node = self.orgs[pending.pop()]
            found.append(node)
            pending.extend(node.children_on(day))
        return found

    def roll(self, org: str, as_of: date, known_at) -> dict:
        """member_id -> status."""
        found = {}
        for node in self.subtree(org, as_of):
            for member_id in node.roll_on(as_of, known_at):
                history = self.members[member_id].history(known_at)
                found[member_id] = history.status_on(as_of)
        return found

    def flows(self, org: str, first: date, last: date, known_at) -> dict[str, int]:
        inside = {o.code for o in self.subtree(org, last)}
        counts: dict[str, int] = {}
        for code in inside:
            for entry in effective(self.orgs[code].entries, known_at):
                if not first <= entry["effective_on"] <= last:
                    continue
                other = entry.get("to") or (
                    None if entry.get("from_outside") else entry.get("from")
                )
                if entry["type"] in ("transferred_in", "transferred_out") and other in inside:
                    continue
                counts[entry["type"]] = counts.get(entry["type"], 0) + 1
        return counts

    def shares(self, roll: dict, as_of: date, known_at) -> list[int]:
        shares = [0] * len(FLAGS)
        for member_id in roll:
            profile = self.members[member_id].history(known_at).profile
            values = [
                profile["sex"] == "female",
                profile["ethnicity"] != "Kinh",
                bool(profile["religion"]),
                bool(profile["youth_union"]),
                as_of < add_months(profile["birth_date"], 360),
                profile["education"] in ("college", "university", "postgraduate"),
                profile["education"] == "postgraduate",
                profile["sector"] in ("private_enterprise", "foreign_enterprise"),
            ]
            shares = [s + int(v) for s, v in zip(shares, values, strict=True)]
        return shares


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
