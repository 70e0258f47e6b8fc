"""Every rule of a member's history (domain/roll/history.py), on aggregates built directly."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from domain.roll.values import EventType, MemberStatus, StrikeOffReason

ADMITTED = EventType.ADMITTED
READMITTED = EventType.READMITTED
TRANSFERRED_IN = EventType.TRANSFERRED_IN
RECOGNIZED = EventType.RECOGNIZED
STRUCK_OFF = EventType.STRUCK_OFF
EXPELLED = EventType.EXPELLED
DIED = EventType.DIED
ANNULLED = EventType.ADMISSION_ANNULLED
CEREMONY = date(2020, 3, 10)
PROBATION_END = date(2021, 3, 10)


def test_an_admitted_person_is_probationary_on_the_roll_from_the_ceremony(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    history = book.history_of(person)

    assert history.org_on(CEREMONY) == book.cell.code
    assert history.org_on(date(2020, 3, 9)) is None
    assert history.status_on(CEREMONY) == MemberStatus.PROBATIONARY
    assert history.probation_from == CEREMONY


def test_a_person_cannot_be_taken_onto_a_second_roll(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.other_cell, TRANSFERRED_IN, person, date(2022, 1, 5), from_outside="X")

    assert refused.value.rule == "on_two_rolls"
    assert refused.value.details["org"] == book.cell.code


def test_a_removal_needs_the_member_on_that_roll(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.other_cell, DIED, person, date(2022, 1, 5))

    assert refused.value.rule == "not_on_roll"


def test_a_removal_cannot_take_effect_before_the_intake(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, STRUCK_OFF, person, date(2020, 3, 9), reason="other")

    assert refused.value.rule == "not_on_roll"


def test_recognition_of_someone_never_admitted_is_refused(book, person):
    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    assert refused.value.rule == "not_on_roll"


def test_recognition_before_twelve_months_of_probation_is_refused(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, date(2021, 3, 9))

    assert refused.value.rule == "recognition_before_probation_end"
    assert refused.value.details["effective_on"] == "2021-03-10"


def test_recognition_takes_effect_exactly_twelve_months_after_the_ceremony(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, date(2021, 4, 1))

    assert refused.value.rule == "recognition_effective_date"
    assert refused.value.details["effective_on"] == "2021-03-10"


def test_recognition_on_the_anniversary_makes_an_official_member(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    history = book.history_of(person)
    assert history.status_on(date(2021, 3, 9)) == MemberStatus.PROBATIONARY
    assert history.status_on(PROBATION_END) == MemberStatus.OFFICIAL
    assert history.probation_from is None


def test_an_official_member_cannot_be_recognized_again(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    assert refused.value.rule == "already_official"


def test_a_member_transferred_in_as_official_is_already_official(book, person):
    book.record(book.cell, TRANSFERRED_IN, person, date(2022, 1, 5), from_outside="Tỉnh khác")

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, date(2023, 1, 5))

    assert refused.value.rule == "already_official"


def test_a_probationary_transfer_keeps_its_ceremony_date_for_recognition(book, person):
    book.record(
        book.cell,
        TRANSFERRED_IN,
        person,
        date(2020, 9, 1),
        from_outside="Tỉnh khác",
        status="probationary",
        admitted_on=CEREMONY,
    )

    book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    assert book.history_of(person).status_on(PROBATION_END) == MemberStatus.OFFICIAL


def test_a_probationary_transfer_without_ceremony_date_cannot_be_recognized(book, person):
    book.record(
        book.cell, TRANSFERRED_IN, person, date(2020, 9, 1), from_outside="X", status="probationary"
    )

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    assert refused.value.rule == "probation_unknown"


def test_a_probationary_member_cannot_be_expelled(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, EXPELLED, person, date(2020, 6, 1))

    assert refused.value.rule == "expulsion_of_probationary"


def test_an_official_member_can_be_expelled(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    book.record(book.cell, EXPELLED, person, date(2022, 6, 1))

    assert book.history_of(person).org_on(date(2022, 6, 1)) is None
    assert book.history_of(person).stints[-1].ended_by == "expelled"


def test_failed_probation_applies_only_to_probationary_members(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, RECOGNIZED, person, PROBATION_END)

    with pytest.raises(RuleViolation) as refused:
        book.record(
            book.cell, STRUCK_OFF, person, date(2022, 1, 5), reason=StrikeOffReason.FAILED_PROBATION
        )

    assert refused.value.rule == "failed_probation_of_official"


def test_a_probationary_member_can_be_struck_off_for_failed_probation(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)

    book.record(
        book.cell, STRUCK_OFF, person, date(2021, 3, 1), reason=StrikeOffReason.FAILED_PROBATION
    )

    assert book.history_of(person).current is None


def test_a_former_member_must_be_readmitted_not_admitted(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, STRUCK_OFF, person, date(2020, 12, 1), reason="voluntary_leave")

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, ADMITTED, person, date(2024, 1, 5))

    assert refused.value.rule == "readmission_required"


def test_after_an_annulled_admission_a_plain_admission_is_allowed(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, ANNULLED, person, date(2020, 4, 1))

    book.record(book.cell, ADMITTED, person, date(2022, 5, 1))

    assert book.history_of(person).org_on(date(2022, 5, 1)) == book.cell.code


def test_readmission_decided_before_36_months_is_refused(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, STRUCK_OFF, person, date(2020, 12, 1), reason="non_attendance")

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, READMITTED, person, date(2024, 1, 5), decision_on=date(2023, 11, 30))

    assert refused.value.rule == "readmission_too_early"
    assert "2023-12-01" in refused.value.message


def test_readmission_decided_36_months_after_leaving_is_accepted(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, STRUCK_OFF, person, date(2020, 12, 1), reason="non_attendance")

    book.record(book.cell, READMITTED, person, date(2024, 1, 5), decision_on=date(2023, 12, 1))

    history = book.history_of(person)
    assert history.status_on(date(2024, 1, 5)) == MemberStatus.PROBATIONARY
    assert history.probation_from == date(2024, 1, 5)


def test_the_ceremony_cannot_precede_the_admission_decision(book, person):
    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, ADMITTED, person, CEREMONY, decision_on=date(2020, 3, 11))

    assert refused.value.rule == "ceremony_before_decision"


def test_a_person_under_18_on_the_decision_date_cannot_be_admitted(book, make_profile):
    minor = make_profile(birth_date=date(2002, 3, 11))

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, ADMITTED, minor, CEREMONY, decision_on=date(2020, 3, 10))

    assert refused.value.rule == "admission_age"
    assert "at least 18" in refused.value.message


def test_a_person_18_on_the_decision_date_can_be_admitted(book, make_profile):
    adult = make_profile(birth_date=date(2002, 3, 10))

    book.record(book.cell, ADMITTED, adult, CEREMONY, decision_on=date(2020, 3, 10))

    assert book.history_of(adult).org_on(CEREMONY) == book.cell.code


def test_a_person_over_60_needs_provincial_approval(book, make_profile):
    elder = make_profile(birth_date=date(1960, 2, 9))

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, ADMITTED, elder, CEREMONY, decision_on=date(2020, 3, 10))

    assert refused.value.rule == "admission_age"
    assert "provincial_approval" in refused.value.message


def test_a_person_over_60_with_provincial_approval_can_be_admitted(book, make_profile):
    elder = make_profile(birth_date=date(1960, 2, 9))

    book.record(
        book.cell,
        ADMITTED,
        elder,
        CEREMONY,
        decision_on=date(2020, 3, 10),
        provincial_approval="45-CV/TU",
    )

    assert book.history_of(elder).org_on(CEREMONY) == book.cell.code


def test_a_person_exactly_60_needs_no_approval(book, make_profile):
    sixty = make_profile(birth_date=date(1960, 3, 10))

    book.record(book.cell, ADMITTED, sixty, CEREMONY, decision_on=date(2020, 3, 10))

    assert book.history_of(sixty).org_on(CEREMONY) == book.cell.code


def test_the_age_counts_on_the_decision_date_not_the_ceremony(book, make_profile):
    young = make_profile(birth_date=date(2002, 3, 1))

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, ADMITTED, young, CEREMONY, decision_on=date(2020, 2, 20))

    assert refused.value.rule == "admission_age"


def test_nothing_can_be_recorded_about_a_member_after_their_death(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, DIED, person, date(2020, 8, 1))

    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, READMITTED, person, date(2024, 1, 5))

    assert refused.value.rule == "member_deceased"
    assert book.history_of(person).died_on == date(2020, 8, 1)


def test_a_refused_event_leaves_the_member_unchanged(book, person):
    book.record(book.cell, ADMITTED, person, CEREMONY)
    member = book.member(person.national_id)
    version = member.version

    with pytest.raises(RuleViolation):
        book.record(book.cell, EXPELLED, person, date(2020, 6, 1))

    assert member.version == version
    assert not [e for e in member.entries if e["type"] == EventType.EXPELLED]


def test_the_profile_is_the_latest_intake_attributes(book, make_profile):
    person = make_profile(full_name="Lê Thị Cũ")
    book.record(book.cell, ADMITTED, person, CEREMONY)
    book.record(book.cell, STRUCK_OFF, person, date(2020, 12, 1), reason="other")

    renamed = make_profile(national_id=person.national_id, full_name="Lê Thị Mới")
    book.record(book.cell, READMITTED, renamed, date(2024, 1, 5))

    assert book.member(person.national_id).profile["full_name"] == "Lê Thị Mới"
