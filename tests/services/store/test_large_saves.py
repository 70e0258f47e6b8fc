"""A save far larger than one INSERT: stored whole, in order, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from services.front_door.bus import handle
from services.front_door.commands import RecordEvent
from services.roll.commands import Admit, MemberRef

CLERK = "test-clerk"


def admissions(province, make_profile, count):
    on = date(2024, 1, 2)
    return [
        RecordEvent(province.cell, Admit(MemberRef(profile=make_profile()), on), f"big-{i}")
        for i in range(count)
    ]


def test_a_save_of_thousands_of_events_is_stored_whole_and_in_order(
    registry, province, make_profile
):
    before = registry.max_position()

    position = handle(
        registry, *admissions(province, make_profile, 1500), recorded_by=CLERK
    ).position

    stored = registry.recorder.select_notifications(start=before + 1, limit=20_000)
    assert len(stored) > 1500 * 3  # organization, member and key events for each admission
    assert [n.id for n in stored] == sorted(n.id for n in stored)
    assert position == stored[-1].id
    assert len(registry.get_organization(province.cell).roll_on(date(2024, 1, 2))) == 1500


def test_a_large_save_refused_at_its_last_command_stores_nothing(registry, province, make_profile):
    commands = admissions(province, make_profile, 1200)
    twice = commands[0].event
    before = registry.max_position()

    with pytest.raises(RuleViolation):
        handle(registry, *commands, RecordEvent(province.other_cell, twice), recorded_by=CLERK)

    assert registry.max_position() == before
