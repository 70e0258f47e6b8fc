"""Structure endpoints after a reform: restated figures (one territory, two days), lineage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import Api, Reformed, Tree

ORG = "/api/v1/orgs/{}/{}"
PAST = "2024-01-01"
EVE = "2025-06-30"


@pytest.fixture
def province_api(make_api: Callable[..., Api], tree: Tree) -> Api:
    return make_api("tinh.theodoi", tree.province, "oversight")


@pytest.fixture
def commune_api(make_api: Callable[..., Api], reformed: Reformed) -> Api:
    return make_api("xa.canbo", reformed.commune, "officer")


@pytest.fixture
def district2_api(make_api: Callable[..., Api], tree: Tree) -> Api:
    return make_api("h02.canbo", tree.district2, "officer")


def totals(node: dict[str, Any]) -> dict[str, int]:
    found = {node["code"]: node["total"]}
    for child in node["children"]:
        found.update(totals(child))
    return found


def errors_of(answer: Any) -> dict[str, list[str]]:
    assert answer.status_code == 422, answer.get_json()
    body = answer.get_json()
    assert (body["code"], body["status"]) == ("validation_failed", 422)
    return body["errors"]  # type: ignore[no-any-return]


# -- restated -------------------------------------------------------------------------------


def test_the_past_is_counted_for_the_commune_that_carries_it_on(
    province_api: Api, tree: Tree, reformed: Reformed
) -> None:
    answer = province_api.get(ORG.format(tree.province, "restated"), as_of=PAST)

    body = answer.get_json()
    assert answer.status_code == 200, body
    assert (body["org"], body["as_of"], body["structure_on"]) == (
        tree.province,
        PAST,
        "2026-11-21",
    )
    assert body["known_at"].startswith("2026-11-21T")
    assert totals(body["then"]) == {
        tree.province: 7,
        tree.district2: 0,
        reformed.commune: 7,
        tree.cell: 3,
        tree.other_cell: 2,
        tree.cell2: 2,
    }
    assert totals(body["now"]) == totals(body["then"])
    assert tree.district not in totals(body["then"])  # dissolved: not on today's structure
    commune = body["then"]["children"][1]
    assert (commune["name"], commune["probationary"], commune["official"]) == (
        "Đảng bộ xã Hợp Nhất",
        7,
        0,
    )


def test_the_structured_rollup_of_the_same_day_still_shows_the_old_districts(
    province_api: Api, tree: Tree, reformed: Reformed
) -> None:
    old = province_api.get(ORG.format(tree.province, "rollup"), as_of=PAST).get_json()

    assert totals(old)[tree.district] == 5
    assert reformed.commune not in totals(old)


def test_restating_onto_an_earlier_structure_shows_that_days_tree(
    province_api: Api, tree: Tree, reformed: Reformed
) -> None:
    body = province_api.get(
        ORG.format(tree.province, "restated"), as_of=PAST, structure_on=EVE
    ).get_json()

    assert body["structure_on"] == EVE
    assert totals(body["then"])[tree.district] == 5
    assert totals(body["then"])[tree.committee] == 5
    assert reformed.commune not in totals(body["then"])


def test_a_depth_limits_both_trees(province_api: Api, tree: Tree, reformed: Reformed) -> None:
    body = province_api.get(ORG.format(tree.province, "restated"), as_of=PAST, depth=1).get_json()

    for side in ("then", "now"):
        assert [(c["code"], c["total"], c["children"]) for c in body[side]["children"]] == [
            (tree.district2, 0, []),
            (reformed.commune, 7, []),
        ]


def test_the_commune_reads_no_figures_of_days_its_territory_was_someone_elses(
    commune_api: Api, province_api: Api, reformed: Reformed
) -> None:
    # Before the reform the cells were district 1's and district 2's: their rolls of that day
    # are facts the commune never held (issue 10); the province held them all along.
    refused = commune_api.get(ORG.format(reformed.commune, "restated"), as_of=PAST)
    unknown = commune_api.get(ORG.format("T01.X99", "restated"), as_of=PAST)
    since = commune_api.get(ORG.format(reformed.commune, "restated"), as_of="2025-07-01")
    seen = province_api.get(ORG.format(reformed.commune, "restated"), as_of=PAST).get_json()

    assert refused.status_code == unknown.status_code == 404
    assert refused.get_json()["message"] == unknown.get_json()["message"].replace(
        "T01.X99", reformed.commune
    )
    assert (since.get_json()["then"]["total"], since.get_json()["now"]["total"]) == (7, 7)
    assert (seen["then"]["total"], seen["now"]["total"]) == (7, 7)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "as_of"),
        ({"as_of": "2024-02-30"}, "as_of"),
        ({"as_of": "1900-01-01"}, "as_of"),
        ({"as_of": PAST, "structure_on": "01/07/2025"}, "structure_on"),
        ({"as_of": PAST, "depth": "11"}, "depth"),
        ({"as_of": PAST, "depth": "-1"}, "depth"),
        ({"as_of": PAST, "asof": PAST}, "asof"),
        ({"as_of": EVE, "structure_on": PAST}, "as_of"),
        ({"as_of": "2027-01-01"}, "as_of"),
    ],
)
def test_bad_parameters_answer_422_on_their_field(
    province_api: Api, tree: Tree, reformed: Reformed, query: dict[str, str], field: str
) -> None:
    answer = province_api.get(ORG.format(tree.province, "restated"), **query)

    assert field in errors_of(answer)


def test_a_structure_before_the_organization_existed_is_refused_on_structure_on(
    province_api: Api, commune_api: Api, reformed: Reformed
) -> None:
    for api in (commune_api, province_api):
        answer = api.get(
            ORG.format(reformed.commune, "restated"), as_of="2021-01-01", structure_on=PAST
        )

        assert list(errors_of(answer)) == ["structure_on"]


def test_an_ended_organization_has_no_structure_today(
    province_api: Api, tree: Tree, reformed: Reformed
) -> None:
    answer = province_api.get(ORG.format(tree.district, "restated"), as_of=PAST)
    on_its_eve = province_api.get(
        ORG.format(tree.district, "restated"), as_of=PAST, structure_on=EVE
    )

    assert list(errors_of(answer)) == ["structure_on"]
    assert on_its_eve.get_json()["then"]["total"] == 5


def test_outside_the_subtree_the_restated_view_is_not_found(
    district2_api: Api, tree: Tree, reformed: Reformed
) -> None:
    outside = district2_api.get(ORG.format(reformed.commune, "restated"), as_of=PAST)
    unknown = district2_api.get(ORG.format("T01.X99", "restated"), as_of=PAST)

    assert outside.status_code == unknown.status_code == 404
    assert outside.get_json()["code"] == "not_found"
    assert outside.get_json()["message"] == unknown.get_json()["message"].replace(
        "T01.X99", reformed.commune
    )


def test_the_structure_asked_for_must_lie_in_the_callers_subtree_that_day(
    commune_api: Api, tree: Tree, reformed: Reformed
) -> None:
    # The cell is the commune's today; on the eve of the reform it was district 1's.
    today = commune_api.get(ORG.format(tree.cell, "restated"), as_of="2025-07-01")
    eve = commune_api.get(ORG.format(tree.cell, "restated"), as_of=PAST, structure_on=EVE)
    then = commune_api.get(ORG.format(tree.cell, "restated"), as_of=PAST)

    assert today.status_code == 200
    assert today.get_json()["then"]["total"] == 3
    assert eve.status_code == then.status_code == 404


def test_known_at_in_the_restated_view_is_for_auditors(
    commune_api: Api, make_api: Callable[..., Api], tree: Tree, reformed: Reformed
) -> None:
    auditor = make_api("tinh.kiemtra", tree.province, "auditor")
    before = reformed.known_before.isoformat()

    refused = commune_api.get(ORG.format(reformed.commune, "restated"), as_of=PAST, known_at=before)
    then_known = auditor.get(
        ORG.format(tree.province, "restated"), as_of=PAST, structure_on=EVE, known_at=before
    )

    assert refused.status_code == 403
    assert totals(then_known.get_json()["then"])[tree.district] == 5


# -- lineage --------------------------------------------------------------------------------


def test_the_lineage_of_a_merged_committee_names_its_successor_and_decisions(
    province_api: Api, tree: Tree, reformed: Reformed
) -> None:
    body = province_api.get(ORG.format(tree.committee, "lineage")).get_json()

    assert (body["code"], body["name"], body["founded_on"], body["ended_on"]) == (
        tree.committee,
        "Đảng bộ xã An Mới",
        "2000-01-01",
        "2025-07-01",
    )
    assert body["heirs"] == [reformed.commune]
    assert body["predecessors"] == []
    assert body["successors"] == [
        {
            "code": reformed.commune,
            "name": "Đảng bộ xã Hợp Nhất",
            "on": "2025-07-01",
            "how": "merged",
        }
    ]
    assert [(e["type"], e["effective_on"], e["related"]) for e in body["events"]] == [
        ("founded", "2000-01-01", [tree.district]),
        ("renamed", "2024-05-01", ["Đảng bộ xã An Mới"]),
        ("ended", "2025-07-01", [reformed.commune]),
    ]
    ended = body["events"][-1]
    assert (ended["how"], ended["decision_no"], ended["decision_on"], ended["decided_by"]) == (
        "merged",
        "12-QĐ/TU",
        "2025-06-20",
        tree.province,
    )
    assert ended["recorded_by"] == "tinh"


def test_the_lineage_of_the_commune_names_its_predecessors(
    commune_api: Api, tree: Tree, reformed: Reformed
) -> None:
    body = commune_api.get(ORG.format(reformed.commune, "lineage")).get_json()

    assert [(p["code"], p["how"]) for p in body["predecessors"]] == [
        (tree.committee, "merged"),
        (tree.committee2, "merged"),
    ]
    assert [e["type"] for e in body["events"]] == ["founded", "successor_of"]
    assert body["ended_on"] is None and body["heirs"] == [reformed.commune]


def test_a_moved_cell_tells_where_it_moved_from_and_to(
    commune_api: Api, tree: Tree, reformed: Reformed
) -> None:
    events = commune_api.get(ORG.format(tree.cell, "lineage")).get_json()["events"]

    assert [(e["type"], e["how"], e["related"]) for e in events] == [
        ("founded", None, [tree.committee]),
        ("moved", "merged", [tree.committee, reformed.commune]),
    ]


def test_the_commune_reads_the_lineage_of_its_predecessors_but_not_their_figures(
    commune_api: Api, tree: Tree, reformed: Reformed
) -> None:
    lineage = commune_api.get(ORG.format(tree.committee2, "lineage"))
    figures = commune_api.get(ORG.format(tree.committee2, "rollup"), as_of=PAST)
    dissolved = commune_api.get(ORG.format(tree.district, "lineage"))

    assert lineage.status_code == 200
    assert lineage.get_json()["heirs"] == [reformed.commune]
    assert figures.status_code == 404
    assert dissolved.status_code == 404  # no heir: only those who held it may read it


def test_an_ended_organization_stays_readable_by_those_who_held_it_on_its_last_day(
    province_api: Api, district2_api: Api, tree: Tree, reformed: Reformed
) -> None:
    district = province_api.get(ORG.format(tree.district, "lineage")).get_json()
    own_committee = district2_api.get(ORG.format(tree.committee2, "lineage"))
    its_figures = district2_api.get(ORG.format(tree.committee2, "rollup"), as_of=EVE)
    neighbour = district2_api.get(ORG.format(tree.committee, "lineage"))

    assert [(e["type"], e["how"], e["related"]) for e in district["events"]] == [
        ("founded", None, [tree.province]),
        ("ended", "dissolved", []),
    ]
    assert district["heirs"] == [] and district["successors"] == []
    assert own_committee.status_code == 200
    assert its_figures.get_json()["total"] == 2
    assert neighbour.status_code == 404


def test_the_lineage_of_an_unknown_code_is_not_found(province_api: Api, tree: Tree) -> None:
    answer = province_api.get(ORG.format("T01.ZZ", "lineage"))

    assert answer.status_code == 404
    assert answer.get_json()["code"] == "not_found"


def test_the_lineage_needs_a_token(anonymous: Api, tree: Tree) -> None:
    assert anonymous.get(ORG.format(tree.province, "lineage")).status_code == 401


# -- the audit of a reorganization, and the OpenAPI document --------------------------------


def test_the_diff_explains_a_reorganization_with_events_without_a_member(
    make_api: Callable[..., Api], tree: Tree, reformed: Reformed
) -> None:
    auditor = make_api("tinh.kiemtra", tree.province, "auditor")

    body = auditor.get(
        ORG.format(tree.district2, "diff"),
        as_of="2025-07-01",
        known_at_1=reformed.known_before.isoformat(),
    ).get_json()

    assert (body["total_1"], body["total_2"]) == (2, 0)
    assert body["events"], "a change of the total is explained"
    assert sum(e["effect"] for e in body["events"]) == -2
    for event in body["events"]:
        assert (event["kind"], event["member_id"]) == ("reorganization", None)
        assert event["type"] in {"moved", "ended", "renamed", "successor_of"}
        assert event["effective_on"] == "2025-07-01"


def test_the_openapi_document_describes_both_endpoints(province_api: Api) -> None:
    spec = province_api.get("/api/v1/openapi.json").get_json()

    restated = spec["paths"]["/api/v1/orgs/{code}/restated"]["get"]
    lineage = spec["paths"]["/api/v1/orgs/{code}/lineage"]["get"]
    names = {p["name"]: p for p in restated["parameters"]}
    assert {"as_of", "structure_on", "known_at", "depth"} <= set(names)
    assert names["as_of"]["required"] is True
    assert {"200", "default"} <= set(lineage["responses"])
    assert "422" in restated["responses"]
    schemas = spec["components"]["schemas"]
    assert {"then", "now", "structure_on"} <= set(schemas["Restated"]["properties"])
    assert {"heirs", "predecessors", "successors", "events"} <= set(
        schemas["Lineage"]["properties"]
    )
    assert schemas["DiffEvent"]["properties"]["member_id"]["nullable"] is True
