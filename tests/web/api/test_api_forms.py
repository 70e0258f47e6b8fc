"""GET /api/v1/orgs/<code>/forms/<period>: the three forms, within the reader's reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.web.conftest import Api, Reformed, Tree


def rows(body: dict[str, Any], form: str, column: int = 0) -> dict[str, Any]:
    found = next(f for f in body["forms"] if f["code"] == form)
    return {row["code"]: row["values"][column] for row in found["rows"]}


def test_the_province_reads_its_forms_balanced_with_a_digest(
    reformed: Reformed, province_officer: Api, tree: Tree
) -> None:
    answer = province_officer.get(f"/api/v1/orgs/{tree.province}/forms/2023")
    body = answer.get_json()
    assert answer.status_code == 200, body
    assert (body["period"], body["start"], body["end"]) == ("2023", "2023-01-01", "2023-12-31")
    assert body["balanced"] and len(body["digest"]) == 64
    flows = rows(body, "tang_giam")
    assert (flows["A"], flows["B1"], flows["D"]) == (0, 7, 7)
    assert rows(body, "ket_nap")["1"] == 7
    assert [c["key"] for c in body["columns"]] == [
        "this_period",
        "same_period_last_year",
        "ratio_percent",
    ]


def test_a_new_commune_reads_its_year_as_structured_the_members_carried_in(
    reformed: Reformed, make_api: Callable[..., Api], province_officer: Api
) -> None:
    commune = make_api("xa.canbo", reformed.commune, "officer")
    path = f"/api/v1/orgs/{reformed.commune}/forms/2025"
    structured = commune.get(path).get_json()
    flows = rows(structured, "tang_giam")
    assert (flows["A"], flows["B5"], flows["D"]) == (0, 7, 7)
    assert structured["balanced"]
    # Restated, the year counts its predecessors' rolls, which were never the commune's to read.
    assert commune.get(path, structure="restated").status_code == 404
    restated = province_officer.get(path, structure="restated").get_json()
    flows = rows(restated, "tang_giam")
    assert (flows["A"], flows["B5"], flows["D"]) == (7, 0, 7)


def test_another_district_is_answered_as_an_unknown_code(
    reformed: Reformed, make_api: Callable[..., Api], tree: Tree
) -> None:
    other = make_api("h02.canbo", tree.district2, "officer")
    hidden = other.get(f"/api/v1/orgs/{tree.committee}/forms/2024")
    missing = other.get("/api/v1/orgs/T01.H99/forms/2024")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.get_json()["message"].replace(tree.committee, "T01.H99")
        == missing.get_json()["message"]
    )


def test_bad_input_is_refused_with_its_reason(
    reformed: Reformed, province_officer: Api, officer: Api, tree: Tree
) -> None:
    path = f"/api/v1/orgs/{tree.province}/forms"
    bad = province_officer.get(f"{path}/2024-H3")
    assert bad.status_code == 422
    assert "must be a year" in bad.get_json()["errors"]["period"][0]
    wrong = province_officer.get(f"{path}/2024", structure="sideways")
    assert wrong.status_code == 422 and "structure" in wrong.get_json()["errors"]
    assert (
        officer.get(f"/api/v1/orgs/{tree.district}/forms/2024", known_at="2026-01-01").status_code
        == 403
    )
