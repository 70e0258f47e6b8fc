"""The report periods API: approval up the tree, refusals by rule, tenancy (issue 14)."""

from __future__ import annotations

import pytest

PERIOD = "2024"


def url(code: str, period: str = PERIOD) -> str:
    return f"/api/v1/orgs/{code}/periods/{period}"


@pytest.fixture
def officers(make_api, peopled):
    """An officer of each cell, of the commune (the committee) and of district 2's commune."""
    return {
        "cell": make_api("cb01.officer", peopled.cell, "officer"),
        "other_cell": make_api("cb02.officer", peopled.other_cell, "officer"),
        "commune": make_api("du01.officer", peopled.committee, "officer"),
        "foreign": make_api("h02du01.officer", peopled.committee2, "officer"),
    }


def step(api, code: str, action: str, **body):
    return api.post(url(code), {"action": action, **body})


def test_a_commune_approves_once_its_cells_have_or_are_marked_not_reporting(officers, peopled):
    for action in ("prepare", "approve"):
        assert step(officers["cell"], peopled.cell, action).status_code == 200
    assert step(officers["commune"], peopled.committee, "prepare").status_code == 200

    early = step(officers["commune"], peopled.committee, "approve")
    marked = step(officers["commune"], peopled.other_cell, "not_reporting", reason="sáp nhập")
    approved = step(officers["commune"], peopled.committee, "approve")

    assert (early.status_code, early.get_json()["code"]) == (409, "children_not_approved")
    assert peopled.other_cell in early.get_json()["message"]  # in the commune's own subtree
    assert marked.get_json()["state"] == "not_reporting"
    assert (approved.status_code, approved.get_json()["state"]) == (200, "approved")
    assert approved.get_json()["position"] is not None


def test_the_period_page_data_shows_states_lateness_and_the_locked_report(officers, peopled):
    for action in ("prepare", "approve"):
        step(officers["cell"], peopled.cell, action)

    answer = officers["commune"].get(url(peopled.committee)).get_json()
    cell = officers["cell"].get(url(peopled.cell)).get_json()

    states = {row["code"]: row["state"] for row in answer["reports"]}
    assert states == {
        peopled.committee: "not_started",
        peopled.cell: "approved",
        peopled.other_cell: "not_started",
    }
    assert (answer["due_on"], answer["late"]) == (
        "2025-01-15",
        [peopled.committee, peopled.other_cell],
    )
    assert answer["locked"] is None
    assert cell["locked"]["reproduced"] is True
    assert cell["locked"]["approved"] == {
        "brought_forward": 3,
        "increases": 0,
        "decreases": 0,
        "at_end": 3,
    }
    assert cell["reconciliation"]["starts_from"] == "compiled"


def test_a_superior_returns_with_a_reason_and_the_cell_approves_again(officers, peopled):
    for action in ("prepare", "approve"):
        step(officers["cell"], peopled.cell, action)

    no_reason = step(officers["commune"], peopled.cell, "return")
    own = step(officers["cell"], peopled.cell, "return", reason="tự trả")
    returned = step(officers["commune"], peopled.cell, "return", reason="thiếu số liệu")
    again = [step(officers["cell"], peopled.cell, a).status_code for a in ("prepare", "approve")]

    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    assert (own.status_code, own.get_json()["code"]) == (409, "not_superior")
    assert returned.get_json()["state"] == "returned"
    assert again == [200, 200]


def test_a_superior_cannot_approve_in_a_cells_place(officers, peopled):
    step(officers["commune"], peopled.cell, "prepare")

    answer = step(officers["commune"], peopled.cell, "approve")

    assert (answer.status_code, answer.get_json()["code"]) == (409, "approver_not_own_officer")


def test_a_clerk_prepares_but_does_not_approve(make_api, officers, peopled):
    clerk = make_api("cb01.clerk", peopled.cell, "clerk")

    prepared = step(clerk, peopled.cell, "prepare")
    approved = step(clerk, peopled.cell, "approve")

    assert prepared.status_code == 200
    assert approved.status_code == 403


def test_a_foreign_commune_is_answered_as_an_unknown_code(officers, peopled, registry):
    before = registry.max_position()

    read = officers["foreign"].get(url(peopled.committee))
    write = step(officers["foreign"], peopled.cell, "prepare")
    unknown = officers["foreign"].get(url("T01.H09"))

    assert read.status_code == write.status_code == unknown.status_code == 404
    said = read.get_data(as_text=True).replace(peopled.committee, "T01.H09")
    assert said == unknown.get_data(as_text=True)
    assert registry.max_position() == before


def test_a_commune_sees_only_its_own_subtree_in_the_districts_period(make_api, officers, peopled):
    answer = officers["commune"].get(url(peopled.district))

    assert answer.status_code == 404


def test_a_malformed_period_is_refused_and_stores_nothing(officers, peopled, registry):
    before = registry.max_position()

    answer = officers["cell"].post(url(peopled.cell, "2024-H3"), {"action": "prepare"})

    assert answer.status_code == 422
    assert registry.max_position() == before
