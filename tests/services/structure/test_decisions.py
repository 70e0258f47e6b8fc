"""Reorganization decisions through the service layer, on both databases: each one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from domain.roll.values import EventType, MemberStatus, OrgKind
from services.roll.commands import (
    Counterpart,
    MemberRef,
    Recognize,
    Remove,
    Retract,
    TransferOut,
)
from services.structure import reorganization as reorg
from tests import writes
from tests.services.structure.conftest import BY, EVE, D, admit


def refused(registry, rule, call, *args, **kwargs):
    """The decision is refused by `rule` and nothing at all is stored."""
    before = registry.max_position()
    with pytest.raises(RuleViolation) as error:
        call(registry, *args, **kwargs)
    assert error.value.rule == rule
    assert registry.max_position() == before


def test_merging_cells_carries_their_members_to_the_successor(registry, tree, decision):
    outcome = writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)

    assert outcome.carried == {tree.other_cell: 3}
    assert outcome.ended == [tree.cell]
    assert registry.roll_count(tree.cell, EVE) == 3
    assert registry.roll_count(tree.cell, D) == 0
    assert registry.roll_count(tree.other_cell, D) == 5
    assert registry.get_organization(tree.committee).children_on(D) == [tree.other_cell]


def test_a_carried_member_keeps_status_and_probation_and_is_recognized_in_the_successor(
    registry, tree, decision, make_profile
):
    probationer = admit(registry, tree.cell, make_profile(), date(2025, 3, 2))
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)

    receipt = writes.recognize(
        registry, tree.other_cell, Recognize(MemberRef(member_id=probationer), None), BY
    )

    member = registry.get_member(probationer)
    assert member.history().stints[0].ended_by == "carried_out"
    assert member.status_on(D) == MemberStatus.PROBATIONARY
    assert member.status_on(date(2026, 3, 2)) == MemberStatus.OFFICIAL
    assert registry.get_organization(tree.other_cell).find_entry(receipt.event_id)[
        "effective_on"
    ] == date(2026, 3, 2)


def test_carries_are_paired_and_named_as_reorganization_entries(registry, tree, decision):
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)

    out = [e for e in registry.stream(tree.cell) if e["type"] == EventType.CARRIED_OUT]
    into = [e for e in registry.stream(tree.other_cell) if e["type"] == EventType.CARRIED_IN]

    assert len(out) == len(into) == 3
    assert {e["pair"] for e in out} == {e["event_id"] for e in into}
    assert {(e["to"], e["reorganization"], e["decision_no"]) for e in out} == {
        (tree.other_cell, "merged", decision.number)
    }


def test_merging_committees_into_a_founded_successor_moves_their_cells(registry, tree, decision):
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)

    outcome = writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )

    successor = registry.get_organization("T01.X01")
    assert outcome.founded == ["T01.X01"]
    assert sorted(successor.children_on(D)) == [tree.cell, tree.other_cell, tree.second_cell]
    assert registry.get_organization(tree.cell).parent_on(EVE) == tree.committee
    assert registry.roll_count("T01.X01", D) == 7
    assert registry.roll_count(tree.district, D) == 0
    assert successor.predecessors() == [
        (tree.committee, D, "merged"),
        (tree.second_committee, D, "merged"),
    ]


def test_a_merge_into_an_organization_without_a_roll_is_refused(registry, tree, decision):
    refused(
        registry,
        "org_holds_no_members",
        writes.merge,
        [tree.cell],
        tree.second_committee,
        D,
        decision,
        BY,
    )


def test_a_merge_into_itself_is_refused(registry, tree, decision):
    refused(registry, "successor_is_source", writes.merge, [tree.cell], tree.cell, D, decision, BY)


def test_a_merge_over_events_after_its_day_is_refused(registry, tree, decision, make_profile):
    admit(registry, tree.cell, make_profile(), date(2025, 8, 1))

    refused(
        registry, "events_after_end", writes.merge, [tree.cell], tree.other_cell, D, decision, BY
    )


def test_splitting_assigns_members_to_successors(registry, tree, decision):
    first, *rest = tree.members[tree.cell]

    outcome = writes.split(
        registry,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members={first: tree.second_cell},
        default=tree.other_cell,
    )

    assert outcome.carried == {tree.second_cell: 1, tree.other_cell: 2}
    assert registry.get_member(first).org_on(D) == tree.second_cell
    assert {registry.get_member(m).org_on(D) for m in rest} == {tree.other_cell}
    assert registry.get_organization(tree.cell).successors() == [
        (tree.other_cell, D, "split"),
        (tree.second_cell, D, "split"),
    ]


@pytest.mark.parametrize(
    ("assignment", "rule"),
    [
        ("none", "split_unassigned"),
        ("stranger", "not_on_roll"),
        ("elsewhere", "not_a_successor"),
    ],
)
def test_a_split_must_assign_exactly_its_members_to_its_successors(
    registry, tree, decision, assignment, rule
):
    members = {
        "none": {},
        "stranger": {tree.members[tree.other_cell][0]: tree.other_cell},
        "elsewhere": dict.fromkeys(tree.members[tree.cell], tree.cell),
    }[assignment]

    refused(
        registry,
        rule,
        writes.split,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members=members,
    )


def test_moving_a_committee_takes_its_cells_and_members_along(registry, tree, decision):
    writes.found_organization(
        registry,
        "T01.H02",
        "Đảng bộ huyện Hai",
        OrgKind.DISTRICT,
        tree.province,
        date(1995, 1, 1),
        BY,
    )

    outcome = writes.move(registry, tree.committee, "T01.H02", D, decision, BY)

    assert outcome.moved == [(tree.committee, tree.district, "T01.H02")]
    assert (registry.roll_count(tree.district, EVE), registry.roll_count(tree.district, D)) == (
        7,
        2,
    )
    assert (registry.roll_count("T01.H02", EVE), registry.roll_count("T01.H02", D)) == (0, 5)


def test_a_cell_moved_under_the_province_is_refused_by_its_kind(registry, tree, decision):
    refused(registry, "parent_kind", writes.move, tree.cell, tree.province, D, decision, BY)


def test_renaming_keeps_both_names_dated(registry, tree, decision):
    writes.rename(registry, tree.cell, "Chi bộ thôn Một Mới", D, decision, BY)

    cell = registry.get_organization(tree.cell)
    assert (cell.name_on(EVE), cell.name_on(D)) == ("Chi bộ thôn Một", "Chi bộ thôn Một Mới")


def test_dissolving_an_empty_organization_ends_it(registry, tree, decision):
    writes.found_organization(
        registry,
        "T01.H01.DU01.CB09",
        "Chi bộ trống",
        OrgKind.CELL,
        tree.committee,
        date(2010, 1, 1),
        BY,
    )

    outcome = writes.dissolve(registry, "T01.H01.DU01.CB09", D, decision, BY)

    assert outcome.ended == ["T01.H01.DU01.CB09"]
    assert registry.get_organization(tree.committee).children_on(D) == [tree.cell, tree.other_cell]


def test_dissolving_an_organization_with_members_is_refused_unless_they_are_carried(
    registry, tree, decision
):
    refused(registry, "roll_not_empty", writes.dissolve, tree.cell, D, decision, BY)

    outcome = writes.dissolve(registry, tree.cell, D, decision, BY, carry_to=tree.second_cell)

    assert outcome.carried == {tree.second_cell: 3}
    assert registry.get_organization(tree.cell).successors() == [(tree.second_cell, D, "dissolved")]


def test_dissolving_a_committee_with_cells_is_refused(registry, tree, decision):
    refused(registry, "has_children", writes.dissolve, tree.second_committee, D, decision, BY)


def test_an_ended_organization_refuses_later_roll_events_and_children(
    registry, tree, decision, make_profile
):
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    member = tree.members[tree.other_cell][0]

    with pytest.raises(RuleViolation) as admission:
        admit(registry, tree.cell, make_profile(), date(2025, 9, 2))
    with pytest.raises(RuleViolation) as transfer:
        writes.transfer_out(
            registry,
            tree.other_cell,
            TransferOut(
                MemberRef(member_id=member),
                date(2025, 9, 2),
                destination=Counterpart(code=tree.cell),
            ),
            BY,
        )

    assert admission.value.rule == transfer.value.rule == "org_ended"


def test_an_ended_committee_takes_no_new_child(registry, tree, decision):
    writes.merge(registry, [tree.second_committee], tree.committee, D, decision, BY)

    with pytest.raises(RuleViolation) as error:
        writes.found_organization(
            registry,
            "T01.H01.DU02.CB09",
            "Chi bộ mới",
            OrgKind.CELL,
            tree.second_committee,
            date(2025, 9, 1),
            BY,
        )

    assert error.value.rule == "org_ended"


def test_carries_cannot_be_retracted_nor_removals_of_an_ended_roll(
    registry, tree, decision, make_profile
):
    dead = admit(registry, tree.cell, make_profile(), date(2020, 3, 2))
    death = writes.remove(
        registry,
        tree.cell,
        Remove(MemberRef(member_id=dead), date(2024, 1, 5), removal=EventType.DIED),
        BY,
    )
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    carry = next(e for e in registry.stream(tree.cell) if e["type"] == EventType.CARRIED_OUT)

    with pytest.raises(RuleViolation) as of_carry:
        writes.retract(registry, tree.cell, Retract(carry["event_id"], "nhầm"), BY)
    with pytest.raises(RuleViolation) as of_death:
        writes.retract(registry, tree.cell, Retract(death.event_id, "nhầm"), BY)

    assert of_carry.value.rule == "reorganization_entry"
    assert of_death.value.rule == "org_ended"


def test_a_carry_cannot_be_recorded_as_a_roll_event(registry, tree):
    member = tree.members[tree.cell][0]

    with pytest.raises(RuleViolation) as error:
        writes.remove(
            registry,
            tree.other_cell,
            Remove(MemberRef(member_id=member), D, removal=EventType.CARRIED_IN),
            BY,
        )

    assert error.value.rule == "reorganization_entry"
