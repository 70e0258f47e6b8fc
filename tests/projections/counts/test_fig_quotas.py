"""Quota standings: several plans per period, pace, grassroots organizations without admissions."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue, RuleViolation
from domain.quota import parse_period
from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import RecordEvent
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes
from tests.projections.fig_support import CLERK, moment
from tests.writes import set_quota


def found(registry, code, kind, parent, on=date(2010, 1, 1)):
    writes.found_organization(registry, code, f"Tổ chức {code}", kind, parent, on, CLERK)


def admit_many(registry, make_profile, plan: list[tuple[str, date]]) -> None:
    """Admissions (org, ceremony day), all stored in one transaction."""
    commands = []
    for org, day in plan:
        command = Admit(MemberRef(profile=make_profile()), day, Decision("1-QĐ", day, "Quận ủy"))
        commands.append(RecordEvent(org, command))
    handle(registry, *commands, recorded_by=CLERK)


@pytest.fixture
def hong_bang(registry, clock, make_profile):
    """Hải Phòng city and Hồng Bàng district with two grassroots cells; 158 admitted by 30/9/2018."""
    clock.set(moment(date(2018, 1, 5)))
    found(registry, "HP", OrgKind.PROVINCE, None)
    found(registry, "HP.HB", OrgKind.DISTRICT, "HP")
    found(registry, "HP.HB.A", OrgKind.GRASSROOTS_CELL, "HP.HB")
    found(registry, "HP.HB.B", OrgKind.GRASSROOTS_CELL, "HP.HB")
    set_quota(registry, "HP.HB", "2018", 200, "HP.HB", recorded_by=CLERK)
    set_quota(registry, "HP.HB", "2018", 227, "HP", recorded_by=CLERK)
    set_quota(registry, "HP.HB.A", "2018", 120, "HP.HB", recorded_by=CLERK)
    set_quota(registry, "HP.HB.B", "2018", 80, "HP.HB", recorded_by=CLERK)
    clock.set(moment(date(2018, 9, 30)))
    plan = [
        ("HP.HB.A" if i % 2 else "HP.HB.B", date(2018, 1 + i % 9, 1 + i % 27)) for i in range(158)
    ]
    admit_many(registry, make_profile, plan)
    return registry


def test_hong_bang_2018_against_its_own_plan_and_the_citys(hong_bang, queries):
    standing = queries.standing("HP.HB", "2018", as_of=date(2018, 9, 30))

    assert standing.admitted == 158
    assert [(p.assigned_by, p.target, p.percent) for p in standing.plans] == [
        ("HP.HB", 200, 79.0),
        ("HP", 227, 69.6),
    ]
    assert standing.expected_percent == 74.8
    assert standing.at_risk  # ahead of its own plan, behind the city's
    assert standing.children_targets_sum == {"HP.HB": 200}
    assert standing.children_add_up
    assert sum(child.admitted for child in standing.children) == 158


def test_a_new_plan_supersedes_the_old_one_only_from_its_recording(hong_bang, queries, clock):
    before = clock()
    clock.set(moment(date(2018, 10, 2)))

    set_quota(hong_bang, "HP.HB", "2018", 160, "HP", recorded_by=CLERK)

    now = queries.standing("HP.HB", "2018", as_of=date(2018, 9, 30))
    then = queries.standing("HP.HB", "2018", as_of=date(2018, 9, 30), known_at=before)
    assert [(p.assigned_by, p.target) for p in now.plans] == [("HP.HB", 200), ("HP", 160)]
    assert [(p.assigned_by, p.target) for p in then.plans] == [("HP.HB", 200), ("HP", 227)]
    assert not now.at_risk


def test_long_bien_grassroots_organizations_without_admissions(
    registry, clock, make_profile, queries
):
    clock.set(moment(date(2016, 1, 4)))
    found(registry, "HN", OrgKind.PROVINCE, None)
    found(registry, "HN.LB", OrgKind.DISTRICT, "HN")
    codes = [f"HN.LB.{i:02d}" for i in range(12)]
    for code in codes:
        found(registry, code, OrgKind.GRASSROOTS_CELL, "HN.LB")
    admit_many(registry, make_profile, [(codes[0], date(2016, 1, 2))])
    clock.set(moment(date(2020, 9, 16)))
    admit_many(registry, make_profile, [(c, date(2020, 3, 1 + i)) for i, c in enumerate(codes[:3])])

    standing = queries.standing("HN.LB", "2020", as_of=date(2020, 9, 16))

    assert standing.admitted == 3
    assert standing.without_admissions == codes[3:]
    assert len(standing.without_admissions) == 9
    assert standing.plans == [] and not standing.at_risk
    assert (
        queries.standing("HN.LB", "2020", as_of=date(2020, 9, 16), idle_years=4).idle_cells
        == codes[3:]
    )


def test_a_plan_must_come_from_the_organization_or_above(registry, province):
    with pytest.raises(RuleViolation) as refused:
        set_quota(registry, province.district, "2020", 10, province.cell, recorded_by=CLERK)

    assert refused.value.rule == "quota_assigner"


@pytest.mark.parametrize(
    ("label", "start", "end", "expected"),
    [
        ("2020", None, None, ("2020", date(2020, 1, 1), date(2020, 12, 31))),
        ("2015-2020", None, None, ("2015-2020", date(2015, 1, 1), date(2020, 12, 31))),
        (
            "2015-2020",
            date(2015, 10, 20),
            date(2020, 10, 15),
            ("2015-2020", date(2015, 10, 20), date(2020, 10, 15)),
        ),
    ],
)
def test_periods_are_years_or_terms(label, start, end, expected):
    period = parse_period(label, start, end)

    assert (period.label, period.starts_on, period.ends_on) == expected


@pytest.mark.parametrize(
    ("label", "start"),
    [("20", None), ("2020-2015", None), ("2015-2030", None), ("2020", date(2019, 12, 1))],
)
def test_bad_periods_are_refused(label, start):
    with pytest.raises(InvalidValue):
        parse_period(label, start)
