"""Aggregates kept warm between units of work are exactly what a fresh load from the log gives,
after reorganizations, refusals and writes by another process."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest

from domain.errors import RuleViolation
from domain.roll.member import Member
from domain.roll.values import OrgKind
from services.roll.commands import Admit, MemberRef
from services.unit_of_work import replay
from services.warm_aggregates import WarmAggregates
from tests import writes
from tests.services.structure.conftest import BY
from tests.services.structure.test_conservation import SCENARIOS


def warm_copy(registry: Any, aggregate_id: Any) -> Any:
    events = registry.repository.event_store.get
    return registry.warm.get(aggregate_id, lambda i, v: events(i, gt=v), replay)


def codes(tree: Any) -> list[str]:
    return list(tree[:7])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_a_warm_organization_equals_its_fresh_load_after_a_reorganization(
    registry, tree, decision, scenario
):
    scenario(registry, tree, decision)

    kept = 0
    for code in codes(tree):
        org_id = registry.ids.organization(code)
        warm = warm_copy(registry, org_id)
        if warm is not None:
            kept += 1
            assert warm == registry.repository.get(org_id)
    assert kept >= 2


def test_a_refused_command_leaves_the_warm_state_as_stored(registry, tree, make_profile):
    cell = registry.ids.organization(tree.cell)
    before = warm_copy(registry, cell)
    assert before is not None
    profile = make_profile()
    writes.admit(registry, tree.cell, Admit(MemberRef(profile=profile), date(2024, 3, 1)), BY)
    with pytest.raises(RuleViolation):  # the same person admitted again: refused
        writes.admit(registry, tree.cell, Admit(MemberRef(profile=profile), date(2024, 4, 1)), BY)

    assert warm_copy(registry, cell) == registry.repository.get(cell)
    assert warm_copy(registry, cell).version == before.version + 1


def test_a_write_by_another_process_is_seen_by_the_next_command(
    registry, settings, open_registry, tree, make_profile
):
    other = open_registry(settings)
    assert warm_copy(registry, registry.ids.organization(tree.cell)) is not None
    theirs = writes.admit(
        other, tree.cell, Admit(MemberRef(profile=make_profile()), date(2024, 3, 1)), BY
    )

    mine = writes.admit(
        registry, tree.cell, Admit(MemberRef(profile=make_profile()), date(2024, 3, 2)), BY
    )

    stream = [e["event_id"] for e in registry.stream(tree.cell)]
    assert stream[-2:] == [theirs.event_id, mine.event_id]
    cell = registry.ids.organization(tree.cell)
    assert warm_copy(registry, cell) == registry.repository.get(cell)


def test_what_a_caller_holds_after_a_save_is_not_the_warm_state(registry, tree):
    org = writes.found_organization(
        registry,
        "T01.H01.DU01.CB09",
        "Chi bộ thôn Chín",
        OrgKind.CELL,
        tree.committee,
        date(2001, 1, 1),
        BY,
    )
    org.entries.append("changed by the caller")  # a caller misbehaving after the save
    org.children.append({"code": "X"})

    assert warm_copy(registry, org.id) is not None
    assert warm_copy(registry, org.id) == registry.repository.get(org.id)


def test_the_least_recently_used_leave_first_past_the_budget():
    warm = WarmAggregates(budget=2)
    people = []
    for number in range(3):
        member = Member.identify(
            id=uuid4(), national_id=f"00109000000{number}", timestamp=datetime.now(UTC)
        )
        member.collect_events()  # as saved
        people.append(member)
    warm.keep(people[:2])
    assert warm.get(people[0].id, lambda i, v: [], replay) is not None  # used: now the latest

    warm.keep(people[2:])

    assert warm.get(people[1].id, lambda i, v: [], replay) is None
    assert warm.get(people[0].id, lambda i, v: [], replay) == people[0]
    assert warm.get(people[2].id, lambda i, v: [], replay) == people[2]
