"""A successor founded by the decision itself is named apart among what the decision writes
(`founds`, with its parent), since nobody may write a code that does not exist yet: the writer
is asked for the parent. Naming an existing code as founded never opens its stream: the
decision is refused whole (`code_taken`)."""

from __future__ import annotations

import pytest

from domain.errors import RuleViolation
from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import MergeOrganizations, RenameOrganization, SplitOrganization
from services.front_door.handlers import Context, founds, touches
from services.structure.decision import NewOrganization
from tests.services.structure.conftest import BY, D

NEW = "T01.H01.DU01.CB09"


def test_a_merger_names_the_successor_it_founds_with_its_parent(registry, tree, decision):
    new = NewOrganization(NEW, "Chi bộ thôn Mới", OrgKind.CELL, tree.committee)
    merger = MergeOrganizations((tree.cell, tree.other_cell), NEW, D, decision, found=new)

    assert founds(merger) == {NEW: tree.committee}
    assert {NEW, tree.committee} <= touches(registry, merger, Context(BY))


def test_a_split_names_each_successor_it_founds(registry, tree, decision):
    made = tuple(
        NewOrganization(code, name, OrgKind.CELL, tree.committee)
        for code, name in ((NEW, "Bắc"), ("T01.H01.DU01.CB08", "Nam"))
    )
    split = SplitOrganization(
        tree.cell, (NEW, "T01.H01.DU01.CB08"), D, decision, default=NEW, found=made
    )

    assert founds(split) == {NEW: tree.committee, "T01.H01.DU01.CB08": tree.committee}


def test_a_decision_founding_nothing_names_nothing_founded(tree, decision):
    merger = MergeOrganizations((tree.cell,), tree.other_cell, D, decision)

    assert founds(merger) == {}
    assert founds(RenameOrganization(tree.cell, "Chi bộ Mới", D, decision)) == {}


def test_an_existing_code_named_as_founded_is_refused_and_nothing_stored(registry, tree, decision):
    # the second committee's cell exists: founding it again would write its stream
    taken = NewOrganization(tree.second_cell, "Chi bộ giả", OrgKind.CELL, tree.committee)
    merger = MergeOrganizations((tree.cell,), tree.second_cell, D, decision, found=taken)
    before = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        handle(registry, merger, recorded_by=BY)

    assert refused.value.rule == "code_taken"
    assert registry.max_position() == before
