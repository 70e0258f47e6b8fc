"""Read-your-writes, and reports of the past that later corrections and late entries never change."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from fig_support import Clerk, moment

from projections.queries import Queries
from services.wiring import build_registry


def test_a_read_right_after_a_command_includes_it(registry, province, clerk, queries):
    clerk.on(date(2024, 5, 2))

    receipt = clerk.admit(province.cell, date(2024, 5, 2))

    assert queries.position() >= receipt.position
    assert [m.member_id for m in queries.roll(province.cell).members] == [receipt.member_id]
    assert queries.rollup(province.province, depth=0).total == 1


def test_writers_in_two_workers_are_each_counted_once(
    settings, province, clock, make_profile, clerk
):
    clerk.on(date(2024, 5, 2))
    other = build_registry(settings, clock=clock)  # a second gunicorn worker, in effect
    workers = [clerk.registry, other]
    people = [[make_profile() for _ in range(6)] for _ in workers]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        writer = Clerk(workers[index], clock, make_profile)
        try:
            for person in people[index]:
                writer.admit(
                    province.cell if index else province.other_cell, date(2024, 5, 1), person
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()

    assert errors == []
    queries = Queries(settings, clock=clock)
    node = queries.rollup(province.province, date(2024, 5, 2), depth=None)
    assert node.total == 12
    assert queries.roll(province.committee, date(2024, 5, 2), subtree=True).total == 12


def test_a_report_of_the_past_is_exactly_what_was_answered_then(
    registry, province, clerk, queries, clock
):
    clerk.on(date(2020, 1, 10))
    first = clerk.admit(province.cell, date(2020, 1, 10))
    second = clerk.admit(province.other_cell, date(2020, 1, 10))
    clerk.on(date(2021, 1, 5))
    as_of, period = date(2020, 12, 31), (date(2020, 1, 1), date(2020, 12, 31))
    reported_at = clock()
    answers = (
        queries.rollup(province.province, as_of, depth=None),
        queries.roll(province.committee, as_of, subtree=True),
        queries.flows(province.district, *period),
        queries.indicators(province.district, *period, as_of=as_of),
        queries.series(province.district, *period),
    )

    clerk.on(date(2021, 3, 1))
    late = clerk.admit(province.cell, date(2020, 6, 1))  # a late entry
    corrected = clerk.correct(province.cell, first.event_id, {"effective_on": date(2020, 2, 1)})
    retracted = clerk.retract(province.other_cell, second.event_id)

    again = (
        queries.rollup(province.province, as_of, reported_at, depth=None),
        queries.roll(province.committee, as_of, reported_at, subtree=True),
        queries.flows(province.district, *period, reported_at),
        queries.indicators(province.district, *period, reported_at, as_of=as_of),
        queries.series(province.district, *period, reported_at),
    )
    assert again == answers
    now = queries.rollup(province.province, as_of, depth=None)
    assert (answers[0].total, now.total) == (2, 2)  # +1 late entry, -1 retracted admission
    diff = queries.diff(province.province, as_of, reported_at, clock())
    assert (diff.total_1, diff.total_2) == (2, 2)
    kinds = {(e.event_id, e.kind, e.effect) for e in diff.events}
    assert (late.event_id, "late_entry", 1) in kinds
    assert (retracted.event_id, "retraction", -1) in kinds
    assert corrected.event_id not in {e.event_id for e in diff.events}  # moved within the year
    assert sum(e.effect for e in diff.events) == diff.total_2 - diff.total_1
    february = queries.diff(province.province, date(2020, 1, 20), reported_at, clock())
    assert [(e.event_id, e.kind, e.effect) for e in february.events if e.kind == "correction"] == [
        (corrected.event_id, "correction", -1)
    ]


def test_member_view_shows_both_times(registry, province, clerk, queries, clock):
    clerk.on(date(2022, 3, 3))
    admitted = clerk.admit(province.cell, date(2022, 3, 1))
    clerk.on(date(2022, 4, 1))
    clerk.correct(province.cell, admitted.event_id, {"effective_on": date(2022, 3, 2)})

    view = queries.member(admitted.member_id)
    before = queries.member(admitted.member_id, known_at=moment(date(2022, 3, 20)))

    assert (view.org, view.status) == (province.cell, "probationary")
    assert [e.type for e in view.entries] == ["admitted", "correction"]
    assert [e.type for e in before.entries] == ["admitted"]
    assert view.entries[0].recorded_at + timedelta(days=29) == view.entries[1].recorded_at


def test_events_recorded_out_of_clock_order_are_counted_at_their_own_time(
    registry, province, clerk, queries
):
    clerk.on(date(2021, 3, 1))
    clerk.admit(province.cell, date(2020, 6, 1))
    clerk.on(date(2021, 2, 1))  # a worker whose clock lags: recorded "before" the first
    clerk.admit(province.other_cell, date(2020, 5, 1))

    def total(as_of, known_on):
        return queries.rollup(province.province, as_of, moment(known_on, 12), depth=0).total

    assert total(date(2020, 12, 31), date(2021, 2, 15)) == 1
    assert total(date(2020, 12, 31), date(2021, 3, 2)) == 2
    assert total(date(2021, 2, 20), date(2021, 2, 15)) == 1
    assert total(date(2020, 5, 15), date(2021, 3, 2)) == 1
    later = moment(date(2021, 3, 2))
    assert (
        queries.flows(province.district, date(2020, 1, 1), date(2020, 12, 31), later).admitted == 2
    )
