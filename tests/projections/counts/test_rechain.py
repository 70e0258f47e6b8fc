"""Rechaining a member's contribution to a changed tree equals replaying their history under it.

A change of structure carries each affected member's stored cells over to the new tree
(projections/counts/rechain.py) instead of replaying the member's entries. Here one member's
random history is counted under a tree, the tree is changed from a day on (a cell moved, a
district moved, a parent ended with its cell moved the same day), and the rechained cells must
be exactly the replay's under the new tree, or rechaining must say it cannot tell (None) and
leave it to the replay. Cells counted between two halves of one decision (the parent ended,
the cell not yet moved) must never be carried over as if they were right.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.counts import contribution as contrib
from projections.counts.rechain import rechain
from projections.structure.hierarchy import Hierarchy, Link, OrgNode
from tests.projections.counts.test_contribution_extension import CELLS, OPS, START, Clerk, play


def carried(hierarchy: Hierarchy, entries: list[Any], change: Any, on: date) -> tuple[Any, Any]:
    """(rechained cells, replayed cells) after `change` is applied to the tree from `on`."""
    before = contrib.compute(entries, hierarchy)
    after = copy.deepcopy(hierarchy)
    change(after)
    return rechain(before.cells, before.stints, after, on), contrib.compute(entries, after).cells


def test_a_cell_moved_under_a_member_on_its_roll_is_rechained_without_a_replay() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    assert clerk.recognize()
    on = date(2015, 7, 1)
    got, replayed = carried(
        clerk.member.hierarchy, clerk.member.entries, lambda h: h.move("P.A.1", "P.B", on), on
    )
    assert got is not None
    assert got == replayed
    chains = {chain for chain, _ in got}
    assert ("P.A.1", "P.B", "P") in chains and ("P.A.1", "P.A", "P") in chains


def test_a_transfer_on_or_after_the_day_is_left_to_the_replay() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    on = date(2015, 7, 1)
    assert clerk.transfer("P.A.2", on + timedelta(days=10))
    got, replayed = carried(
        clerk.member.hierarchy, clerk.member.entries, lambda h: h.move("P.A.2", "P.B", on), on
    )
    assert got is None
    assert replayed  # the replay still counts the member


def test_cells_counted_between_two_halves_of_a_decision_are_never_carried_over() -> None:
    """The parent ended and its cell not yet moved: the cell has no place from the day on, so
    those cells hold nothing from then, though the member is still on its roll."""
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    on = date(2015, 7, 1)
    halfway = copy.deepcopy(clerk.member.hierarchy)
    halfway.end("P.A", on)
    counted = contrib.compute(clerk.member.entries, halfway)
    done = copy.deepcopy(halfway)
    done.move("P.A.1", "P.B", on)

    assert rechain(counted.cells, counted.stints, done, on) is None
    # Counted with the whole decision, the same member is carried over.
    whole = contrib.compute(clerk.member.entries, clerk.member.hierarchy)
    assert (
        rechain(whole.cells, whole.stints, done, on)
        == contrib.compute(clerk.member.entries, done).cells
    )


def test_a_member_counted_twice_under_overlapping_links_is_left_to_the_replay() -> None:
    """A move of P.A recorded after a later one but dated before it: P.A's links overlap from
    that day and the old tree counted the member at P twice. A merger that ends P.A that day
    drops the overlap: carrying the double count over would be wrong."""
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    on = date(2015, 1, 1)
    clerk.member.hierarchy.move("P.A", "P.B", date(2020, 1, 1))
    clerk.member.hierarchy.move("P.A", "P", on)

    def merge(h: Hierarchy) -> None:
        h.move("P.A.1", "P.B", on)
        h.end("P.A", on)

    got, replayed = carried(clerk.member.hierarchy, clerk.member.entries, merge, on)
    assert got is None
    assert replayed


def deeper_tree() -> Hierarchy:
    """P > P.A, P.B > cells, and a second level P.A.X between P.A and a cell."""
    h = Hierarchy()
    day = date(2000, 1, 1)
    for code, parent in (("P", None), ("P.A", "P"), ("P.B", "P"), ("P.A.X", "P.A")):
        h.add(OrgNode(code, code, "committee", day), Link(code, parent, day))
    for cell in CELLS:
        h.add(OrgNode(cell, cell, "cell", day), Link(cell, cell[:3], day))
    return h


CHANGES = st.sampled_from(["move_cell", "move_branch", "end_parent", "move_twice"])


@settings(max_examples=200, deadline=None)
@given(
    ops=st.lists(OPS, min_size=1, max_size=12),
    change=CHANGES,
    offset=st.integers(-900, 900),
    overlapping=st.booleans(),
)
def test_any_history_rechained_after_any_change_equals_the_replay_or_is_left_to_it(
    ops: list[Any], change: str, offset: int, overlapping: bool
) -> None:
    clerk = Clerk()
    clerk.member.hierarchy = deeper_tree()
    for op in ops:
        play(clerk, *op)  # entries, and moves of cells under the old tree too
    day = START + timedelta(days=max(1, 900 + offset))
    if overlapping:  # the old tree's links of P.A overlap from the day (a retroactive move)
        clerk.member.hierarchy.move("P.A", "P.B", day + timedelta(days=300))
        clerk.member.hierarchy.move("P.A", "P", day)

    def apply(h: Hierarchy) -> None:
        if change == "move_cell":
            h.move("P.A.1", "P.B", day)
        elif change == "move_branch":
            h.move("P.A", "P.B", day)  # every cell under P.A gains an ancestor
        elif change == "end_parent":  # a merger: everything under P.A moves, then it ends
            for child in ("P.A.1", "P.A.2", "P.A.X"):
                h.move(child, "P.B", day)
            h.end("P.A", day)
        else:
            h.move("P.A.2", "P.B", day)
            h.move("P.A.2", "P.A.X", day + timedelta(days=200))

    got, replayed = carried(clerk.member.hierarchy, clerk.member.entries, apply, day)
    assert got is None or got == replayed
