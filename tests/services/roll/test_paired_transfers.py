"""Transfers inside the deployment: both organizations' streams change in one transaction, or neither."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from domain.roll.values import MemberStatus
from services.roll.commands import Counterpart, MemberRef, TransferIn, TransferOut
from tests import writes

CLERK = "clerk@test"
TODAY = date(2026, 11, 21)
MOVED_ON = date(2024, 4, 1)


def test_a_transfer_in_from_inside_records_both_sides(registry, province, official):
    admitted = official(province.cell)
    command = TransferIn(
        MemberRef(member_id=admitted.member_id),
        MOVED_ON,
        source=Counterpart(code=province.cell),
    )

    receipt = writes.transfer_in(registry, province.other_cell, command, CLERK)

    arrived = registry.stream(province.other_cell)[-1]
    left = registry.stream(province.cell)[-1]
    assert (arrived["type"], arrived["from"], arrived["effective_on"]) == (
        "transferred_in",
        province.cell,
        MOVED_ON,
    )
    assert (left["type"], left["to"], left["effective_on"]) == (
        "transferred_out",
        province.other_cell,
        MOVED_ON,
    )
    assert arrived["event_id"] == receipt.event_id
    assert (arrived["pair"], left["pair"]) == (left["event_id"], arrived["event_id"])
    assert registry.get_organization(province.cell).roll_on(TODAY) == set()
    assert registry.get_organization(province.other_cell).roll_on(TODAY) == {admitted.member_id}


def test_a_transfer_inside_keeps_the_status_and_the_probation_clock(registry, province, admit):
    admitted, _ = admit(province.cell, date(2025, 6, 20))
    ref = MemberRef(member_id=admitted.member_id)

    writes.transfer_out(
        registry,
        province.cell,
        TransferOut(ref, date(2025, 9, 1), destination=Counterpart(code=province.other_cell)),
        CLERK,
    )

    member = registry.get_member(admitted.member_id)
    assert member.org_on(date(2025, 9, 1)) == province.other_cell
    assert member.status_on(date(2025, 9, 1)) == MemberStatus.PROBATIONARY
    assert member.history().probation_from == date(2025, 6, 20)
    assert registry.stream(province.other_cell)[-1]["type"] == "transferred_in"


def test_a_transfer_out_to_inside_stores_both_sides_and_the_member_notes(
    registry, province, official
):
    admitted = official(province.cell)
    before = registry.max_position()

    receipt = writes.transfer_out(
        registry,
        province.cell,
        TransferOut(
            MemberRef(member_id=admitted.member_id),
            MOVED_ON,
            destination=Counterpart(code=province.other_cell),
        ),
        CLERK,
    )

    stored = registry.recorder.select_notifications(start=before + 1, limit=10)
    assert receipt.position == registry.max_position() == stored[-1].id
    assert sorted(n.topic.rsplit(".", 1)[1] for n in stored) == [
        "EntryNoted",
        "EntryNoted",
        "TransferredIn",
        "TransferredOut",
    ]
    assert {n.originator_id for n in stored} == {
        registry.ids.organization(province.cell),
        registry.ids.organization(province.other_cell),
        admitted.member_id,
    }


def test_a_refusal_on_the_destination_stores_nothing_at_the_origin(registry, province, official):
    admitted = official(province.cell)
    before = registry.max_position()
    origin = registry.stream(province.cell)
    command = TransferIn(
        MemberRef(member_id=admitted.member_id), MOVED_ON, source=Counterpart(code=province.cell)
    )

    with pytest.raises(RuleViolation) as refused:
        writes.transfer_in(registry, province.committee, command, CLERK)

    assert refused.value.rule == "org_holds_no_members"
    assert registry.max_position() == before
    assert registry.stream(province.cell) == origin
    assert registry.get_organization(province.cell).roll_on(TODAY) == {admitted.member_id}


def test_a_refusal_on_the_origin_stores_nothing_at_the_destination(registry, province, admit):
    admitted, _ = admit(province.other_cell)
    before = registry.max_position()
    command = TransferIn(
        MemberRef(member_id=admitted.member_id), MOVED_ON, source=Counterpart(code=province.cell)
    )

    with pytest.raises(RuleViolation) as refused:
        writes.transfer_in(registry, province.other_cell, command, CLERK)

    assert refused.value.rule == "not_on_roll"
    assert registry.max_position() == before
    assert registry.stream(province.cell) == []


def test_a_transfer_needs_two_different_organizations(registry, province, official):
    admitted = official(province.cell)
    command = TransferOut(
        MemberRef(member_id=admitted.member_id), MOVED_ON, destination=Counterpart(province.cell)
    )

    with pytest.raises(RuleViolation) as refused:
        writes.transfer_out(registry, province.cell, command, CLERK)

    assert refused.value.rule == "transfer_to_itself"
