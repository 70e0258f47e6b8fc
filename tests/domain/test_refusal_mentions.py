"""A refusal names the organizations it speaks of, so that it is told in full only to their readers."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import Mention, RuleViolation
from domain.roll.values import EventType

CEREMONY = date(2020, 3, 10)
LEFT_ON = date(2022, 5, 6)


def reader_of(*codes: str):
    return lambda org, on: org in codes


def test_a_refusal_is_told_in_full_only_to_who_reads_every_organization_it_mentions():
    refusal = RuleViolation(
        "on_two_rolls",
        "on the roll of B since 2020-03-10",
        public="on another roll",
        mentions=(Mention("A", CEREMONY), Mention("B", CEREMONY)),
    )

    assert refusal.told(reader_of("A", "B")) == "on the roll of B since 2020-03-10"
    assert refusal.told(reader_of("A")) == "on another roll"


def test_a_refusal_that_mentions_nothing_is_told_to_anyone():
    refusal = RuleViolation("future_date", "the date 2030-01-01 is in the future")

    assert refusal.told(reader_of()) == "the date 2030-01-01 is in the future"


def test_a_place_the_rule_cannot_name_is_told_to_no_one():
    refusal = RuleViolation("x", "left on 2022-05-06", mentions=(Mention(None, LEFT_ON),))

    assert refusal.told(lambda org, on: True) == "refused by the rule x"


def test_a_second_roll_mentions_the_first_roll_on_its_first_day(book, person):
    book.record(book.cell, EventType.ADMITTED, person, CEREMONY)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.other_cell, EventType.ADMITTED, person, date(2022, 1, 5))

    assert Mention(book.cell.code, CEREMONY) in refused.value.mentions
    assert refused.value.told(reader_of(book.other_cell.code)) == (
        "a person can be on only one roll: this person is already on the roll of another"
        " organization"
    )


def test_a_death_is_dated_only_for_the_readers_of_the_roll_it_ended(book, person):
    book.record(book.cell, EventType.ADMITTED, person, CEREMONY)
    book.record(book.cell, EventType.DIED, person, LEFT_ON)

    with pytest.raises(RuleViolation) as refused:
        book.record(book.other_cell, EventType.READMITTED, person, date(2026, 1, 5))

    assert refused.value.rule == "member_deceased"
    assert LEFT_ON.isoformat() in refused.value.told(
        reader_of(book.cell.code, book.other_cell.code)
    )
    assert LEFT_ON.isoformat() not in refused.value.told(reader_of(book.other_cell.code))
