"""Extending a member's contribution entry by entry equals recomputing their whole history.

The figures projection extends a member's contribution when an entry lands at or after their
last effective day (projections/counts/extension.py) and recomputes the whole history
otherwise. Here one member's entries are appended one at a time, the way the projection does
it (extend when it can, recompute when it cannot or when the tree moved), and after every
entry the contribution must be the whole recompute's: same cells per (chain, day), same roll
stints. Random histories mix in-order and same-day entries, late entries, corrections,
retractions, intakes that change the profile and moves of cells. No database is involved:
the property test against the naive replay (test_fig_agree_with_replay.py) judges the tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import RuleViolation
from domain.roll.entry import Entry
from domain.roll.values import EventType, add_months, probation_end
from projections.counts import contribution as contrib
from projections.counts import extension
from projections.structure.hierarchy import Hierarchy, Link, OrgNode

START = date(2010, 1, 4)
CELLS = ("P.A.1", "P.A.2", "P.B.1")
MEMBER = UUID(int=7)
PROFILE = {"full_name": "Lê Thị Hoa", "birth_date": date(1985, 6, 1), "sex": "female"}


def tree() -> Hierarchy:
    h = Hierarchy()
    for code, parent in (("P", None), ("P.A", "P"), ("P.B", "P"), *((c, c[:3]) for c in CELLS)):
        h.add(OrgNode(code, code, "cell", date(2000, 1, 1)), Link(code, parent, date(2000, 1, 1)))
    return h


@dataclass
class Member:
    """One member projected the way figures.py does it, beside the whole recompute."""

    hierarchy: Hierarchy
    entries: list[Entry]
    cells: dict[contrib.Key, Any]
    stints: list[Any]
    replay: contrib.Replay | None = None
    extended: int = 0

    def note(self, entry: Entry) -> bool:
        """Append an entry the rules accept (False when they refuse it, nothing kept)."""
        step = None if self.replay is None else extension.extend(self.replay, entry, self.hierarchy)
        try:
            whole = contrib.compute([*self.entries, entry], self.hierarchy)
        except RuleViolation:
            assert step is None, "extended by an entry the whole recompute refuses"
            return False
        self.entries.append(entry)
        if step is None:
            self.cells, self.stints, self.replay = whole.cells, whole.stints, whole.replay
        else:
            extension.apply_changes(self.cells, step.changes)
            self.stints = [*self.stints[: step.kept], *step.rows]
            self.replay = step.replay
            self.extended += 1
        assert self.cells == whole.cells
        assert self.stints == whole.stints
        return True

    def move(self, cell: str, parent: str, on: date) -> None:
        """A change of structure: the projection recomputes the member under the new tree."""
        self.hierarchy.move(cell, parent, on)
        whole = contrib.compute(self.entries, self.hierarchy)
        self.cells, self.stints, self.replay = whole.cells, whole.stints, whole.replay


class Clerk:
    def __init__(self) -> None:
        self.member = Member(tree(), [], {}, [])
        self.clock = itertools.count()
        self.day = START

    def entry(self, kind: EventType, org: str | None, on: date, **details: Any) -> bool:
        at = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(minutes=next(self.clock))
        entry = Entry(uuid4(), kind.value, org, MEMBER, on, at, "clerk", details)
        return self.member.note(entry)

    @property
    def history(self) -> Any:
        assert self.member.replay is not None
        return self.member.replay.history

    def here(self) -> str | None:
        current = self.history.current if self.member.replay else None
        return current.org if current else None

    def admit(self, cell: str, on: date) -> bool:
        return self.entry(EventType.ADMITTED, cell, on, member=PROFILE, decision_on=on)

    def recognize(self, org: str | None = None) -> bool:
        start = self.history.probation_from
        return start is not None and self.entry(
            EventType.RECOGNIZED, org or self.here(), probation_end(start)
        )

    def transfer(self, to: str, on: date) -> bool:
        origin = self.here()
        return self.entry(EventType.TRANSFERRED_OUT, origin, on, to=to) and self.entry(
            EventType.TRANSFERRED_IN, to, on, **{"from": origin}
        )


def test_entries_in_order_and_on_the_same_day_extend_and_equal_the_whole_recompute() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    assert clerk.recognize()
    assert clerk.transfer("P.B.1", date(2012, 3, 1))  # out and in on one day
    assert clerk.transfer("P.A.2", date(2012, 3, 1))  # and again the same day
    assert clerk.entry(EventType.STRUCK_OFF, "P.A.2", date(2014, 1, 1), reason="other")

    # Every entry after the first one was appended in valid-time order: all extended.
    assert clerk.member.extended == len(clerk.member.entries) - 1


def test_a_correction_recomputes_and_the_next_entry_in_order_extends_again() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    admitted = clerk.member.entries[0].event_id
    assert clerk.entry(
        EventType.CORRECTION,
        "P.A.1",
        START,
        corrects=admitted,
        changes={"effective_on": START + timedelta(days=40)},
    )
    extended = clerk.member.extended
    assert clerk.recognize()  # 12 months after the corrected ceremony

    assert clerk.member.extended == extended + 1
    assert clerk.history.statuses[-1][0] == probation_end(START + timedelta(days=40))


def test_a_late_entry_recomputes_the_whole_history() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    assert clerk.transfer("P.B.1", date(2013, 5, 1))
    extended = clerk.member.extended
    assert clerk.recognize("P.A.1")  # dated 2011, before the transfer: late

    assert clerk.member.extended == extended


def test_after_a_move_of_the_cell_entries_extend_under_the_new_parent() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.2", START)
    clerk.member.move("P.A.2", "P.B", date(2011, 7, 1))
    extended = clerk.member.extended
    assert clerk.recognize()
    assert clerk.entry(EventType.DIED, "P.A.2", date(2016, 2, 2))

    assert clerk.member.extended == extended + 2
    chains = {chain for chain, _ in clerk.member.cells}
    assert ("P.A.2", "P.B", "P") in chains and ("P.A.2", "P.A", "P") in chains


def test_an_intake_bringing_new_attributes_recomputes_every_count() -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    assert clerk.entry(EventType.TRANSFERRED_OUT, "P.A.1", date(2011, 2, 1), to="outside")
    extended = clerk.member.extended
    assert clerk.entry(
        EventType.TRANSFERRED_IN,
        "P.B.1",
        date(2012, 2, 1),
        from_outside=True,
        status="official",
        member={"religion": "Phật giáo"},
    )

    assert clerk.member.extended == extended


def play(clerk: Clerk, op: int, cell_index: int, days: int, choice: int) -> None:
    """One step of a random history (shared with test_rechain.py): an entry the rules may
    refuse, or a move of a cell (op 6)."""
    cell = CELLS[cell_index]
    # Mostly forward in valid time (a few days or none), sometimes late.
    clerk.day += timedelta(days=days if choice >= 15 else -days)
    on, entries = clerk.day, clerk.member.entries
    here = clerk.here() if entries else None
    if op == 0:
        if clerk.member.replay and clerk.history.stints:
            clerk.entry(EventType.READMITTED, cell, on, decision_on=on)
        else:
            clerk.admit(cell, on)
    elif op == 1 and entries:
        clerk.recognize()
    elif op == 2 and here:
        clerk.transfer(cell, on)
    elif op == 3 and here:
        kind = [EventType.DIED, EventType.STRUCK_OFF, EventType.EXPELLED][choice % 3]
        clerk.entry(kind, here, on, reason="other")
    elif op == 4 and entries:
        target = entries[choice % len(entries)]
        changes = {"effective_on": target.effective_on + timedelta(days=days % 60 - 30)}
        clerk.entry(EventType.CORRECTION, target.org, on, corrects=target.event_id, changes=changes)
    elif op == 5 and entries:
        target = entries[choice % len(entries)]
        clerk.entry(EventType.RETRACTION, target.org, on, retracts=target.event_id)
    elif op == 6:
        parent = "P.B" if clerk.member.hierarchy.chain(cell, on)[1] == "P.A" else "P.A"
        clerk.member.move(cell, parent, on)
    elif op == 7 and here:
        clerk.entry(EventType.TRANSFERRED_OUT, here, on, to="outside")
    elif op == 8:
        attributes = {"birth_date": date(1980 + choice % 20, 1 + choice % 12, 1)}
        clerk.entry(
            EventType.TRANSFERRED_IN,
            cell,
            on,
            from_outside=True,
            status="official",
            member=attributes,
        )


OPS = st.tuples(st.integers(0, 8), st.integers(0, 2), st.integers(0, 400), st.integers(0, 99))


@settings(max_examples=150, deadline=None)
@given(ops=st.lists(OPS, min_size=1, max_size=14))
def test_any_history_extended_entry_by_entry_equals_the_whole_recompute(ops: list[Any]) -> None:
    clerk = Clerk()
    for op in ops:
        play(clerk, *op)
    # The assertions run in `note` after every entry; a history that kept none tells nothing.
    assert clerk.member.entries or not any(op in (0, 8) for op, *_ in ops)


@pytest.mark.parametrize("late_days", [1, 30, 400])
def test_an_entry_dated_before_the_last_day_is_never_extended(late_days: int) -> None:
    clerk = Clerk()
    assert clerk.admit("P.A.1", START)
    assert clerk.transfer("P.B.1", add_months(START, 30))
    extended = clerk.member.extended
    late = add_months(START, 30) - timedelta(days=late_days)
    clerk.entry(EventType.STRUCK_OFF, "P.A.1", late, reason="other")  # refused or recomputed

    assert clerk.member.extended == extended
