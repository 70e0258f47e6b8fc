"""Each reorganization decision says, before it runs, exactly which organizations it writes.

`touches` is what the web authorizes from: were it to miss an organization the decision writes,
a user could change a roll they may not; were it to name one the decision leaves alone, a user
would be refused for nothing. So each decision's answer is compared with the streams it wrote.
"""

from __future__ import annotations

import pytest

from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    DissolveOrganization,
    MergeOrganizations,
    MoveOrganization,
    RenameOrganization,
    SplitOrganization,
)
from services.front_door.handlers import Context, touches
from services.structure.decision import NewOrganization
from tests.services.structure.conftest import BY, D

NEW = "T01.H01.DU01.CB09"


def decisions(tree, decision) -> dict[str, Command]:
    """One decision of each kind on the `tree` fixture."""
    new = NewOrganization(NEW, "Chi bộ thôn Mới", OrgKind.CELL, tree.committee)
    first = tree.members[tree.cell][0]
    return {
        "rename": RenameOrganization(tree.cell, "Chi bộ thôn Một Mới", D, decision),
        "move": MoveOrganization(tree.cell, tree.second_committee, D, decision),
        "merge": MergeOrganizations((tree.cell, tree.other_cell), NEW, D, decision, found=new),
        "merge_committees": MergeOrganizations(
            (tree.second_committee,), tree.committee, D, decision
        ),
        "split": SplitOrganization(
            tree.cell,
            (tree.other_cell, tree.second_cell),
            D,
            decision,
            members={first: tree.second_cell},
            default=tree.other_cell,
        ),
        "dissolve": DissolveOrganization(tree.cell, D, decision, carry_to=tree.second_cell),
    }


def written(registry, before: int, codes: set[str]) -> set[str]:
    """The organizations among `codes` whose streams got events after position `before`."""
    streams = {registry.ids.organization(code): code for code in codes}
    stored = registry.recorder.select_notifications(start=before + 1, limit=10_000)
    return {streams[n.originator_id] for n in stored if n.originator_id in streams}


@pytest.mark.parametrize(
    "kind", ["rename", "move", "merge", "merge_committees", "split", "dissolve"]
)
def test_a_decision_touches_exactly_the_organizations_it_writes(registry, tree, decision, kind):
    command = decisions(tree, decision)[kind]
    named = touches(registry, command, Context(BY))
    codes = {*tree[:7], NEW}
    before = registry.max_position()

    handle(registry, command, recorded_by=BY)

    assert named == written(registry, before, codes)


def test_a_merger_touches_the_parents_and_children_it_changes(registry, tree, decision):
    merger = decisions(tree, decision)["merge_committees"]

    assert touches(registry, merger, Context(BY)) == {
        tree.second_committee,  # ended
        tree.district,  # lets go of it
        tree.second_cell,  # moves under the receiver
        tree.committee,  # receives the cell
    }
