"""Nothing lost, nothing counted twice: every kind of reorganization keeps the affected subtree's roll."""

from __future__ import annotations

from datetime import date

import pytest

from domain.roll.values import OrgKind
from services.structure import reorganization as reorg
from tests import writes
from tests.services.structure.conftest import BY, EVE, D


def merge_cells(registry, tree, decision):
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    return tree.committee


def merge_committees_into_new(registry, tree, decision):
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )
    return tree.province


def split_cell(registry, tree, decision):
    first = tree.members[tree.cell][0]
    writes.split(
        registry,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members={first: tree.second_cell},
        default=tree.other_cell,
    )
    return tree.district


def split_into_founded(registry, tree, decision):
    new = [
        reorg.NewOrganization(f"T01.H01.DU01.CB1{i}", f"Chi bộ {i}", OrgKind.CELL, tree.committee)
        for i in (1, 2)
    ]
    members = dict(
        zip(
            tree.members[tree.cell],
            ["T01.H01.DU01.CB11", "T01.H01.DU01.CB12", "T01.H01.DU01.CB12"],
            strict=True,
        )
    )
    writes.split(
        registry, tree.cell, [n.code for n in new], D, decision, BY, members=members, found=new
    )
    return tree.committee


def move_cell(registry, tree, decision):
    writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)
    return tree.district


def dissolve_with_carry(registry, tree, decision):
    writes.dissolve(registry, tree.cell, D, decision, BY, carry_to=tree.second_cell)
    return tree.district


SCENARIOS = [
    merge_cells,
    merge_committees_into_new,
    split_cell,
    split_into_founded,
    move_cell,
    dissolve_with_carry,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_the_affected_subtree_keeps_its_roll_on_the_day_of_the_reorganization(
    registry, tree, decision, scenario
):
    scope = scenario(registry, tree, decision)

    checks = reorg.check_structure(registry)

    assert [(c.day, c.scope) for c in checks] == [(D, (scope,))]
    assert checks[0].balanced
    assert checks[0].before == checks[0].after == registry.roll_count(scope, EVE)
    assert registry.roll_count(scope, EVE) == registry.roll_count(scope, D)
    assert registry.roll_count(tree.province, EVE) == registry.roll_count(tree.province, D) == 7


def test_the_days_ordinary_events_are_counted_apart(registry, tree, decision, make_profile):
    from tests.services.structure.conftest import admit

    merge_cells(registry, tree, decision)
    admit(registry, tree.other_cell, make_profile(), D)

    (check,) = reorg.check_structure(registry)

    assert check.balanced
    assert (check.before, check.after, check.ordinary) == (5, 5, 1)
    assert registry.roll_count(tree.committee, D) == 6


def test_the_check_can_be_limited_to_a_subtree_or_a_day(registry, tree, decision):
    merge_cells(registry, tree, decision)
    writes.move(registry, tree.second_cell, tree.committee, date(2025, 8, 1), decision, BY)

    assert [c.day for c in reorg.check_structure(registry, tree.second_committee)] == [
        date(2025, 8, 1)
    ]
    assert [c.day for c in reorg.check_structure(registry, on=D)] == [D]
    assert len(reorg.check_structure(registry, tree.province)) == 2
