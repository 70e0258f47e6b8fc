"""Events stored before a domain module moved (issue 11's feature wings) keep loading.

The test stores events exactly as the registry did when the classes lived in `domain.roll.organization`
and `domain.roll.member` (their topics name those modules), then reads them with the classes where
they live now: the aggregates rebuild and the figures, which select events by topic, count them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from eventsourcing import utils
from eventsourcing.domain import CanMutateAggregate

from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind
from projections.queries import Queries
from projections.runner import PROJECTIONS  # noqa: F401 (see below)
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

# The projections select events by topic, worked out when their modules are imported: imported
# here, before `stored_under` patches the topic cache, as the application imports them at start.
# The modules the classes were stored under before the wings; scripts/wings.py keeps these lines.
OLD_ORGANIZATION = "domain.organization"  # wings: keep
OLD_MEMBER = "domain.member"  # wings: keep
CLERK = "clerk@test"
COMMITTEE, CELL = "T01.DU01", "T01.DU01.CB01"


def stored_under(mp: pytest.MonkeyPatch, old_module: str, aggregate: type) -> None:
    """Makes the registry write `aggregate` and its events under `old_module`'s topics."""
    for cls in (aggregate, *vars(aggregate).values()):
        if cls is aggregate or (isinstance(cls, type) and issubclass(cls, CanMutateAggregate)):
            mp.setitem(utils._type_cache, cls, f"{old_module}:{cls.__qualname__}")


def admit(registry: Registry, profile: MemberProfile, on: date) -> None:
    decision = Decision("01-QĐ/ĐU", on, "Đảng ủy tỉnh Thử")
    writes.admit(registry, CELL, Admit(MemberRef(profile=profile), on, decision), CLERK)


def test_events_stored_under_the_old_module_topics_still_load_and_count(
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Callable[..., MemberProfile],
    raw_db: Any,
) -> None:
    with pytest.MonkeyPatch.context() as mp:
        stored_under(mp, OLD_ORGANIZATION, Organization)
        stored_under(mp, OLD_MEMBER, Member)
        before = open_registry(settings)
        writes.found_organization(
            before, "T01", "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None, date(1990, 1, 1), CLERK
        )
        writes.found_organization(
            before,
            COMMITTEE,
            "Đảng bộ xã An",
            OrgKind.GRASSROOTS_COMMITTEE,
            "T01",
            date(1995, 1, 1),
            CLERK,
        )
        writes.found_organization(
            before, CELL, "Chi bộ thôn Một", OrgKind.CELL, COMMITTEE, date(2000, 1, 1), CLERK
        )
        admit(before, make_profile(), date(2020, 3, 10))

    table = before.events_table
    topics = {row[0] for row in raw_db.rows(f"SELECT topic FROM {table}")}
    assert f"{OLD_ORGANIZATION}:Organization.Founded" in topics
    assert any(topic.startswith(f"{OLD_MEMBER}:Member.") for topic in topics)

    after = open_registry(settings)
    cell = after.repository.get(after.ids.organization(CELL))
    assert isinstance(cell, Organization)
    assert cell.name == "Chi bộ thôn Một"
    # A stream of old topics takes new events under the new topics, and both count.
    admit(after, make_profile(), date(2021, 3, 10))
    queries = Queries(settings, clock=after.clock)
    assert queries.rollup("T01").total == 2
    assert queries.roll(CELL).total == 2
