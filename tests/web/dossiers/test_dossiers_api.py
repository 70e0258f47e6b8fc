"""The dossier endpoints: a clerk's whole journey, the views, bad input, rules and access."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.roll.profile import MemberProfile
from domain.roll.values import MemberStatus
from services.registry import Registry
from services.roll.commands import Counterpart, MemberRef, TransferIn
from tests import writes
from tests.web.conftest import Api, Tree
from tests.web.dossiers.conftest import DATES, DOSSIERS, candidate, journey, opening
from tests.writes import set_quota

Open = Callable[..., dict[str, Any]]
Record = Callable[..., dict[str, Any]]


def steps_of(tree: Tree, dossier_id: str) -> str:
    return f"{DOSSIERS.format(tree.cell)}/{dossier_id}/steps"


def test_a_clerk_takes_a_candidate_from_the_source_list_to_official_member(
    clerk: Api, tree: Tree, introducers: tuple[str, str], registry: Registry
) -> None:
    opened = clerk.post(DOSSIERS.format(tree.cell), opening())
    assert opened.status_code == 201, opened.get_json()
    dossier_id = opened.get_json()["id"]
    stages = []

    for step in journey(introducers, tree.district):
        answer = clerk.post(steps_of(tree, dossier_id), step)
        assert answer.status_code == 201, (step["step"], answer.get_json())
        stages.append(answer.get_json()["stage"])

    final = clerk.get(f"{DOSSIERS.format(tree.cell)}/{dossier_id}").get_json()
    member_id = next(s["member_id"] for s in final["steps"] if s["step"] == "ceremony_held")
    roll = clerk.get(f"/api/v1/orgs/{tree.cell}/roll").get_json()
    assert stages[-1] == "official" and final["next_steps"] == []
    assert "awaiting_ceremony" in stages and "probation" in stages
    assert {s["recorded_by"] for s in final["steps"]} == {"cb01.clerk"}
    assert {"member_id": member_id, "status": "official", "since": DATES["ceremony"]}.items() <= (
        next(m for m in roll["members"] if m["member_id"] == member_id).items()
    )
    assert registry.get_member(UUID(member_id)).status_on(date(2024, 8, 20)) == "official"


def test_opening_answers_the_dossier_and_where_it_lives(officer: Api, tree: Tree) -> None:
    answer = officer.post(DOSSIERS.format(tree.cell), opening())

    body = answer.get_json()
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"{DOSSIERS.format(tree.cell)}/{body['id']}"
    assert answer.headers["Idempotent-Replayed"] == "false"
    assert body["stage"] == "source_list"
    assert body["steps"] == [
        {
            "step": "source_listed",
            "on": DATES["open"],
            "actor": "Chi bộ thôn Một",
            "document_no": None,
            "recorded_by": "h01.officer",
        }
    ]
    assert body["next_steps"] == ["course_completed", "withdrawn", "suspended"]


def test_a_retried_opening_with_the_same_key_stores_nothing(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    key = {"Idempotency-Key": "ho-so-1"}
    first = officer.post(DOSSIERS.format(tree.cell), opening(), headers=key)
    position = registry.max_position()

    again = officer.post(DOSSIERS.format(tree.cell), opening(), headers=key)

    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert registry.max_position() == position


def test_a_retried_step_with_the_same_key_stores_nothing(
    officer: Api, tree: Tree, open_dossier: Open, registry: Registry
) -> None:
    dossier_id = open_dossier()["id"]
    course = journey(("a", "b"), tree.district)[0]
    key = {"Idempotency-Key": "buoc-1"}
    officer.post(steps_of(tree, dossier_id), course, headers=key)
    position = registry.max_position()

    again = officer.post(steps_of(tree, dossier_id), course, headers=key)

    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(again.get_json()["steps"]) == 2
    assert registry.max_position() == position


BAD_OPENINGS: list[tuple[dict[str, Any], str]] = [
    ({"on": DATES["open"]}, "candidate"),
    ({**opening(), "on": "01/03/2023"}, "on"),
    ({**opening(), "cell": "T01.H02.DU01.CB01"}, "cell"),
    ({**opening(), "candidate": candidate(national_id="12345")}, "candidate.national_id"),
    ({**opening(), "candidate": candidate(full_name="<script>x</script>")}, "candidate.full_name"),
    ({**opening(), "candidate": candidate(sex="nam")}, "candidate.sex"),
    ({**opening(), "candidate": candidate(youth_union="có")}, "candidate.youth_union"),
    ({**opening(), "candidate": {"national_id": "001195000123"}}, "candidate.full_name"),
    ({**opening(), "actor": "x" * 201}, "actor"),
]


@pytest.mark.parametrize(("body", "field"), BAD_OPENINGS)
def test_a_malformed_opening_is_422_per_field_and_stores_nothing(
    officer: Api, tree: Tree, registry: Registry, body: dict[str, Any], field: str
) -> None:
    position = registry.max_position()

    answer = officer.post(DOSSIERS.format(tree.cell), body)

    assert answer.status_code == 422
    assert answer.get_json()["code"] == "validation_failed"
    assert field in answer.get_json()["errors"]
    assert registry.max_position() == position


BAD_STEPS: list[tuple[dict[str, Any], str]] = [
    ({"step": "graduated", "on": "2023-04-10"}, "step"),
    ({"step": "course_completed", "on": "2023-04-10"}, "certificate_no"),
    ({"step": "application_submitted", "on": "2023-04-10", "reason": "x"}, "reason"),
    ({"step": "cell_resolved", "on": "2023-06-20", "votes_for": "chín"}, "votes_for"),
    (
        {"step": "cell_resolved", "on": "2023-06-20", "votes_for": 9, "votes_against": 3},
        "eligible",
    ),
    (
        {
            "step": "cell_resolved",
            "on": "2023-06-20",
            "votes_for": 9,
            "votes_against": 3,
            "eligible": 10,
        },
        "votes",
    ),
    (
        {"step": "introducers_assigned", "on": "2023-05-10", "introducers": [{"national_id": "1"}]},
        "introducers",
    ),
    ({"step": "decided", "on": "2023-08-01", "decided_by": "T01.H01"}, "document_no"),
    ({"step": "withdrawn", "on": "2023-08-01", "reason": "a\u202eb"}, "reason"),
    ({"step": "received", "on": "2023-13-01"}, "on"),
]


@pytest.mark.parametrize(("body", "field"), BAD_STEPS)
def test_a_malformed_step_is_422_per_field_and_stores_nothing(
    officer: Api,
    tree: Tree,
    open_dossier: Open,
    registry: Registry,
    body: dict[str, Any],
    field: str,
) -> None:
    dossier_id = open_dossier()["id"]
    position = registry.max_position()

    answer = officer.post(steps_of(tree, dossier_id), body)

    errors = answer.get_json()["errors"]
    assert answer.status_code == 422
    assert any(name == field or name.startswith(f"{field}.") for name in errors), errors
    assert registry.max_position() == position


def prepared(record: Record, dossier_id: str, introducers: tuple[str, str], district: str) -> Any:
    """Course, application, introducers, background and Youth Union: ready for the cell."""
    return record(dossier_id, *journey(introducers, district)[:5])


@pytest.mark.parametrize(
    ("step", "rule"),
    [
        (
            {"step": "decided", "on": "2023-08-01", "decided_by": "T01.H01", "document_no": "1"},
            "step_out_of_order",
        ),
        (
            {
                "step": "cell_resolved",
                "on": "2023-06-20",
                "votes_for": 6,
                "votes_against": 4,
                "eligible": 10,
            },
            "two_thirds_majority",
        ),
        (
            {
                "step": "cell_resolved",
                "on": "2024-06-20",
                "votes_for": 9,
                "votes_against": 0,
                "eligible": 10,
            },
            "dossier_stale",
        ),
        ({"step": "course_completed", "on": "2030-01-01", "certificate_no": "X"}, "future_date"),
    ],
    ids=["out_of_order", "two_thirds", "stale", "future"],
)
def test_a_refused_step_is_409_with_the_rule_and_stores_nothing(
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
    officer: Api,
    registry: Registry,
    step: dict[str, Any],
    rule: str,
) -> None:
    dossier_id = open_dossier()["id"]
    prepared(record, dossier_id, introducers, tree.district)
    position = registry.max_position()

    answer = officer.post(steps_of(tree, dossier_id), step)

    assert answer.status_code == 409
    assert answer.get_json()["code"] == rule
    assert registry.max_position() == position


def test_a_decision_by_a_body_that_is_not_competent_is_refused(
    tree: Tree, open_dossier: Open, record: Record, introducers: tuple[str, str], officer: Api
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:8])

    answer = officer.post(
        steps_of(tree, dossier_id),
        {"step": "decided", "on": "2023-08-01", "decided_by": tree.province, "document_no": "1"},
    )

    assert answer.status_code == 409
    assert answer.get_json()["code"] == "body_not_competent"
    assert "T01.H01" in answer.get_json()["message"]


def test_an_introducer_of_another_grassroots_organization_is_refused(
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
    officer: Api,
    registry: Registry,
    make_profile: Callable[..., MemberProfile],
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:2])
    stranger = make_profile(national_id="001180000999")
    writes.transfer_in(
        registry,
        tree.cell2,
        TransferIn(
            member=MemberRef(profile=stranger),
            effective_on=date(2010, 1, 1),
            source=Counterpart(outside="Đảng bộ tỉnh Sơn La"),
            status=MemberStatus.OFFICIAL,
        ),
        "test-clerk",
    )
    position = registry.max_position()

    answer = officer.post(
        steps_of(tree, dossier_id),
        {
            "step": "introducers_assigned",
            "on": DATES["introducers"],
            "introducers": [{"member_id": introducers[0]}, {"national_id": "001180000999"}],
        },
    )

    assert answer.status_code == 409
    assert answer.get_json()["code"] == "introducer_other_organization"
    assert registry.max_position() == position


def test_the_pipeline_lists_every_stage_and_filters_by_stage(
    officer: Api, tree: Tree, open_dossier: Open, record: Record, introducers: tuple[str, str]
) -> None:
    first = open_dossier()["id"]
    open_dossier("001195000124")
    record(first, *journey(introducers, tree.district)[:7])

    every = officer.get(DOSSIERS.format(tree.district)).get_json()
    waiting = officer.get(DOSSIERS.format(tree.district), stage="awaiting_decision").get_json()

    assert every["total"] == 2
    assert every["by_stage"]["awaiting_decision"] == 1 and every["by_stage"]["source_list"] == 1
    assert sum(every["by_stage"].values()) == 2 and len(every["by_stage"]) == 12
    assert every["cells"] == [{"cell": tree.cell, "by_stage": every["by_stage"]}]
    assert [d["id"] for d in waiting["dossiers"]] == [first]
    assert waiting["dossiers"][0]["overdue"] is True
    assert waiting["dossiers"][0]["due_on"] == "2023-09-14"


def test_the_deadline_lists_read_on_a_day(
    officer: Api, tree: Tree, open_dossier: Open, record: Record, introducers: tuple[str, str]
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:7])
    path = f"{DOSSIERS.format(tree.district)}/deadlines"

    soon = officer.get(path, as_of="2023-09-10").get_json()
    late = officer.get(path, as_of="2023-09-20").get_json()
    early = officer.get(path, as_of="2023-07-01").get_json()

    assert [(r["kind"], r["due_on"], r["days_left"]) for r in soon["due_soon"]] == [
        ("decision", "2023-09-14", 4)
    ]
    assert soon["overdue"] == [] and early["overdue"] == early["due_soon"] == []
    assert [(r["dossier_id"], r["days_left"]) for r in late["overdue"]] == [(dossier_id, -6)]
    assert late["overdue"][0]["candidate"] == "Lò Văn Thắng"


def test_the_average_days_of_each_step(
    officer: Api, tree: Tree, open_dossier: Open, record: Record, introducers: tuple[str, str]
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:2])

    answer = officer.get(f"{DOSSIERS.format(tree.committee)}/step-days").get_json()

    assert answer["dossiers"] == 1
    assert answer["steps"] == [
        {"step": "course_completed", "count": 1, "mean_days": 40.0, "mean_working_days": 28.0},
        {"step": "application_submitted", "count": 1, "mean_days": 22.0, "mean_working_days": 14.0},
    ]


def test_the_agenda_lists_ready_dossiers_oldest_first_with_their_competent_body(
    officer: Api, tree: Tree, open_dossier: Open, record: Record, introducers: tuple[str, str]
) -> None:
    later, older = open_dossier("001195000124")["id"], open_dossier()["id"]
    steps = journey(introducers, tree.district)
    record(older, *steps[:7])
    record(later, *steps[:5], {**steps[5], "on": "2023-06-25"}, {**steps[6], "on": "2023-07-03"})
    record(open_dossier("001195000125")["id"], *steps[:6])  # awaiting the committee

    answer = officer.get(f"{DOSSIERS.format(tree.district)}/agenda", as_of="2023-07-10")

    items = answer.get_json()["items"]
    assert [(i["dossier_id"], i["ready_on"], i["days_waiting"]) for i in items] == [
        (older, "2023-06-27", 13),
        (later, "2023-07-03", 7),
    ]
    assert {tuple(i["competent"]) for i in items} == {(tree.district,)}


def test_the_forecast_adds_the_decided_and_the_proposed_to_the_admitted(
    officer: Api,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
    registry: Registry,
) -> None:
    steps = journey(introducers, tree.district)
    record(open_dossier("001195000124")["id"], *steps[:10])  # admitted on 2023-08-20
    record(open_dossier("001195000125")["id"], *steps[:9])  # decided, awaiting the ceremony
    record(open_dossier("001195000126")["id"], *steps[:7])  # awaiting the decision
    record(open_dossier("001195000127")["id"], *steps[:2])  # preparing
    set_quota(registry, tree.committee, "2023", 5, tree.district)

    answer = officer.get(f"{DOSSIERS.format(tree.committee)}/forecast", as_of="2023-12-31")

    body = answer.get_json()
    assert answer.status_code == 200
    assert (body["admitted"], body["awaiting_ceremony"], body["awaiting_decision"]) == (1, 1, 1)
    assert (body["forecast"], body["preparing"], body["year"]) == (3, 1, 2023)
    assert body["plans"] == [
        {
            "plan": f"{tree.district} giao 2023",
            "target": 5,
            "forecast": 3,
            "percent": 60.0,
            "gap": 2,
        }
    ]


def test_officers_set_the_service_target_which_then_runs(
    officer: Api,
    clerk: Api,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
    registry: Registry,
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:8])
    position = registry.max_position()
    refused = clerk.put(f"{DOSSIERS.format(tree.cell)}/settings", {"service_target_days": 20})
    assert refused.status_code == 403 and registry.max_position() == position

    answer = officer.put(
        f"{DOSSIERS.format(tree.committee)}/settings",
        {"service_target_days": 20, "certificate_years": 3, "document_no": "QT-TC.07"},
    )

    seen = officer.get(f"{DOSSIERS.format(tree.cell)}/{dossier_id}", as_of="2023-07-10")
    assert answer.status_code == 200
    assert answer.get_json()["service_target"] == {
        "days": 20,
        "working_days": True,
        "set_by": tree.committee,
    }
    assert (
        officer.get(f"{DOSSIERS.format(tree.cell)}/settings").get_json()["certificate_years"] == 3
    )
    kinds = {d["kind"]: d["due_on"] for d in seen.get_json()["deadlines"]}
    assert kinds == {"decision": "2023-09-14", "service_target": "2023-07-27"}


def test_an_empty_settings_body_is_refused(officer: Api, tree: Tree) -> None:
    answer = officer.put(f"{DOSSIERS.format(tree.committee)}/settings", {})

    assert answer.status_code == 422


def test_an_authorised_grassroots_committee_decides_after_the_district_level_ended(
    officer: Api,
    tree: Tree,
    make_api: Callable[..., Api],
    record: Record,
    introducers: tuple[str, str],
) -> None:
    own = make_api("du01.officer", tree.committee, "officer")
    assert (
        own.post(
            f"{DOSSIERS.format(tree.committee)}/authority",
            {"action": "grant", "from_on": "2025-07-01", "document_no": "15-QĐ/HU"},
        ).status_code
        == 403
    )
    granted = officer.post(
        f"{DOSSIERS.format(tree.committee)}/authority",
        {"action": "grant", "from_on": "2025-07-01", "document_no": "15-QĐ/HU"},
    )
    opened = officer.post(DOSSIERS.format(tree.cell), opening(on="2026-01-05")).get_json()
    moved = {
        "course_completed": "2026-01-20",
        "application_submitted": "2026-02-02",
        "introducers_assigned": "2026-02-10",
        "background_verified": "2026-03-02",
        "youth_union_endorsed": "2026-03-05",
        "cell_resolved": "2026-03-20",
        "committee_resolved": "2026-03-27",
        "received": "2026-03-30",
    }
    steps = [{**s, "on": moved[s["step"]]} for s in journey(introducers, tree.district)[:8]]
    record(opened["id"], *steps)

    decided = officer.post(
        steps_of(tree, opened["id"]),
        {"step": "decided", "on": "2026-04-20", "decided_by": tree.committee, "document_no": "7"},
    )

    assert granted.status_code == 200
    assert granted.get_json()["admission_authority"] == [
        {"from_on": "2025-07-01", "until": None, "document_no": "15-QĐ/HU"}
    ]
    assert decided.status_code == 201, decided.get_json()
    assert decided.get_json()["competent"] == [tree.committee]


def test_readers_cannot_record_steps(
    make_api: Callable[..., Api], tree: Tree, open_dossier: Open, registry: Registry
) -> None:
    dossier_id = open_dossier()["id"]
    auditor = make_api("h01.auditor", tree.district, "auditor")
    position = registry.max_position()

    answer = auditor.post(steps_of(tree, dossier_id), journey(("a", "b"), tree.district)[1])
    opened = auditor.post(DOSSIERS.format(tree.cell), opening("001195000124"))

    assert answer.status_code == opened.status_code == 403
    assert registry.max_position() == position


def test_a_dossier_is_404_through_another_district_and_to_other_cells_clerks(
    make_api: Callable[..., Api], tree: Tree, open_dossier: Open
) -> None:
    dossier_id = open_dossier()["id"]
    stranger = make_api("h02.officer", tree.district2, "officer")
    neighbour = make_api("cb02.clerk", tree.other_cell, "clerk")

    answers = [
        stranger.get(f"{DOSSIERS.format(tree.cell)}/{dossier_id}"),
        stranger.get(f"{DOSSIERS.format(tree.district2)}/{dossier_id}"),
        neighbour.get(f"{DOSSIERS.format(tree.other_cell)}/{dossier_id}"),
        neighbour.get(f"{DOSSIERS.format(tree.cell)}/{dossier_id}"),
        stranger.get(DOSSIERS.format(tree.district)),
    ]

    assert [a.status_code for a in answers] == [404] * 5
    assert answers[0].get_json()["message"] == answers[3].get_json()["message"]
    assert stranger.get(DOSSIERS.format(tree.district2)).get_json()["total"] == 0


def test_the_openapi_document_describes_the_dossier_endpoints(officer: Api) -> None:
    document = officer.get("/api/v1/openapi.json").get_json()

    paths = {p: set(ops) - {"parameters"} for p, ops in document["paths"].items()}
    schemas = document["components"]["schemas"]
    assert {
        "/api/v1/orgs/{code}/dossiers": {"get", "post"},
        "/api/v1/orgs/{code}/dossiers/{dossier_id}": {"get"},
        "/api/v1/orgs/{code}/dossiers/{dossier_id}/steps": {"post"},
        "/api/v1/orgs/{code}/dossiers/deadlines": {"get"},
        "/api/v1/orgs/{code}/dossiers/step-days": {"get"},
        "/api/v1/orgs/{code}/dossiers/agenda": {"get"},
        "/api/v1/orgs/{code}/dossiers/forecast": {"get"},
        "/api/v1/orgs/{code}/dossiers/settings": {"get", "put"},
        "/api/v1/orgs/{code}/dossiers/authority": {"post"},
    }.items() <= paths.items()
    assert {"step", "on", "votes_for", "introducers", "decided_by"} <= set(
        schemas["StepBody"]["properties"]
    )
    assert {"admitted", "awaiting_ceremony", "awaiting_decision", "plans"} <= set(
        schemas["ForecastReport"]["properties"]
    )
