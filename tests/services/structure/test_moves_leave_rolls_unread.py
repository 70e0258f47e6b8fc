"""A move counts the members it takes from the roll's standings: a cell loaded from its snapshot
is moved, and its members counted, without its roll history being decoded."""

from __future__ import annotations

from tests import writes
from tests.services.structure.conftest import BY, D


def test_a_cell_loaded_from_its_snapshot_is_moved_and_counted_with_its_roll_unread(
    registry, tree, decision
):
    for code in (tree.cell, tree.committee, tree.second_committee):
        registry.take_snapshot(registry.ids.organization(code))
    registry.forget_cached()  # as a process opening the database would read them

    outcome = writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)

    assert outcome.received == {tree.second_committee: 3}
    cell = registry.get_organization(tree.cell)
    assert cell.parent_on(D) == tree.second_committee
    assert not cell.roll.loaded
    assert cell.roll_on(D) == set(tree.members[tree.cell])  # what the entries give, read now
