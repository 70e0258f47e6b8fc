"""A user's reach over a dated tree (web/permissions/reach.py): which days each organization is theirs."""

from __future__ import annotations

from datetime import date, timedelta

from projections.structure.hierarchy import Hierarchy, Link, OrgNode
from services.store.users import User
from web.permissions.reach import Reach

FOUNDED = date(2000, 1, 1)
D = date(2024, 3, 1)  # the cell moves from A to B
E = date(2025, 7, 1)  # the district ends
EVE = D - timedelta(days=1)


def tree() -> Hierarchy:
    """T ── H ── A ── C (moves to B on D);  H ── B;  T ── X ── XC (X ends on E, XC goes to T)."""
    h = Hierarchy()
    for code, kind, parent in [
        ("T", "province", None),
        ("H", "district", "T"),
        ("A", "grassroots_committee", "H"),
        ("B", "grassroots_committee", "H"),
        ("C", "cell", "A"),
        ("X", "district", "T"),
        ("XC", "cell", "X"),
    ]:
        h.add(OrgNode(code, code, kind, FOUNDED), Link(code, parent, FOUNDED))
    h.move("C", "B", D)
    h.move("XC", "T", E)
    h.end("X", E)
    return h


def reach(org: str, role: str = "officer") -> Reach:
    return Reach(User(1, f"{org.lower()}.{role}", org, role), tree())


def test_the_old_parent_reaches_the_moved_cell_until_the_eve_of_the_move() -> None:
    old = reach("A")

    assert old.intervals("C") == [(FOUNDED, EVE)]
    assert (old.covers("C", EVE), old.covers("C", D)) == (True, False)


def test_the_new_parent_reaches_the_moved_cell_from_the_move_on() -> None:
    new = reach("B")

    assert new.intervals("C") == [(D, date.max)]
    assert (new.covers("C", EVE), new.covers("C", D)) == (False, True)


def test_a_period_across_the_move_is_cut_to_the_part_each_parent_held() -> None:
    start, end = date(2024, 1, 1), date(2024, 12, 31)

    assert reach("A").window("C", start, end) == (start, EVE)
    assert reach("B").window("C", start, end) == (D, end)
    assert reach("H").window("C", start, end) == (start, end)
    assert reach("A").window("C", D, end) is None


def test_an_ended_organization_is_read_as_on_its_last_day() -> None:
    province, own = reach("T"), reach("X")
    last = E - timedelta(days=1)

    assert province.covers("X", date(2026, 1, 1)) is True
    assert own.covers("X", date(2026, 1, 1)) is True
    assert own.intervals("XC") == [(FOUNDED, last)]
    assert own.covers("XC", E) is False


def test_a_clerk_reaches_its_own_organization_and_the_cells_below_only() -> None:
    clerk = reach("H", "clerk")

    assert clerk.covers("H", D) is True
    assert clerk.covers("C", D) is True
    assert clerk.covers("A", D) is False


def test_nobody_reaches_an_unknown_code_or_a_sibling() -> None:
    a = reach("A")

    assert (a.knows("Z"), a.covers("Z", D), a.window("Z", FOUNDED, D)) == (False, False, None)
    assert a.intervals("B") == []
    assert Reach(User(2, "tat", "A", "officer", disabled=True), tree()).intervals("A") == []
