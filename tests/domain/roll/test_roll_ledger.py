"""The roll ledger (domain/roll/ledger.py): the roll after every change, known without reading
the entries, is always the roll the entries give; the entries are read only when needed."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import RuleViolation
from domain.roll.entry import Entry, effective
from domain.roll.ledger import RollLedger
from domain.roll.organization import Organization
from domain.roll.values import EventType
from tests.domain.conftest import NOW, TODAY, Book

START = date(2010, 1, 1)
KINDS = [
    EventType.ADMITTED,
    EventType.TRANSFERRED_IN,
    EventType.READMITTED,
    EventType.RECOGNIZED,
    EventType.TRANSFERRED_OUT,
    EventType.STRUCK_OFF,
    EventType.DIED,
]
MEMBERS = [uuid4() for _ in range(4)]


def replayed_roll(entries: list[Entry], day: date) -> set[UUID]:
    """The roll once the day's reorganizations are done, read from every entry (the rule as
    it was before the ledger kept standings)."""
    members: set[UUID] = set()
    for entry in effective(entries):
        kind = EventType(entry.type)
        if entry.effective_on > day or (entry.effective_on == day and not kind.is_carry):
            continue
        if kind.joins_roll:
            members.add(entry.member_id)
        elif kind.leaves_roll:
            members.discard(entry.member_id)
    return members


class Unreadable:
    """A sealed part that fails if read: shows what a command leaves unread."""

    def load(self) -> list[Entry]:
        raise AssertionError("the sealed entries were read")


class Kept:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = list(entries)
        self.reads = 0

    def load(self) -> list[Entry]:
        self.reads += 1
        return list(self.entries)


def record(org: Organization, kind: EventType, member: UUID, on: date) -> Entry:
    return org.record(
        kind,
        event_id=uuid4(),
        member_id=member,
        effective_on=on,
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
        details={},
    )


def sealed_copy(org: Organization, sealed: Kept | Unreadable) -> None:
    """As if `org` had just been loaded from a snapshot holding every entry it has."""
    old = org.roll
    org.roll = RollLedger(sealed, old.count, [], None if old.standings is None else old.standings)


operation = st.one_of(
    st.tuples(
        st.just("record"),
        st.sampled_from(KINDS),
        st.integers(0, len(MEMBERS) - 1),
        st.integers(0, 60),
    ),
    st.tuples(st.just("correct"), st.integers(0, 40), st.integers(0, 60)),
    st.tuples(st.just("retract"), st.integers(0, 40)),
    st.tuples(st.just("seal")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=30), st.integers(0, 70))
def test_the_roll_after_a_day_is_the_roll_the_entries_give(ops, offset) -> None:
    org = Book().cell
    for op in ops:
        try:
            if op[0] == "record":
                record(org, op[1], MEMBERS[op[2]], START + timedelta(days=op[3]))
            elif op[0] == "correct" and org.entries:
                target = org.entries[op[1] % len(org.entries)]
                org.correct(
                    event_id=uuid4(),
                    corrects=target.event_id,
                    reason="nhầm ngày",
                    changes={"effective_on": START + timedelta(days=op[2])},
                    today=TODAY,
                    recorded_by="test",
                    timestamp=NOW,
                )
            elif op[0] == "retract" and org.entries:
                target = org.entries[op[1] % len(org.entries)]
                org.retract(
                    event_id=uuid4(),
                    retracts=target.event_id,
                    reason="nhầm",
                    recorded_by="test",
                    timestamp=NOW,
                )
            elif op[0] == "seal":
                sealed_copy(org, Kept(org.entries))
        except RuleViolation:
            continue
    day = START + timedelta(days=offset)
    entries = list(org.entries)

    assert org.roll_after_reorganization(day) == replayed_roll(entries, day)
    after_all = START + timedelta(days=61)
    assert org.roll.roll_after(after_all) == replayed_roll(entries, after_all)


def test_an_intake_and_the_roll_after_every_change_leave_the_stored_entries_unread(book) -> None:
    cell = book.cell
    record(cell, EventType.ADMITTED, MEMBERS[0], date(2020, 3, 10))
    record(cell, EventType.ADMITTED, MEMBERS[1], date(2020, 3, 10))
    record(cell, EventType.TRANSFERRED_OUT, MEMBERS[1], date(2022, 5, 1))
    sealed_copy(cell, Unreadable())

    record(cell, EventType.TRANSFERRED_IN, MEMBERS[2], date(2024, 1, 5))

    assert cell.roll_after_reorganization(date(2025, 7, 1)) == {MEMBERS[0], MEMBERS[2]}
    assert not cell.roll.loaded


def test_a_correction_makes_the_standings_unknown_until_the_entries_are_read(book) -> None:
    cell = book.cell
    admitted = record(cell, EventType.ADMITTED, MEMBERS[0], date(2020, 3, 10))
    kept = Kept(cell.entries)
    sealed_copy(cell, kept)

    cell.correct(
        event_id=uuid4(),
        corrects=admitted.event_id,
        reason="nhầm ngày",
        changes={"effective_on": date(2025, 8, 1)},
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
    )

    assert cell.roll.standings is None
    # The admission now falls after the day: the roll is read, and says so.
    assert cell.roll_after_reorganization(date(2025, 7, 1)) == set()
    assert kept.reads == 1
    assert cell.roll.roll_after(date(2025, 9, 1)) == {MEMBERS[0]}  # standings worked out again


def test_a_copy_appends_without_changing_the_original(book) -> None:
    cell = book.cell
    record(cell, EventType.ADMITTED, MEMBERS[0], date(2020, 3, 10))
    sealed_copy(cell, Kept(cell.entries))
    original = cell.roll

    twin = original.copy()
    twin.append(record(book.other_cell, EventType.ADMITTED, MEMBERS[1], date(2021, 1, 4)))

    assert original.count == 1 and twin.count == 2
    assert original.roll_after(date(2025, 1, 1)) == {MEMBERS[0]}
    assert twin.roll_after(date(2025, 1, 1)) == {MEMBERS[0], MEMBERS[1]}
    assert [e.member_id for e in twin.entries] == [MEMBERS[0], MEMBERS[1]]
    assert [e.member_id for e in original.entries] == [MEMBERS[0]]


def test_a_stored_roll_of_another_length_than_its_count_is_refused(book) -> None:
    record(book.cell, EventType.ADMITTED, MEMBERS[0], date(2020, 3, 10))
    ledger = RollLedger(Kept([]), 1, [], None)

    with pytest.raises(ValueError, match="holds 0 entries, its count says 1"):
        _ = ledger.entries
