"""The read endpoints: roll, roll-up, flows, indicators, standings, series, members, diff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import Api, Tree, admission

ORG = "/api/v1/orgs/{}/{}"


@pytest.fixture
def admitted(officer: Api, tree: Tree, clock: Any) -> list[dict[str, Any]]:
    """Three admissions in cell 1 on 10 March 2026 (one woman, two men), recorded on 21 Nov."""
    receipts = []
    for number, sex in enumerate(["female", "male", "male"], start=1):
        body = admission(f"00119000000{number}", sex=sex, full_name=f"Người {number}")
        answer = officer.post(ORG.format(tree.cell, "events"), body)
        assert answer.status_code == 201, answer.get_json()
        receipts.append(answer.get_json())
    clock.advance(days=1)
    return receipts


@pytest.fixture
def auditor(make_api: Callable[..., Api], tree: Tree) -> Api:
    """An auditor of district 1."""
    return make_api("h01.kiemtra", tree.district, "auditor")


def test_the_roll_of_a_district_lists_the_members_of_its_cells(
    officer: Api, tree: Tree, admitted: list[dict[str, Any]]
) -> None:
    roll = officer.get(ORG.format(tree.district, "roll")).get_json()

    assert (roll["org"], roll["as_of"], roll["total"], roll["probationary"], roll["official"]) == (
        tree.district,
        "2026-11-22",
        3,
        3,
        0,
    )
    assert roll["members"][0] == {
        "member_id": admitted[0]["member_id"],
        "full_name": "Người 1",
        "status": "probationary",
        "since": "2026-03-10",
        "org": tree.cell,
    }


def test_the_roll_on_a_past_day(officer: Api, tree: Tree, admitted: Any) -> None:
    before = officer.get(ORG.format(tree.district, "roll"), as_of="2026-03-09").get_json()
    own_only = officer.get(ORG.format(tree.district, "roll"), subtree="false").get_json()

    assert before["total"] == 0
    assert own_only["total"] == 0  # a district keeps no roll of its own


def test_auditors_see_the_roll_as_it_was_known(auditor: Api, tree: Tree, admitted: Any) -> None:
    then = auditor.get(ORG.format(tree.district, "roll"), known_at="2026-11-20T23:00:00+07:00")
    naive = auditor.get(ORG.format(tree.district, "roll"), known_at="2026-11-21T09:59:59")

    assert then.get_json()["total"] == 0
    assert then.get_json()["known_at"] == "2026-11-20T16:00:00+00:00"
    assert naive.get_json()["total"] == 0  # read in Vietnam time: 02:59:59 UTC


def test_officers_and_clerks_may_not_use_known_at(officer: Api, tree: Tree) -> None:
    answer = officer.get(ORG.format(tree.district, "roll"), known_at="2026-01-01T00:00:00Z")

    assert answer.status_code == 403
    assert answer.get_json()["code"] == "forbidden"


def test_the_rollup_sums_each_subtree(officer: Api, tree: Tree, admitted: Any) -> None:
    tree_ = officer.get(ORG.format(tree.district, "rollup")).get_json()

    committee = tree_["children"][0]
    assert (tree_["total"], committee["total"]) == (3, 3)
    assert [(c["code"], c["total"]) for c in committee["children"]] == [
        (tree.cell, 3),
        (tree.other_cell, 0),
    ]
    assert set(tree_) == {"code", "name", "kind", "total", "probationary", "official", "children"}


def test_the_rollup_to_a_depth(officer: Api, tree: Tree, admitted: Any) -> None:
    shallow = officer.get(ORG.format(tree.district, "rollup"), depth=1).get_json()

    assert shallow["children"][0]["children"] == []


def test_a_clerk_sees_its_cells_in_the_rollup(
    make_api: Callable[..., Api], tree: Tree, admitted: Any
) -> None:
    clerk = make_api("cb01.vanthu", tree.cell, "clerk")

    own = clerk.get(ORG.format(tree.cell, "rollup"))
    above = clerk.get(ORG.format(tree.committee, "rollup"))

    assert own.get_json()["total"] == 3
    assert above.status_code == 404


def test_flows_count_the_period(officer: Api, tree: Tree, admitted: Any) -> None:
    flows = officer.get(
        ORG.format(tree.district, "flows"), **{"from": "2026-01-01", "to": "2026-12-31"}
    )

    body = flows.get_json()
    assert (body["from"], body["to"], body["admitted"], body["recognized"]) == (
        "2026-01-01",
        "2026-12-31",
        3,
        0,
    )
    assert body["admission_rate"] is None  # nobody on the roll at the end of 2025
    assert set(body) == {
        "org",
        "from",
        "to",
        "admitted",
        "readmitted",
        "transferred_in",
        "transferred_out",
        "recognized",
        "expelled",
        "struck_off",
        "died",
        "annulled",
        "admission_rate",
    }


def test_a_period_that_ends_before_it_starts_is_refused(officer: Api, tree: Tree) -> None:
    answer = officer.get(
        ORG.format(tree.district, "flows"), **{"from": "2026-12-31", "to": "2026-01-01"}
    )

    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"to": ["must not be before from"]}


def test_indicators_are_shares_rounded_to_one_decimal(
    officer: Api, tree: Tree, admitted: Any
) -> None:
    body = officer.get(
        ORG.format(tree.district, "indicators"), **{"from": "2026-01-01", "to": "2026-12-31"}
    ).get_json()

    assert body["admitted"] == 3
    assert body["women"] == {"count": 1, "percent": 33.3}
    assert body["ethnic_minority"] == {"count": 3, "percent": 100.0}
    for name in (
        "religious",
        "youth_union",
        "under_30",
        "college_or_higher",
        "postgraduate",
        "private_enterprise",
    ):
        assert set(body[name]) == {"count", "percent"}


def test_standings_for_a_year(officer: Api, tree: Tree, admitted: Any) -> None:
    body = officer.get(ORG.format(tree.district, "standings"), period="2026").get_json()

    assert (body["org"], body["period"], body["admitted"]) == (tree.district, "2026", 3)
    assert body["children"][0]["org"] == tree.committee
    assert isinstance(body["at_risk"], bool)
    assert body["without_admissions"] == []


@pytest.mark.parametrize("period", ["20x6", "2026-2020", "1900", "2026/2030", ""])
def test_bad_periods_are_refused(officer: Api, tree: Tree, period: str) -> None:
    answer = officer.get(ORG.format(tree.district, "standings"), period=period)

    assert answer.status_code == 422
    assert "period" in answer.get_json()["errors"]


def test_the_series_gives_month_ends(officer: Api, tree: Tree, admitted: Any) -> None:
    body = officer.get(
        ORG.format(tree.district, "series"), **{"from": "2026-01-01", "to": "2026-06-30"}
    ).get_json()

    assert [(p["day"], p["total"]) for p in body["points"][1:3]] == [
        ("2026-02-28", 0),
        ("2026-03-31", 3),
    ]


def test_a_member_with_every_event_and_both_times(officer: Api, tree: Tree, admitted: Any) -> None:
    member_id = admitted[0]["member_id"]

    body = officer.get(ORG.format(tree.cell, f"members/{member_id}")).get_json()

    assert (body["member_id"], body["full_name"], body["org"], body["status"]) == (
        member_id,
        "Người 1",
        tree.cell,
        "probationary",
    )
    [event] = body["events"]
    assert (event["type"], event["effective_on"], event["recorded_at"], event["recorded_by"]) == (
        "admitted",
        "2026-03-10",
        "2026-11-21T03:00:00+00:00",
        "h01.officer",
    )


def test_a_member_outside_the_organization_is_404(officer: Api, tree: Tree, admitted: Any) -> None:
    member_id = admitted[0]["member_id"]

    neighbour = officer.get(ORG.format(tree.other_cell, f"members/{member_id}"))
    nobody = officer.get(ORG.format(tree.cell, "members/00000000-0000-0000-0000-000000000000"))

    assert neighbour.status_code == nobody.status_code == 404


def test_the_diff_explains_a_change_by_its_events(
    auditor: Api, tree: Tree, admitted: list[dict[str, Any]]
) -> None:
    body = auditor.get(
        ORG.format(tree.district, "diff"),
        as_of="2026-06-30",
        known_at_1="2026-11-01T00:00:00+07:00",
        known_at_2="2026-11-22T00:00:00+07:00",
    ).get_json()

    assert (body["total_1"], body["total_2"]) == (0, 3)
    assert {e["event_id"] for e in body["events"]} == {r["event_id"] for r in admitted}
    assert {(e["kind"], e["effect"]) for e in body["events"]} == {("late_entry", 1)}


def test_the_diff_is_for_auditors(officer: Api, tree: Tree) -> None:
    answer = officer.get(ORG.format(tree.district, "diff"), known_at_1="2026-01-01T00:00:00Z")

    assert answer.status_code == 403


def test_moments_must_be_in_order(auditor: Api, tree: Tree) -> None:
    answer = auditor.get(
        ORG.format(tree.district, "diff"),
        known_at_1="2026-11-01T00:00:00Z",
        known_at_2="2026-10-01T00:00:00Z",
    )

    assert answer.status_code == 422
    assert "known_at_2" in answer.get_json()["errors"]
