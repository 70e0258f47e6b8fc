"""Each roll command through the Registry, on SQLite and PostgreSQL: stored, or refused with nothing stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.roll.values import EventType, MemberStatus, StrikeOffReason
from services.roll.commands import (
    Admit,
    Counterpart,
    Decision,
    MemberRef,
    Readmit,
    Recognize,
    Remove,
    TransferIn,
    TransferOut,
)
from tests import writes

CLERK = "clerk@test"
TODAY = date(2026, 11, 21)


def test_an_admission_puts_a_probationary_member_on_the_roll(registry, province, make_profile):
    person = make_profile()
    command = Admit(
        MemberRef(profile=person), date(2025, 3, 10), Decision("12-QĐ/ĐU", date(2025, 3, 1))
    )

    receipt = writes.admit(registry, province.cell, command, CLERK)

    assert receipt.member_id == registry.ids.member(person.national_id)
    assert receipt.org == province.cell
    assert receipt.position == registry.max_position()
    assert not receipt.replayed
    [entry] = registry.stream(province.cell)
    assert entry["event_id"] == receipt.event_id
    assert entry["type"] == "admitted"
    assert entry["decision_no"] == "12-QĐ/ĐU"
    assert entry["member"]["full_name"] == person.full_name
    assert registry.get_organization(province.cell).roll_on(TODAY) == {receipt.member_id}
    member = registry.get_member(receipt.member_id)
    assert member.status_on(TODAY) == MemberStatus.PROBATIONARY
    assert member.profile["birth_date"] == person.birth_date


def test_the_roll_count_covers_the_whole_subtree(registry, province, admit):
    admit(province.cell)
    admit(province.cell)
    admit(province.other_cell)

    assert registry.roll_count(province.province, TODAY) == 3
    assert registry.roll_count(province.other_cell, TODAY) == 1
    assert registry.roll_count(province.province, date(2020, 3, 9)) == 0


def test_recognition_is_computed_twelve_months_after_the_ceremony(registry, province, admit):
    admitted, _ = admit(province.cell, date(2025, 2, 28))

    receipt = writes.recognize(
        registry, province.cell, Recognize(MemberRef(member_id=admitted.member_id), None), CLERK
    )

    entry = registry.stream(province.cell)[-1]
    assert entry["event_id"] == receipt.event_id
    assert entry["type"] == "recognized"
    assert entry["effective_on"] == date(2026, 2, 28)
    member = registry.get_member(admitted.member_id)
    assert member.status_on(date(2026, 2, 27)) == MemberStatus.PROBATIONARY
    assert member.status_on(date(2026, 2, 28)) == MemberStatus.OFFICIAL


def test_recognition_before_the_anniversary_is_refused(registry, province, admit):
    admitted, _ = admit(province.cell, date(2026, 3, 10))
    command = Recognize(MemberRef(member_id=admitted.member_id), None)

    with pytest.raises(RuleViolation) as refused:
        writes.recognize(registry, province.cell, command, CLERK)

    assert refused.value.rule == "future_date"


def test_a_transfer_in_from_outside_brings_an_official_member(registry, province, make_profile):
    person = make_profile()
    command = TransferIn(
        MemberRef(profile=person),
        date(2024, 6, 1),
        source=Counterpart(outside="Đảng bộ tỉnh Nghệ An"),
        status=MemberStatus.OFFICIAL,
    )

    receipt = writes.transfer_in(registry, province.cell, command, CLERK)

    entry = registry.stream(province.cell)[-1]
    assert entry["type"] == "transferred_in"
    assert entry["from_outside"] == "Đảng bộ tỉnh Nghệ An"
    assert registry.get_member(receipt.member_id).status_on(TODAY) == MemberStatus.OFFICIAL
    assert registry.get_organization(province.cell).roll_on(TODAY) == {receipt.member_id}


def test_a_probationary_transfer_from_outside_keeps_its_probation(registry, province, make_profile):
    command = TransferIn(
        MemberRef(profile=make_profile()),
        date(2026, 1, 15),
        source=Counterpart(outside="Đảng bộ tỉnh Nghệ An"),
        status=MemberStatus.PROBATIONARY,
        admitted_on=date(2025, 9, 2),
    )
    receipt = writes.transfer_in(registry, province.cell, command, CLERK)

    writes.recognize(
        registry, province.cell, Recognize(MemberRef(member_id=receipt.member_id), None), CLERK
    )

    assert registry.stream(province.cell)[-1]["effective_on"] == date(2026, 9, 2)
    member = registry.get_member(receipt.member_id)
    assert member.status_on(date(2026, 9, 1)) == MemberStatus.PROBATIONARY
    assert member.status_on(date(2026, 9, 2)) == MemberStatus.OFFICIAL


def test_a_transfer_out_to_outside_takes_the_member_off_the_roll(registry, province, official):
    admitted = official(province.cell)
    command = TransferOut(
        MemberRef(member_id=admitted.member_id),
        date(2025, 8, 1),
        destination=Counterpart(outside="Đảng bộ Quân khu 4"),
    )

    writes.transfer_out(registry, province.cell, command, CLERK)

    org = registry.get_organization(province.cell)
    assert org.roll_on(date(2025, 7, 31)) == {admitted.member_id}
    assert org.roll_on(date(2025, 8, 1)) == set()
    assert org.entries[-1]["to_outside"] == "Đảng bộ Quân khu 4"


def test_an_official_member_is_expelled(registry, province, official):
    admitted = official(province.cell)
    command = Remove(
        MemberRef(member_id=admitted.member_id), date(2024, 5, 2), removal=EventType.EXPELLED
    )

    writes.remove(registry, province.cell, command, CLERK)

    assert registry.get_organization(province.cell).roll_on(TODAY) == set()
    assert registry.get_member(admitted.member_id).history().stints[-1].ended_by == "expelled"


def test_a_member_is_struck_off_with_a_reason(registry, province, admit):
    admitted, _ = admit(province.cell)
    command = Remove(
        MemberRef(member_id=admitted.member_id),
        date(2020, 9, 1),
        removal=EventType.STRUCK_OFF,
        reason=StrikeOffReason.NON_ATTENDANCE,
    )

    writes.remove(registry, province.cell, command, CLERK)

    entry = registry.stream(province.cell)[-1]
    assert (entry["type"], entry["reason"]) == ("struck_off", "non_attendance")
    assert registry.get_organization(province.cell).roll_on(TODAY) == set()


def test_a_death_ends_the_membership_and_any_later_event_is_refused(registry, province, admit):
    admitted, _ = admit(province.cell)
    writes.remove(
        registry,
        province.cell,
        Remove(MemberRef(member_id=admitted.member_id), date(2021, 1, 4), removal=EventType.DIED),
        CLERK,
    )
    later = Readmit(MemberRef(member_id=admitted.member_id), date(2025, 1, 4))

    with pytest.raises(RuleViolation) as refused:
        writes.readmit(registry, province.cell, later, CLERK)

    assert refused.value.rule == "member_deceased"
    assert registry.get_member(admitted.member_id).history().died_on == date(2021, 1, 4)


def test_an_annulled_admission_takes_the_person_off_and_allows_a_new_admission(
    registry, province, admit
):
    admitted, person = admit(province.cell)
    annul = Remove(
        MemberRef(member_id=admitted.member_id),
        date(2020, 4, 1),
        removal=EventType.ADMISSION_ANNULLED,
        reason="hồ sơ không đúng",
    )

    writes.remove(registry, province.cell, annul, CLERK)
    again, _ = admit(province.other_cell, date(2023, 5, 5), profile=person)

    assert registry.get_organization(province.cell).roll_on(TODAY) == set()
    assert registry.get_organization(province.other_cell).roll_on(TODAY) == {again.member_id}
    assert again.member_id == admitted.member_id


def test_a_former_member_is_readmitted_after_36_months(registry, province, admit):
    admitted, _ = admit(province.cell, date(2015, 1, 10))
    ref = MemberRef(member_id=admitted.member_id)
    writes.remove(
        registry,
        province.cell,
        Remove(ref, date(2019, 6, 1), removal=EventType.STRUCK_OFF, reason="voluntary_leave"),
        CLERK,
    )

    receipt = writes.readmit(
        registry,
        province.other_cell,
        Readmit(ref, date(2022, 6, 15), Decision("7", date(2022, 6, 1))),
        CLERK,
    )

    assert registry.get_organization(province.other_cell).roll_on(TODAY) == {receipt.member_id}
    member = registry.get_member(admitted.member_id)
    assert member.status_on(date(2022, 6, 15)) == MemberStatus.PROBATIONARY
    assert member.org_on(date(2018, 1, 1)) == province.cell


def test_an_intake_of_an_unknown_person_needs_their_attributes(registry, province):
    command = Readmit(MemberRef(national_id="001190099999"), date(2022, 6, 15))

    with pytest.raises(InvalidValue) as invalid:
        writes.readmit(registry, province.cell, command, CLERK)

    assert invalid.value.field == "member"


def test_a_removal_of_an_unknown_person_is_not_found(registry, province):
    command = Remove(MemberRef(national_id="001190099999"), date(2022, 6, 15))

    with pytest.raises(NotFound):
        writes.remove(registry, province.cell, command, CLERK)


def test_a_command_on_an_unknown_organization_is_not_found(registry, province, make_profile):
    command = Admit(MemberRef(profile=make_profile()), date(2025, 3, 10))

    with pytest.raises(NotFound):
        writes.admit(registry, "T99.NOWHERE", command, CLERK)


def refusals(province, admitted_id, person):
    """(organization, registry method, command, rule): each must be refused."""
    ref = MemberRef(member_id=admitted_id)
    return [
        (province.committee, "admit", Admit(MemberRef(profile=person), date(2025, 3, 10)),
         "org_holds_no_members"),
        (province.cell, "admit", Admit(MemberRef(profile=person), date(2026, 11, 22)),
         "future_date"),
        (province.cell, "admit", Admit(MemberRef(profile=person), date(1999, 12, 1)),
         "before_founding"),
        (province.other_cell, "transfer_in",
         TransferIn(ref, date(2024, 1, 1), source=Counterpart(outside="X")), "on_two_rolls"),
        (province.cell, "recognize", Recognize(ref, date(2021, 3, 1)),
         "recognition_before_probation_end"),
        (province.cell, "remove", Remove(ref, date(2020, 6, 1), removal=EventType.EXPELLED),
         "expulsion_of_probationary"),
        (province.other_cell, "remove", Remove(ref, date(2021, 1, 1)), "not_on_roll"),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(7))
def test_nothing_is_stored_when_a_rule_refuses(registry, province, admit, make_profile, case):
    admitted, _ = admit(province.cell)
    newcomer = make_profile()
    org, method, command, rule = refusals(province, admitted.member_id, newcomer)[case]
    before = registry.max_position()
    streams = {code: registry.stream(code) for code in (province.cell, province.other_cell)}

    with pytest.raises(RuleViolation) as refused:
        getattr(writes, method)(registry, org, command, CLERK)

    assert refused.value.rule == rule
    assert registry.max_position() == before
    assert {code: registry.stream(code) for code in streams} == streams
    with pytest.raises(NotFound):
        registry.get_member(registry.ids.member(newcomer.national_id))


def test_today_is_the_date_in_vietnam_and_the_event_records_the_clock(
    registry, province, make_profile, clock
):
    clock.set(datetime(2026, 11, 21, 18, 30, tzinfo=UTC))  # 01:30 on 22 November in Hà Nội
    command = Admit(MemberRef(profile=make_profile()), date(2026, 11, 22))

    receipt = writes.admit(registry, province.cell, command, CLERK)

    assert receipt.recorded_at == datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
    assert registry.stream(province.cell)[-1]["recorded_at"] == receipt.recorded_at
    clock.advance(hours=-2)  # 23:30 on 21 November in Hà Nội: the 22nd is the future again
    with pytest.raises(RuleViolation) as refused:
        writes.admit(
            registry,
            province.other_cell,
            Admit(MemberRef(profile=make_profile()), date(2026, 11, 22)),
            CLERK,
        )
    assert refused.value.rule == "future_date"
