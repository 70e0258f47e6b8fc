"""Deltas are summed per key over a batch before they are written: the tables and the answers
must not depend on where the log is cut into batches, nor on entries sharing an instant or
arriving out of recording order."""

from __future__ import annotations

from datetime import date, timedelta

from fig_support import TREE, Clerk, Naive, found_tree, moment
from sqlalchemy import text

from domain.roll.values import EventType
from projections.queries import Queries
from projections.runner import Runner
from projections.store.engine import engines_for
from projections.store.schema import figure_tables
from services.registry import Registry

TABLES = ("ledger", "adj", "late", "early", "roll", "entry", "member")


def tables(settings, generation: int) -> dict[str, list]:
    """Every row of the generation's figure tables, without surrogate ids, sorted."""
    with engines_for(settings).read.connect() as conn:
        found = {}
        for name in TABLES:
            table = getattr(figure_tables(generation), name)
            rows = conn.execute(text(f"SELECT * FROM {table.name}")).mappings()
            found[name] = sorted(
                tuple(sorted((k, str(v)) for k, v in row.items() if k != "id")) for row in rows
            )
        return found


def crowded_history(settings, clock, make_profile) -> tuple[Registry, list, list]:
    """Many entries at one instant into the same cells (late ones crossing month and year ends),
    then entries recorded a little earlier than those but later in the log (a second worker
    whose clock is behind): the same running-total keys many times over in one batch."""
    registry = Registry(settings, clock=clock)  # projections detached: built afterwards
    found_tree(registry, clock)
    clerk = Clerk(registry, clock, make_profile)
    members = []

    def person(year: int):  # some still under 30: their 30th birthdays are early deltas
        return clerk.person(birth_date=date(year, 5, 5))

    busy = moment(date(2013, 2, 4))
    clock.set(busy)
    for org, day, year in [
        ("T1.D.C.1", date(2013, 2, 4), 1990),
        ("T1.D.C.1", date(2013, 2, 4), 1975),
        ("T1.D.C.2", date(2013, 1, 15), 1988),  # late: crosses the end of January
        ("T1.D.C.1", date(2012, 11, 20), 1970),  # late: crosses month ends and the year end
        ("T1.D.G", date(2012, 3, 1), 1991),
    ]:
        members.append(clerk.admit(org, day, person(year)).member_id)
    clerk.remove("T1.D.G", members[-1], date(2012, 12, 1), EventType.DIED)
    clock.set(busy - timedelta(seconds=30))  # recorded earlier, stored later
    members.append(clerk.admit("T1.D.C.1", date(2012, 12, 30), person(1985)).member_id)
    members.append(clerk.admit("T1.D.C.2", date(2013, 2, 4), person(1992)).member_id)
    clock.set(busy + timedelta(days=200))
    clerk.transfer("T1.D.C.1", members[0], "T1.D.C.2", date(2013, 8, 1))
    members.append(clerk.admit("T1.D.C.2", date(2013, 8, 1), person(1979)).member_id)
    instants = [busy - timedelta(seconds=31), busy - timedelta(seconds=1), busy, clock()]
    return registry, instants, members


def test_one_batch_per_event_and_one_batch_for_all_give_the_same_tables(
    settings, clock, make_profile
):
    registry, _instants, _members = crowded_history(settings, clock, make_profile)
    runner = Runner(registry, "figures")

    assert runner.catch_up(batch=1) == registry.max_position()
    one_by_one = tables(settings, 1)
    runner.rebuild(batch=2000)

    assert tables(settings, 2) == one_by_one
    assert one_by_one["adj"], "the late entries crossed month and year ends"
    assert one_by_one["early"], "members under 30 turn 30 after their recording day"


def test_entries_sharing_an_instant_agree_with_a_naive_replay_at_every_moment(
    settings, clock, make_profile
):
    registry, instants, members = crowded_history(settings, clock, make_profile)
    Runner(registry, "figures").rebuild(batch=2000)
    Runner(registry, "quotas").catch_up()
    queries, naive = Queries(settings, clock=clock), Naive(registry, TREE, members)

    for known_at in instants:
        for as_of in (date(2012, 6, 1), date(2012, 12, 31), date(2013, 1, 31), date(2013, 9, 1)):
            for org in TREE:
                expected = naive.roll(org, as_of, known_at)
                node = queries.rollup(org, as_of, known_at, depth=0)
                assert node.total == len(expected), (org, as_of, known_at)
                flows = queries.flows(org, as_of - timedelta(days=365), as_of, known_at)
                counted = naive.flows(org, as_of - timedelta(days=365), as_of, known_at)
                assert flows.admitted == counted.get("admitted", 0)
                assert flows.transferred_in == counted.get("transferred_in", 0)
                assert flows.transferred_out == counted.get("transferred_out", 0)
