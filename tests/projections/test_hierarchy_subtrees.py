"""A tree's subtrees are kept between reads, and every change of structure shows at once."""

from __future__ import annotations

from datetime import date

from projections.structure.hierarchy import Hierarchy, Link, OrgNode

FOUNDED = date(2000, 1, 1)
REFORM = date(2025, 7, 1)
BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)


def tree() -> Hierarchy:
    h = Hierarchy()
    for code, parent, kind in (
        ("T", None, "province"),
        ("H1", "T", "district"),
        ("H2", "T", "district"),
        ("H1.C1", "H1", "cell"),
        ("H1.C2", "H1", "cell"),
        ("H2.C1", "H2", "cell"),
    ):
        h.add(OrgNode(code, code, kind, FOUNDED), Link(code, parent, FOUNDED))
    return h


def test_a_subtree_read_again_is_the_same_and_the_callers_own_list() -> None:
    h = tree()
    first = h.subtree("T", BEFORE)
    first.append("NOT-AN-ORG")
    assert h.subtree("T", BEFORE) == ["T", "H1", "H2", "H1.C1", "H1.C2", "H2.C1"]
    assert h.subtree("T", BEFORE, depth=1) == ["T", "H1", "H2"]


def test_a_move_shows_in_the_next_subtree_on_its_day_and_not_before() -> None:
    h = tree()
    assert h.subtree("H2", AFTER) == ["H2", "H2.C1"]
    h.move("H1.C2", "H2", REFORM)
    assert h.subtree("H2", AFTER) == ["H2", "H1.C2", "H2.C1"]
    assert h.subtree("H1", AFTER) == ["H1", "H1.C1"]
    assert h.subtree("H1", BEFORE) == ["H1", "H1.C1", "H1.C2"]


def test_an_ending_and_a_founding_show_in_the_next_subtree() -> None:
    h = tree()
    assert h.subtree("H1", AFTER) == ["H1", "H1.C1", "H1.C2"]
    h.end("H1.C1", REFORM)
    assert h.subtree("H1", AFTER) == ["H1", "H1.C2"]
    h.add(OrgNode("H1.C3", "H1.C3", "cell", REFORM), Link("H1.C3", "H1", REFORM))
    assert h.subtree("H1", AFTER) == ["H1", "H1.C2", "H1.C3"]
    assert h.subtree("H1", BEFORE) == ["H1", "H1.C1", "H1.C2"]
