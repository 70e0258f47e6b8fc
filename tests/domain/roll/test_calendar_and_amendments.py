"""Month arithmetic, and corrections and retractions folded in as of a moment of knowledge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import RuleViolation
from domain.roll.history import MemberHistory, effective
from domain.roll.member import Member
from domain.roll.values import EventType, MemberStatus, add_months, age_in_months, probation_end

TODAY = date(2026, 11, 21)
T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=10)
T2 = T0 + timedelta(days=20)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2020, 12, 1), 36, date(2023, 12, 1)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_clamped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_probation_of_a_29_february_ceremony_ends_on_28_february():
    assert probation_end(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2002, 3, 10), date(2020, 3, 10), 216),
        (date(2002, 3, 11), date(2020, 3, 10), 215),
        (date(2008, 2, 29), date(2026, 2, 28), 216),
        (date(2008, 2, 29), date(2026, 2, 27), 215),
        (date(2000, 1, 31), date(2000, 2, 29), 1),
        (date(1960, 3, 10), date(2020, 3, 10), 720),
    ],
)
def test_age_counts_full_months_and_a_month_end_completes_the_month(born, on, months):
    assert age_in_months(born, on) == months


def test_recognition_after_a_29_february_ceremony_is_on_28_february(book, person):
    book.record(book.cell, EventType.ADMITTED, person, date(2024, 2, 29))

    book.record(book.cell, EventType.RECOGNIZED, person, date(2025, 2, 28))

    assert book.history_of(person).status_on(date(2025, 2, 28)) == MemberStatus.OFFICIAL


def test_someone_born_on_29_february_turns_18_on_28_february(book, make_profile):
    leapling = make_profile(birth_date=date(2008, 2, 29))

    book.record(book.cell, EventType.ADMITTED, leapling, date(2026, 2, 28))

    assert book.history_of(leapling).org_on(date(2026, 2, 28)) == book.cell.code


# -- corrections and retractions, as known at a moment ---------------------------------


def admitted_then_corrected(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10), at=T0)
    correction = book.cell.correct(
        event_id=uuid4(),
        corrects=admitted["event_id"],
        reason="ceremony date mistyped",
        changes={"effective_on": date(2020, 3, 20), "member": {"full_name": "Trần Văn Đúng"}},
        today=TODAY,
        recorded_by="test",
        timestamp=T1,
    )
    return admitted, correction


def test_a_correction_applies_from_the_moment_it_is_known(book, person):
    admitted_then_corrected(book, person)

    before = effective(book.cell.entries, known_at=T0)
    after = effective(book.cell.entries, known_at=T1)

    assert [e["effective_on"] for e in before] == [date(2020, 3, 10)]
    assert [e["effective_on"] for e in after] == [date(2020, 3, 20)]
    assert after[0]["member"]["full_name"] == "Trần Văn Đúng"
    assert after[0]["member"]["national_id"] == person.national_id


def test_the_roll_as_known_before_a_correction_shows_the_original_date(book, person):
    admitted_then_corrected(book, person)
    member_id = book.member(person.national_id).id

    assert book.cell.roll_on(date(2020, 3, 15), known_at=T0) == {member_id}
    assert book.cell.roll_on(date(2020, 3, 15), known_at=T2) == set()
    assert book.cell.roll_on(date(2020, 3, 15)) == set()


def test_effective_entries_are_in_valid_time_order(book, make_profile):
    late, early = make_profile(), make_profile()
    book.record(book.cell, EventType.ADMITTED, late, date(2021, 5, 1), at=T0)
    book.record(book.cell, EventType.ADMITTED, early, date(2020, 5, 1), at=T1)

    days = [e["effective_on"] for e in effective(book.cell.entries)]

    assert days == [date(2020, 5, 1), date(2021, 5, 1)]


def test_a_retracted_event_is_as_if_it_never_happened_from_then_on(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10), at=T0)
    book.cell.retract(
        event_id=uuid4(),
        retracts=admitted["event_id"],
        reason="wrong person",
        recorded_by="test",
        timestamp=T1,
    )

    assert [e["type"] for e in effective(book.cell.entries, known_at=T0)] == ["admitted"]
    assert effective(book.cell.entries, known_at=T1) == []
    assert book.cell.roll_on(TODAY) == set()


def test_a_member_history_replays_corrections_and_retractions(book, person):
    member = book.member(person.national_id)
    _, correction = admitted_then_corrected(book, person)
    member.note(correction, T1)

    history = member.history()
    history_before = member.history(known_at=T0)

    assert history.stints[0].start == date(2020, 3, 20)
    assert history_before.stints[0].start == date(2020, 3, 10)
    assert member.profile["full_name"] == "Trần Văn Đúng"


def test_a_member_whose_removal_is_retracted_is_back_on_the_roll(book, person):
    member = book.member(person.national_id)
    book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10), at=T0)
    died = book.record(book.cell, EventType.DIED, person, date(2022, 1, 1), at=T0)
    retraction = book.cell.retract(
        event_id=uuid4(),
        retracts=died["event_id"],
        reason="not dead",
        recorded_by="t",
        timestamp=T1,
    )

    member.note(retraction, T1)

    assert member.history().died_on is None
    assert member.org_on(TODAY) == book.cell.code
    assert member.history(known_at=T0).died_on == date(2022, 1, 1)


def test_a_correction_that_breaks_a_rule_is_refused_by_the_member(book, person):
    member = book.member(person.national_id)
    book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10), at=T0)
    recognized = book.record(book.cell, EventType.RECOGNIZED, person, date(2021, 3, 10), at=T0)
    early = book.cell.correct(
        event_id=uuid4(),
        corrects=recognized["event_id"],
        reason="date",
        changes={"effective_on": date(2021, 1, 1)},
        today=TODAY,
        recorded_by="test",
        timestamp=T1,
    )

    with pytest.raises(RuleViolation) as refused:
        member.note(early, T1)

    assert refused.value.rule == "recognition_before_probation_end"


def test_replay_of_effective_entries_matches_the_member_history(book, person):
    book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    book.record(book.cell, EventType.RECOGNIZED, person, date(2021, 3, 10))
    member: Member = book.member(person.national_id)

    history = MemberHistory.replay(effective(member.entries))

    assert history.status_on(date(2021, 3, 10)) == MemberStatus.OFFICIAL
    assert history.org_on(date(2021, 3, 10)) == book.cell.code
    assert member.status_on(date(2021, 3, 10)) == MemberStatus.OFFICIAL
