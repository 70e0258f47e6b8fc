"""Idempotency keys: a repeated command returns the first receipt; a reused key is refused."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from services.commands import Admit, Decision, MemberRef, Retract

CLERK = "clerk@test"


def admission(profile, on=date(2025, 3, 10)):
    return Admit(MemberRef(profile=profile), on, Decision("12-QĐ/ĐU", on))


def test_the_same_key_and_command_returns_the_first_receipt_and_stores_nothing(
    registry, province, make_profile
):
    command = admission(make_profile())
    first = registry.admit(province.cell, command, CLERK, key="import-2025/line-7")
    before = registry.max_position()

    again = registry.admit(province.cell, command, CLERK, key="import-2025/line-7")

    assert again.replayed and not first.replayed
    assert (again.event_id, again.member_id, again.org, again.recorded_at) == (
        first.event_id,
        first.member_id,
        first.org,
        first.recorded_at,
    )
    assert registry.max_position() == before
    assert len(registry.stream(province.cell)) == 1


def test_the_same_key_with_another_command_is_refused(registry, province, make_profile):
    registry.admit(province.cell, admission(make_profile()), CLERK, key="k-1")
    before = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        registry.admit(province.cell, admission(make_profile()), CLERK, key="k-1")

    assert refused.value.rule == "idempotency_key_reused"
    assert registry.max_position() == before


def test_the_same_command_for_another_organization_is_another_command(
    registry, province, make_profile
):
    command = admission(make_profile())
    registry.admit(province.cell, command, CLERK, key="k-2")

    with pytest.raises(RuleViolation) as refused:
        registry.admit(province.other_cell, command, CLERK, key="k-2")

    assert refused.value.rule == "idempotency_key_reused"


def test_a_key_names_the_event_for_later_amendments(registry, province, make_profile):
    first = registry.admit(province.cell, admission(make_profile()), CLERK, key="k-3")

    registry.retract(province.cell, Retract(None, "nhầm", retracts_key="k-3"), CLERK)

    assert first.event_id == registry.event_of_key("k-3", None, CLERK)
    assert registry.stream(province.cell)[-1]["retracts"] == first.event_id


def test_a_key_survives_a_new_registry_instance(
    registry, settings, open_registry, province, make_profile
):
    command = admission(make_profile())
    first = registry.admit(province.cell, command, CLERK, key="k-4")

    again = open_registry(settings).admit(province.cell, command, CLERK, key="k-4")

    assert again.replayed
    assert again.event_id == first.event_id
