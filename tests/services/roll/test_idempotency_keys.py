"""Idempotency keys: a repeated command returns the first receipt; a reused key is refused."""

from __future__ import annotations

from datetime import date
from uuid import uuid5

import pytest

from domain.errors import NotFound, RuleViolation
from services.roll.commands import Admit, Decision, MemberRef, Retract
from tests import writes

CLERK = "clerk@test"


def admission(profile, on=date(2025, 3, 10)):
    return Admit(MemberRef(profile=profile), on, Decision("12-QĐ/ĐU", on))


def test_the_same_key_and_command_returns_the_first_receipt_and_stores_nothing(
    registry, province, make_profile
):
    command = admission(make_profile())
    first = writes.admit(registry, province.cell, command, CLERK, key="import-2025/line-7")
    before = registry.max_position()

    again = writes.admit(registry, province.cell, command, CLERK, key="import-2025/line-7")

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
    writes.admit(registry, province.cell, admission(make_profile()), CLERK, key="k-1")
    before = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        writes.admit(registry, province.cell, admission(make_profile()), CLERK, key="k-1")

    assert refused.value.rule == "idempotency_key_reused"
    assert registry.max_position() == before


def test_the_same_command_for_another_organization_is_another_command(
    registry, province, make_profile
):
    command = admission(make_profile())
    writes.admit(registry, province.cell, command, CLERK, key="k-2")

    with pytest.raises(RuleViolation) as refused:
        writes.admit(registry, province.other_cell, command, CLERK, key="k-2")

    assert refused.value.rule == "idempotency_key_reused"


def test_a_key_names_the_event_for_later_amendments(registry, province, make_profile):
    first = writes.admit(registry, province.cell, admission(make_profile()), CLERK, key="k-3")

    writes.retract(registry, province.cell, Retract(None, "nhầm", retracts_key="k-3"), CLERK)

    assert first.event_id == registry.event_of_key("k-3", None, CLERK)
    assert registry.stream(province.cell)[-1]["retracts"] == first.event_id


def test_a_key_survives_a_new_registry_instance(
    registry, settings, open_registry, province, make_profile
):
    command = admission(make_profile())
    first = writes.admit(registry, province.cell, command, CLERK, key="k-4")

    again = writes.admit(open_registry(settings), province.cell, command, CLERK, key="k-4")

    assert again.replayed
    assert again.event_id == first.event_id


# -- keys are scoped to the requester's organization ------------------------------------

DISTRICT_1, DISTRICT_2 = "T01.H01", "T01.H02"


def test_the_same_key_from_two_organizations_names_two_requests(registry, province, make_profile):
    mine = writes.execute(
        registry, province.cell, admission(make_profile()), CLERK, "lan-1", key_scope=DISTRICT_1
    )

    theirs = writes.execute(
        registry,
        province.other_cell,
        admission(make_profile()),
        "other@test",
        "lan-1",
        key_scope=DISTRICT_2,
    )

    assert not theirs.replayed
    assert theirs.event_id != mine.event_id
    assert len(registry.stream(province.other_cell)) == 1


def test_a_key_reused_inside_its_scope_is_refused_without_naming_the_first_event(
    registry, province, make_profile
):
    first = writes.execute(
        registry, province.cell, admission(make_profile()), CLERK, "lan-2", key_scope=DISTRICT_1
    )

    with pytest.raises(RuleViolation) as refused:
        writes.execute(
            registry, province.cell, admission(make_profile()), CLERK, "lan-2", key_scope=DISTRICT_1
        )

    assert refused.value.rule == "idempotency_key_reused"
    assert str(first.event_id) not in f"{refused.value.message} {refused.value.details}"


def test_an_event_id_is_not_derived_from_its_key(registry, province, make_profile):
    command = admission(make_profile())

    receipt = writes.execute(registry, province.cell, command, CLERK, "lan-3", key_scope=DISTRICT_1)

    assert receipt.event_id != registry.ids.event_for_key("lan-3")
    assert receipt.event_id not in {
        uuid5(registry.ids.namespace, name)
        for name in ("event/lan-3", f"event/{DISTRICT_1}/lan-3", f"scoped-event/{DISTRICT_1}/lan-3")
    }


def test_an_amendment_names_its_event_by_a_key_of_its_own_scope_only(
    registry, province, make_profile
):
    first = writes.execute(
        registry, province.cell, admission(make_profile()), CLERK, "lan-4", key_scope=DISTRICT_1
    )

    with pytest.raises(NotFound):
        writes.execute(
            registry,
            province.cell,
            Retract(None, "nhầm", retracts_key="lan-4"),
            CLERK,
            key_scope=DISTRICT_2,
        )
    writes.execute(
        registry,
        province.cell,
        Retract(None, "nhầm", retracts_key="lan-4"),
        CLERK,
        key_scope=DISTRICT_1,
    )

    assert registry.stream(province.cell)[-1]["retracts"] == first.event_id


def test_a_key_stored_before_scoping_still_answers_the_user_who_used_it(
    registry, province, make_profile
):
    command = admission(make_profile())
    # Before scoping every key was stored in the deployment's namespace.
    before = writes.execute(registry, province.cell, command, CLERK, "lan-5", key_scope=None)

    again = writes.execute(registry, province.cell, command, CLERK, "lan-5", key_scope=DISTRICT_1)
    with pytest.raises(RuleViolation) as refused:
        writes.execute(
            registry, province.cell, admission(make_profile()), CLERK, "lan-5", key_scope=DISTRICT_1
        )

    assert again.replayed and again.event_id == before.event_id
    assert refused.value.rule == "idempotency_key_reused"
    assert registry.event_of_key("lan-5", DISTRICT_1, CLERK) == before.event_id


def test_a_key_stored_before_scoping_is_unknown_to_anyone_else(registry, province, make_profile):
    writes.execute(
        registry, province.cell, admission(make_profile()), CLERK, "lan-6", key_scope=None
    )

    theirs = writes.execute(
        registry,
        province.other_cell,
        admission(make_profile()),
        "other@test",
        "lan-6",
        key_scope=DISTRICT_2,
    )

    assert not theirs.replayed
    assert registry.event_of_key("lan-6", DISTRICT_2, "other@test") == theirs.event_id
