"""POST /api/v1/orgs and GET /api/v1/orgs/{code}; GET /api/v1/me."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.registry import Registry
from tests.web.conftest import Api, Tree


def new_committee(parent: str, code: str = "T01.H01.DU02") -> dict[str, Any]:
    return {
        "code": code,
        "name": "Đảng bộ xã Mới",
        "kind": "grassroots_committee",
        "parent": parent,
        "founded_on": "2010-05-19",
    }


def test_an_officer_founds_an_organization_under_its_subtree(officer: Api, tree: Tree) -> None:
    answer = officer.post("/api/v1/orgs", new_committee(tree.district))

    assert answer.status_code == 201
    assert answer.headers["Location"] == "/api/v1/orgs/T01.H01.DU02"
    assert answer.get_json() == {
        "code": "T01.H01.DU02",
        "name": "Đảng bộ xã Mới",
        "kind": "grassroots_committee",
        "parent": tree.district,
        "founded_on": "2010-05-19",
        "children": [],
    }
    assert "T01.H01.DU02" in officer.get(f"/api/v1/orgs/{tree.district}").get_json()["children"]


def test_the_founder_is_recorded(officer: Api, tree: Tree, registry: Registry) -> None:
    officer.post("/api/v1/orgs", new_committee(tree.district))

    founded = next(iter(registry.events.get(registry.ids.organization("T01.H01.DU02"))))
    assert founded.recorded_by == "h01.officer"  # type: ignore[attr-defined]


def test_founding_under_another_district_is_404(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    before = registry.max_position()

    answer = officer.post("/api/v1/orgs", new_committee(tree.district2, "T01.H02.DU02"))

    assert answer.status_code == 404
    assert answer.get_json()["message"] == f"organization not found: {tree.district2}"
    assert registry.max_position() == before


@pytest.mark.parametrize("role", ["clerk", "auditor", "oversight"])
def test_only_officers_found_organizations(
    make_api: Callable[..., Api], tree: Tree, role: str
) -> None:
    user = make_api(f"h01.{role}", tree.district, role)

    answer = user.post("/api/v1/orgs", new_committee(tree.district))

    assert answer.status_code == 403


def test_top_level_organizations_are_for_the_command_line(officer: Api) -> None:
    answer = officer.post(
        "/api/v1/orgs",
        {**new_committee(None), "code": "T02", "kind": "province"},  # type: ignore[arg-type]
    )

    assert answer.status_code == 403


def test_domain_rules_answer_409_with_the_rule(officer: Api, tree: Tree) -> None:
    taken = officer.post("/api/v1/orgs", new_committee(tree.district, tree.committee))
    wrong_parent = officer.post("/api/v1/orgs", {**new_committee(tree.district), "kind": "cell"})

    assert (taken.status_code, taken.get_json()["code"]) == (409, "code_taken")
    assert (wrong_parent.status_code, wrong_parent.get_json()["code"]) == (409, "parent_kind")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "lower case"}, "code"),
        ({"kind": "kingdom"}, "kind"),
        ({"founded_on": "2010-02-30"}, "founded_on"),
        ({"founded_on": "1800-01-01"}, "founded_on"),
        ({"name": ""}, "name"),
        ({"name": 42}, "name"),
        ({"name": "<img src=x onerror=alert(1)>"}, "name"),
        ({"parent": ["T01"]}, "parent"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_malformed_organizations_get_messages_per_field(
    officer: Api, tree: Tree, registry: Registry, change: dict[str, Any], field: str
) -> None:
    before = registry.max_position()

    answer = officer.post("/api/v1/orgs", {**new_committee(tree.district), **change})

    assert answer.status_code == 422
    assert field in answer.get_json()["errors"]
    assert registry.max_position() == before


def test_an_organization_shows_parent_founding_and_children(officer: Api, tree: Tree) -> None:
    answer = officer.get(f"/api/v1/orgs/{tree.committee}")

    assert answer.get_json() == {
        "code": tree.committee,
        "name": "Đảng bộ xã An",
        "kind": "grassroots_committee",
        "parent": tree.district,
        "founded_on": "2000-01-01",
        "children": [tree.cell, tree.other_cell],
    }


def test_the_tree_on_a_day_before_a_founding(officer: Api, tree: Tree) -> None:
    officer.post("/api/v1/orgs", new_committee(tree.district))

    before = officer.get(f"/api/v1/orgs/{tree.district}", as_of="2005-01-01").get_json()

    assert before["children"] == [tree.committee]


def test_the_province_sees_both_districts_and_a_district_only_itself(
    make_api: Callable[..., Api], officer: Api, tree: Tree
) -> None:
    province = make_api("tinh.btc", tree.province, "oversight")

    assert province.get(f"/api/v1/orgs/{tree.province}").get_json()["children"] == [
        tree.district,
        tree.district2,
    ]
    assert officer.get(f"/api/v1/orgs/{tree.province}").status_code == 404


def test_me_tells_the_user_their_org_role_and_rights(
    make_api: Callable[..., Api], tree: Tree
) -> None:
    auditor = make_api("h01.kiemtra", tree.district, "auditor")

    assert auditor.get("/api/v1/me").get_json() == {
        "name": "h01.kiemtra",
        "org": tree.district,
        "role": "auditor",
        "writes": False,
        "may_use_known_at": True,
    }


QUOTA = "/api/v1/orgs/{}/quotas/{}"


def test_an_officer_sets_the_quota_it_assigns(officer: Api, tree: Tree, registry: Registry) -> None:
    answer = officer.put(
        QUOTA.format(tree.committee, "2026"), {"target": 4, "assigned_by": tree.district}
    )

    assert answer.status_code == 200
    assert answer.get_json() == {
        "org": tree.committee,
        "period": "2026",
        "target": 4,
        "assigned_by": tree.district,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "recorded_at": "2026-11-21T03:00:00+00:00",
    }
    standing = officer.get(f"/api/v1/orgs/{tree.committee}/standings", period="2026").get_json()
    assert standing["plans"] == [{"assigned_by": tree.district, "target": 4, "percent": 0.0}]


def test_a_term_quota(officer: Api, tree: Tree) -> None:
    answer = officer.put(
        QUOTA.format(tree.district, "2025-2030"), {"target": 40, "assigned_by": tree.district}
    )

    assert (answer.get_json()["starts_on"], answer.get_json()["ends_on"]) == (
        "2025-01-01",
        "2030-12-31",
    )


def test_a_quota_assigned_by_a_body_outside_the_subtree_is_404(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    before = registry.max_position()

    above = officer.put(
        QUOTA.format(tree.district, "2026"), {"target": 4, "assigned_by": tree.province}
    )
    beside = officer.put(
        QUOTA.format(tree.district, "2026"), {"target": 4, "assigned_by": tree.district2}
    )

    assert above.status_code == beside.status_code == 404
    assert registry.max_position() == before


def test_a_quota_from_below_breaks_the_assigner_rule(officer: Api, tree: Tree) -> None:
    answer = officer.put(
        QUOTA.format(tree.committee, "2026"), {"target": 4, "assigned_by": tree.cell}
    )

    assert (answer.status_code, answer.get_json()["code"]) == (409, "quota_assigner")


def test_clerks_do_not_set_quotas(make_api: Callable[..., Api], tree: Tree) -> None:
    clerk = make_api("du01.vanthu", tree.committee, "clerk")

    answer = clerk.put(
        QUOTA.format(tree.committee, "2026"), {"target": 4, "assigned_by": tree.committee}
    )

    assert answer.status_code == 403
