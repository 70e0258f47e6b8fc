"""Corrections and retractions through the Registry: new events pointing at old ones, pairs kept."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue, NotFound, RuleViolation
from services.roll.commands import Correct, Counterpart, MemberRef, Retract, TransferIn
from tests import writes

CLERK = "clerk@test"
TODAY = date(2026, 11, 21)


def test_a_correction_moves_the_effective_date_and_keeps_the_original(
    registry, province, admit, clock
):
    admitted, _ = admit(province.cell, date(2020, 3, 10))
    original = registry.stream(province.cell)[0]
    known_before = clock.advance(minutes=1)
    clock.advance(days=1)

    receipt = writes.correct(
        registry,
        province.cell,
        Correct(admitted.event_id, "ngày kết nạp ghi nhầm", {"effective_on": date(2020, 3, 20)}),
        CLERK,
    )

    stream = registry.stream(province.cell)
    assert stream[0] == original
    assert (stream[1]["type"], stream[1]["corrects"]) == ("correction", admitted.event_id)
    assert stream[1]["event_id"] == receipt.event_id
    org = registry.get_organization(province.cell)
    assert org.roll_on(date(2020, 3, 15)) == set()
    assert org.roll_on(date(2020, 3, 15), known_at=known_before) == {admitted.member_id}
    assert registry.roll_count(province.cell, date(2020, 3, 20)) == 1


def test_a_correction_of_member_attributes_changes_the_profile(registry, province, admit):
    admitted, person = admit(province.cell)

    writes.correct(
        registry,
        province.cell,
        Correct(admitted.event_id, "sai chính tả", {"member": {"full_name": "Nguyễn Văn Đúng"}}),
        CLERK,
    )

    profile = registry.get_member(admitted.member_id).profile
    assert profile["full_name"] == "Nguyễn Văn Đúng"
    assert profile["national_id"] == person.national_id
    assert registry.stream(province.cell)[-1]["changes"] == {
        "member": {"full_name": "Nguyễn Văn Đúng"}
    }


def test_a_correction_with_a_bad_attribute_is_refused(registry, province, admit):
    admitted, _ = admit(province.cell)
    before = registry.max_position()

    with pytest.raises(InvalidValue) as invalid:
        writes.correct(
            registry,
            province.cell,
            Correct(admitted.event_id, "x", {"member": {"sex": "x"}}),
            CLERK,
        )

    assert invalid.value.field == "member.sex"
    assert registry.max_position() == before


def test_a_correction_that_breaks_the_member_rules_stores_nothing(registry, province, official):
    admitted = official(province.cell)
    recognition = registry.stream(province.cell)[-1]
    before = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        writes.correct(
            registry,
            province.cell,
            Correct(recognition["event_id"], "x", {"effective_on": date(2021, 1, 1)}),
            CLERK,
        )

    assert refused.value.rule == "recognition_before_probation_end"
    assert registry.max_position() == before
    assert registry.get_member(admitted.member_id).status_on(TODAY) is not None


def test_a_retraction_removes_an_admission_from_the_roll(registry, province, admit):
    admitted, _ = admit(province.cell)

    receipt = writes.retract(
        registry, province.cell, Retract(admitted.event_id, "nhầm người"), CLERK
    )

    assert registry.stream(province.cell)[-1]["retracts"] == admitted.event_id
    assert receipt.member_id == admitted.member_id
    assert registry.get_organization(province.cell).roll_on(TODAY) == set()
    assert registry.get_member(admitted.member_id).org_on(TODAY) is None


def test_a_retracted_event_cannot_be_retracted_again(registry, province, admit):
    admitted, _ = admit(province.cell)
    writes.retract(registry, province.cell, Retract(admitted.event_id, "nhầm người"), CLERK)
    before = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        writes.retract(registry, province.cell, Retract(admitted.event_id, "lần nữa"), CLERK)

    assert refused.value.rule == "already_retracted"
    assert registry.max_position() == before


def test_an_event_of_another_organization_cannot_be_amended_here(registry, province, admit):
    admitted, _ = admit(province.cell)

    with pytest.raises(NotFound):
        writes.retract(registry, province.other_cell, Retract(admitted.event_id, "x"), CLERK)


def transferred(registry, province, official):
    admitted = official(province.cell)
    command = TransferIn(
        MemberRef(member_id=admitted.member_id),
        date(2024, 4, 1),
        source=Counterpart(code=province.cell),
    )
    return admitted, writes.transfer_in(registry, province.other_cell, command, CLERK)


def test_retracting_one_side_of_a_transfer_retracts_both(registry, province, official):
    admitted, moved = transferred(registry, province, official)

    writes.retract(
        registry, province.other_cell, Retract(moved.event_id, "chuyển nhầm chi bộ"), CLERK
    )

    assert registry.stream(province.other_cell)[-1]["type"] == "retraction"
    assert registry.stream(province.cell)[-1]["type"] == "retraction"
    assert registry.get_organization(province.cell).roll_on(TODAY) == {admitted.member_id}
    assert registry.get_organization(province.other_cell).roll_on(TODAY) == set()
    assert registry.get_member(admitted.member_id).org_on(TODAY) == province.cell


def test_correcting_the_date_of_one_side_of_a_transfer_corrects_both(registry, province, official):
    admitted, moved = transferred(registry, province, official)

    writes.correct(
        registry,
        province.other_cell,
        Correct(moved.event_id, "ngày chuyển", {"effective_on": date(2024, 5, 1)}),
        CLERK,
    )

    member = registry.get_member(admitted.member_id)
    assert member.org_on(date(2024, 4, 15)) == province.cell
    assert member.org_on(date(2024, 5, 1)) == province.other_cell
    assert registry.get_organization(province.cell).roll_on(date(2024, 4, 15)) == {
        admitted.member_id
    }
    assert registry.stream(province.cell)[-1]["changes"] == {"effective_on": date(2024, 5, 1)}
