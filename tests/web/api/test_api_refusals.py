"""Refusals through the API name another district's places, dates and people to no one outside.

A person on district 2's roll is admitted, readmitted or proposed by district 1: the rule
refuses, and the answer says why in general terms, without district 2's codes, names or the
dates of the person's history there. The province, which reads both, gets the whole message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.roll.profile import MemberProfile
from domain.roll.values import EventType, StrikeOffReason
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef, Receipt, Remove
from tests import writes
from tests.web.conftest import Api, Tree, admission
from tests.web.dossiers.conftest import opening

EVENTS = "/api/v1/orgs/{}/events"
DOSSIERS = "/api/v1/orgs/{}/dossiers"
PERSON = "001190000777"
ADMITTED_ON = date(2023, 3, 2)
LEFT_ON = date(2024, 5, 6)


def foreign_facts(tree: Tree, *days: date) -> list[str]:
    """What district 1 must never read about district 2: codes, names, the days given."""
    names = ["Chi bộ thôn Ba", "Đảng bộ xã Bình", "Đảng bộ huyện Hai"]
    codes = [tree.district2, tree.committee2, tree.cell2]
    dates = [f(d) for d in days for f in (date.isoformat, lambda d: d.strftime("%d/%m/%Y"))]
    return [*codes, *names, *dates]


def leaked(answer: Any, facts: list[str]) -> list[str]:
    text = answer.get_data(as_text=True)
    return [fact for fact in facts if fact in text]


@pytest.fixture
def on_district_2(
    registry: Registry, tree: Tree, make_profile: Callable[..., MemberProfile]
) -> Receipt:
    """The person admitted to district 2's cell on 2 March 2023."""
    command = Admit(
        MemberRef(profile=make_profile(national_id=PERSON)),
        ADMITTED_ON,
        Decision("7-QĐ/HU", date(2023, 2, 1), tree.district2),
    )
    return writes.admit(registry, tree.cell2, command, "h02.clerk")


def leave_district_2(registry: Registry, tree: Tree, receipt: Receipt, removal: EventType) -> None:
    reason = StrikeOffReason.FAILED_PROBATION if removal == EventType.STRUCK_OFF else None
    command = Remove(
        MemberRef(member_id=receipt.member_id), LEFT_ON, Decision(), removal=removal, reason=reason
    )
    writes.remove(registry, tree.cell2, command, "h02.clerk")


@pytest.fixture
def province_officer(make_api: Callable[..., Api], tree: Tree) -> Api:
    """An officer of the province: reads and writes both districts."""
    return make_api("t01.officer", tree.province, "officer")


def test_admitting_a_member_of_another_district_says_only_that_they_are_on_another_roll(
    officer: Api, tree: Tree, on_district_2: Receipt
) -> None:
    answer = officer.post(EVENTS.format(tree.cell), admission(PERSON))

    body = answer.get_json()
    assert (answer.status_code, body["code"]) == (409, "on_two_rolls")
    assert "already on the roll of another organization" in body["message"]
    assert leaked(answer, foreign_facts(tree, ADMITTED_ON)) == []


def test_the_province_reads_the_whole_refusal(
    province_officer: Api, tree: Tree, on_district_2: Receipt
) -> None:
    answer = province_officer.post(EVENTS.format(tree.cell), admission(PERSON))

    body = answer.get_json()
    assert body["code"] == "on_two_rolls"
    assert ADMITTED_ON.isoformat() in body["message"]


def test_a_refusal_inside_the_district_keeps_its_dates(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    officer.post(EVENTS.format(tree.other_cell), admission(PERSON, on="2026-03-10"))

    answer = officer.post(EVENTS.format(tree.cell), admission(PERSON, on="2026-04-10"))

    assert answer.get_json()["code"] == "on_two_rolls"
    assert "since 2026-03-10" in answer.get_json()["message"]


def test_a_death_recorded_in_another_district_is_not_dated(
    officer: Api, tree: Tree, registry: Registry, on_district_2: Receipt
) -> None:
    leave_district_2(registry, tree, on_district_2, EventType.DIED)

    answer = officer.post(EVENTS.format(tree.cell), admission(PERSON))

    assert answer.get_json()["code"] == "member_deceased"
    assert leaked(answer, foreign_facts(tree, ADMITTED_ON, LEFT_ON)) == []


def test_a_former_member_of_another_district_is_refused_without_their_dates(
    officer: Api, tree: Tree, registry: Registry, on_district_2: Receipt
) -> None:
    leave_district_2(registry, tree, on_district_2, EventType.STRUCK_OFF)
    readmission = {**admission(PERSON, on="2026-03-10"), "type": "readmitted"}

    as_admission = officer.post(EVENTS.format(tree.cell), admission(PERSON))
    too_early = officer.post(EVENTS.format(tree.cell), readmission)

    assert as_admission.get_json()["code"] == "readmission_required"
    assert too_early.get_json()["code"] == "readmission_too_early"
    earliest = date(2027, 5, 6)  # 36 months after leaving: it would tell the day they left
    for answer in (as_admission, too_early):
        assert leaked(answer, foreign_facts(tree, ADMITTED_ON, LEFT_ON, earliest)) == []


def test_a_dossier_for_a_member_of_another_district_names_no_cell(
    officer: Api, province_officer: Api, tree: Tree, on_district_2: Receipt
) -> None:
    refused = officer.post(DOSSIERS.format(tree.cell), opening(PERSON))
    told_all = province_officer.post(DOSSIERS.format(tree.cell), opening(PERSON))

    assert refused.get_json()["code"] == told_all.get_json()["code"] == "already_member"
    assert leaked(refused, foreign_facts(tree, ADMITTED_ON)) == []
    assert tree.cell2 in told_all.get_json()["message"]


def test_a_taken_organization_code_says_only_that_it_is_taken(officer: Api, tree: Tree) -> None:
    body = {"code": tree.cell2, "name": "Chi bộ mới", "kind": "cell", "founded_on": "2020-01-01"}

    answer = officer.post("/api/v1/orgs", {**body, "parent": tree.committee})

    assert (answer.status_code, answer.get_json()["code"]) == (409, "code_taken")
    assert answer.get_json()["message"] == f"the organization code {tree.cell2} is already taken"
    assert leaked(answer, ["Chi bộ thôn Ba", "Đảng bộ xã Bình", "2000-01-01"]) == []
