"""POST /api/v1/orgs/{code}/events and GET the stream: receipts, idempotency, rules, scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.registry import Registry
from tests.web.conftest import Api, Tree, admission

EVENTS = "/api/v1/orgs/{}/events"


def admit(api: Api, cell: str, national_id: str = "001190000001", **headers: str) -> Any:
    answer = api.post(EVENTS.format(cell), admission(national_id), headers=headers or None)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_an_admission_answers_its_receipt(officer: Api, tree: Tree, registry: Registry) -> None:
    answer = officer.post(EVENTS.format(tree.cell), admission())

    body = answer.get_json()
    assert answer.status_code == 201
    assert set(body) == {"event_id", "member_id", "recorded_at"}
    assert body["recorded_at"] == "2026-11-21T03:00:00+00:00"
    assert registry.roll_count(tree.cell, registry.today()) == 1


def test_every_event_keeps_who_recorded_it(officer: Api, tree: Tree, registry: Registry) -> None:
    admit(officer, tree.cell)

    [entry] = registry.stream(tree.cell)

    assert entry["recorded_by"] == "h01.officer"


def test_a_body_cannot_choose_who_recorded_it(officer: Api, tree: Tree, registry: Registry) -> None:
    before = registry.max_position()

    answer = officer.post(EVENTS.format(tree.cell), {**admission(), "recorded_by": "someone.else"})

    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"recorded_by": ["Unknown field."]}
    assert registry.max_position() == before


def test_a_retry_with_the_same_key_answers_the_same_and_stores_nothing(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    first = admit(officer, tree.cell, **{"Idempotency-Key": "lan-1"})
    position = registry.max_position()

    again = officer.post(
        EVENTS.format(tree.cell), admission(), headers={"Idempotency-Key": "lan-1"}
    )

    assert again.status_code == 201
    assert again.get_json() == first
    assert again.headers["Idempotent-Replayed"] == "true"
    assert registry.max_position() == position


def test_the_body_id_is_an_idempotency_key_too(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    first = officer.post(EVENTS.format(tree.cell), {**admission(), "id": "lan-2"}).get_json()
    position = registry.max_position()

    again = officer.post(
        EVENTS.format(tree.cell), admission(), headers={"Idempotency-Key": "lan-2"}
    )

    assert again.get_json() == first
    assert registry.max_position() == position


def test_the_same_key_for_another_event_is_a_conflict(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    admit(officer, tree.cell, **{"Idempotency-Key": "lan-3"})
    position = registry.max_position()

    other = officer.post(
        EVENTS.format(tree.cell), admission("001190000099"), headers={"Idempotency-Key": "lan-3"}
    )

    assert other.status_code == 409
    assert other.get_json()["code"] == "idempotency_key_reused"
    assert registry.max_position() == position


def test_a_header_and_a_body_id_that_differ_are_refused(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    before = registry.max_position()

    answer = officer.post(
        EVENTS.format(tree.cell), {**admission(), "id": "a"}, headers={"Idempotency-Key": "b"}
    )

    assert answer.status_code == 422
    assert "id" in answer.get_json()["errors"]
    assert registry.max_position() == before


def test_a_refused_rule_answers_409_with_its_name_and_message(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    admit(officer, tree.cell)
    position = registry.max_position()

    twice = officer.post(EVENTS.format(tree.other_cell), admission())

    body = twice.get_json()
    assert twice.status_code == 409
    assert body["code"] == "on_two_rolls"
    assert body["status"] == 409
    assert "only one roll" in body["message"]
    assert registry.max_position() == position


def test_a_future_date_is_refused_by_its_rule(officer: Api, tree: Tree) -> None:
    answer = officer.post(EVENTS.format(tree.cell), admission(on="2027-01-01"))

    assert (answer.status_code, answer.get_json()["code"]) == (409, "future_date")


def test_per_field_messages_for_a_malformed_body(officer: Api, tree: Tree) -> None:
    body = admission(sex="robot", birth_date="yesterday")
    del body["decision_no"]

    answer = officer.post(EVENTS.format(tree.cell), body)

    errors = answer.get_json()["errors"]
    assert answer.status_code == 422
    assert set(errors) >= {"member.sex", "member.birth_date"}


def test_members_are_named_in_the_domain_even_when_only_partly_known(
    officer: Api, tree: Tree
) -> None:
    answer = officer.post(
        EVENTS.format(tree.cell), {**admission(), "member": {"national_id": "001190000001"}}
    )

    assert answer.status_code == 422
    assert answer.get_json()["errors"]


@pytest.mark.parametrize("role", ["oversight", "auditor"])
def test_readers_cannot_record(
    make_api: Callable[..., Api], tree: Tree, registry: Registry, role: str
) -> None:
    reader = make_api(f"h01.{role}", tree.district, role)
    before = registry.max_position()

    answer = reader.post(EVENTS.format(tree.cell), admission())

    assert answer.status_code == 403
    assert answer.get_json()["code"] == "forbidden"
    assert registry.max_position() == before


def test_a_clerk_records_for_the_cells_below_it(make_api: Callable[..., Api], tree: Tree) -> None:
    clerk = make_api("du01.vanthu", tree.committee, "clerk")

    answers = [
        clerk.post(EVENTS.format(tree.cell), admission("001190000001")).status_code,
        clerk.post(EVENTS.format(tree.other_cell), admission("001190000002")).status_code,
    ]

    assert answers == [201, 201]


def test_a_cell_clerk_cannot_record_for_the_neighbouring_cell(
    make_api: Callable[..., Api], tree: Tree, registry: Registry
) -> None:
    clerk = make_api("cb01.vanthu", tree.cell, "clerk")
    before = registry.max_position()

    answer = clerk.post(EVENTS.format(tree.other_cell), admission())

    assert answer.status_code == 404
    assert registry.max_position() == before


def transfer(member_id: str, to: str) -> dict[str, Any]:
    return {
        "type": "transferred_out",
        "effective_on": "2026-06-01",
        "member_id": member_id,
        "to": to,
    }


def test_a_transfer_inside_the_district_records_both_sides(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    member = admit(officer, tree.cell)["member_id"]

    answer = officer.post(EVENTS.format(tree.cell), transfer(member, tree.other_cell))

    assert answer.status_code == 201
    assert registry.roll_count(tree.other_cell, registry.today()) == 1


def test_a_transfer_to_another_district_is_404_like_an_unknown_code(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    member = admit(officer, tree.cell)["member_id"]
    position = registry.max_position()

    hidden = officer.post(EVENTS.format(tree.cell), transfer(member, tree.cell2))
    unknown = officer.post(EVENTS.format(tree.cell), transfer(member, "T01.H09.X"))

    assert hidden.status_code == unknown.status_code == 404
    assert hidden.get_json()["message"] == f"organization not found: {tree.cell2}"
    assert registry.max_position() == position


def test_the_province_transfers_between_districts(
    make_api: Callable[..., Api], officer: Api, tree: Tree, registry: Registry
) -> None:
    province = make_api("tinh.canbo", tree.province, "officer")
    member = admit(officer, tree.cell)["member_id"]

    answer = province.post(EVENTS.format(tree.cell), transfer(member, tree.cell2))

    assert answer.status_code == 201
    assert registry.roll_count(tree.cell2, registry.today()) == 1


def test_a_district_cannot_retract_a_transfer_whose_other_side_it_cannot_see(
    make_api: Callable[..., Api], officer: Api, tree: Tree, registry: Registry
) -> None:
    province = make_api("tinh.canbo", tree.province, "officer")
    member = admit(officer, tree.cell)["member_id"]
    moved = province.post(EVENTS.format(tree.cell), transfer(member, tree.cell2)).get_json()
    position = registry.max_position()

    answer = officer.post(
        EVENTS.format(tree.cell),
        {"type": "retraction", "retracts": moved["event_id"], "reason": "nhầm"},
    )

    assert answer.status_code == 404
    assert registry.max_position() == position


def test_a_correction_is_recorded_against_its_event(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    admitted = admit(officer, tree.cell)

    answer = officer.post(
        EVENTS.format(tree.cell),
        {
            "type": "correction",
            "corrects": admitted["event_id"],
            "reason": "sai tên",
            "changes": {"member": {"full_name": "Lò Thị Mại"}},
        },
    )

    assert answer.status_code == 201
    assert registry.stream(tree.cell)[-1]["type"] == "correction"


def test_unknown_events_and_members_answer_404(officer: Api, tree: Tree) -> None:
    missing_event = officer.post(
        EVENTS.format(tree.cell),
        {"type": "retraction", "retracts": "00000000-0000-0000-0000-000000000000", "reason": "x"},
    )
    missing_member = officer.post(
        EVENTS.format(tree.cell),
        {
            "type": "died",
            "effective_on": "2026-01-01",
            "member_id": "00000000-0000-0000-0000-000000000001",
        },
    )

    assert missing_event.status_code == 404
    assert missing_member.status_code == 404


def test_the_stream_lists_events_with_both_times_in_pages(officer: Api, tree: Tree) -> None:
    for number in range(3):
        admit(officer, tree.cell, f"00119000000{number}")

    page = officer.get(EVENTS.format(tree.cell), offset=1, limit=1).get_json()

    assert (page["total"], page["offset"], page["limit"]) == (3, 1, 1)
    [event] = page["events"]
    assert event["type"] == "admitted"
    assert event["effective_on"] == "2026-03-10"
    assert event["recorded_at"] == "2026-11-21T03:00:00+00:00"
    assert event["recorded_by"] == "h01.officer"
    assert event["details"]["member"]["national_id"] == "001190000001"
