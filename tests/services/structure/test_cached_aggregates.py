"""Aggregates the repository keeps between units of work (services.store.cached_repository) are
exactly what a fresh load from the log gives, after reorganizations and refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.errors import RuleViolation
from services.roll.commands import Admit, MemberRef
from tests import writes
from tests.services.structure.conftest import BY
from tests.services.structure.test_conservation import SCENARIOS


def cached_and_fresh(registry: Any, aggregate_id: Any) -> tuple[Any, Any]:
    """The cached copy (caught up with the log) and the same version rebuilt from the store
    alone: a read at a version bypasses the cache."""
    cached = registry.repository.get(aggregate_id)
    return cached, registry.repository.get(aggregate_id, version=cached.version)


def codes(tree: Any) -> list[str]:
    return list(tree[:7])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_a_cached_organization_equals_its_fresh_load_after_a_reorganization(
    registry, tree, decision, scenario
):
    scenario(registry, tree, decision)

    for code in codes(tree):
        cached, fresh = cached_and_fresh(registry, registry.ids.organization(code))
        assert cached == fresh
    assert len(registry.repository.cache.cache) >= 2  # the scenario's commands filled it


def test_a_refused_command_leaves_the_cached_state_as_stored(registry, tree, make_profile):
    cell = registry.ids.organization(tree.cell)
    before, _ = cached_and_fresh(registry, cell)
    profile = make_profile()
    writes.admit(registry, tree.cell, Admit(MemberRef(profile=profile), date(2024, 3, 1)), BY)
    with pytest.raises(RuleViolation):  # the same person admitted again: refused
        writes.admit(registry, tree.cell, Admit(MemberRef(profile=profile), date(2024, 4, 1)), BY)

    cached, fresh = cached_and_fresh(registry, cell)
    assert cached == fresh
    assert cached.version == before.version + 1
