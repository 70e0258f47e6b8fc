"""The demo's founding dates: varied by level, from the seed, never after what needs them."""

from __future__ import annotations

from datetime import date

import pytest

from services.demo import DemoProvince, generate
from services.demo.foundings import first_needs


@pytest.fixture(scope="module")
def small() -> DemoProvince:
    return generate(seed=2021, scale=0.05)


def test_foundings_are_varied_and_none_is_the_old_placeholder(small: DemoProvince) -> None:
    days = [org.founded_on for org in small.orgs]

    assert len(set(days)) > len(days) // 2
    assert date(1975, 1, 1) not in days
    assert small.orgs[0].founded_on < date(1975, 2, 15)  # before the roll's first ceremony


def test_each_organization_is_founded_before_its_first_event_and_its_children(
    small: DemoProvince,
) -> None:
    founded = {org.code: org.founded_on for org in small.orgs}
    needs = first_needs(small.events)

    assert needs, "the history has events"
    assert all(founded[code] <= day for code, day in needs.items())
    assert all(founded[o.parent] <= o.founded_on for o in small.orgs if o.parent is not None)


def test_foundings_follow_the_seed(small: DemoProvince) -> None:
    again = generate(seed=2021, scale=0.05)
    other = generate(seed=7, scale=0.05)

    assert [o.founded_on for o in again.orgs] == [o.founded_on for o in small.orgs]
    assert [o.founded_on for o in other.orgs] != [o.founded_on for o in small.orgs]
