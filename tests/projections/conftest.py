"""Projection fixtures, built on the shared ones of tests/conftest.py (settings, registry, clock,
make_profile, province); `fresh_world` gives each hypothesis example an empty database."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fig_support import Clerk, wipe_postgres

from domain.roll.profile import MemberProfile
from projections.queries import Queries
from services.config import Settings
from services.registry import Registry
from services.wiring import build_registry


@pytest.fixture
def clerk(registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]) -> Clerk:
    """Records events through the shared registry, on the shared clock."""
    return Clerk(registry, clock, make_profile)


@pytest.fixture
def queries(settings: Settings, clock: Any) -> Queries:
    """The read side on the test database and clock."""
    return Queries(settings, clock=clock)


@pytest.fixture
def fresh_world(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Any, clock: Any
) -> Iterator[Callable[[], tuple[Registry, Queries]]]:
    """Builds a registry and queries on an emptied database, once per hypothesis example."""
    opened: list[Registry] = []
    counter = itertools.count()

    def make() -> tuple[Registry, Queries]:
        while opened:
            opened.pop().close()
        if settings.dialect == "sqlite":
            url = f"sqlite:///{tmp_path / f'world{next(counter)}.db'}"
        else:
            url = settings.database_url
            wipe_postgres(url)
        world = Settings(database_url=url, deployment=settings.deployment, pool_size=2)
        registry = build_registry(world, clock=clock)
        opened.append(registry)
        return registry, Queries(world, clock=clock)

    yield make
    while opened:
        opened.pop().close()
