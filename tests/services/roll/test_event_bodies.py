"""The JSON event body: what each type needs, refuses, and the command it becomes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from marshmallow import ValidationError

from domain.roll.values import EventType, MemberStatus, StrikeOffReason
from services.roll.bodies import parse_body
from services.roll.commands import (
    Admit,
    Correct,
    Counterpart,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)

MEMBER = {
    "national_id": "011095000123",
    "full_name": "Hoàng Thị Thuận",
    "sex": "female",
    "birth_date": "1995-04-01",
    "ethnicity": "Kinh",
    "religion": None,
    "education": "university",
    "political_theory": "basic",
    "youth_union": True,
    "sector": "public_service",
}
ADMISSION = {
    "type": "admitted",
    "effective_on": "2021-03-02",
    "decision_no": "125-QĐ/HU",
    "decision_on": "2021-02-20",
    "decided_by": "DB-DIENBIEN",
    "member": MEMBER,
}


def errors_of(body: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        parse_body(body)
    return caught.value.messages


def test_the_documented_admission_body_becomes_an_admit_command() -> None:
    command, key = parse_body(ADMISSION)

    assert isinstance(command, Admit)
    assert key is None
    assert command.effective_on == date(2021, 3, 2)
    assert command.decision.number == "125-QĐ/HU"
    assert command.member.profile is not None
    assert command.member.profile.full_name == "Hoàng Thị Thuận"


def test_an_admission_without_all_attributes_names_the_missing_one() -> None:
    member = {k: v for k, v in MEMBER.items() if k != "sector"}

    messages = errors_of({**ADMISSION, "member": member})

    assert messages == {"member.sector": ["is required with the member's attributes"]}


def test_a_type_names_its_required_fields() -> None:
    messages = errors_of({"type": "died"})

    assert messages["effective_on"] == ["required for type died"]
    assert "member" in messages


def test_fields_that_a_type_does_not_use_are_refused() -> None:
    messages = errors_of({**ADMISSION, "to": "C1"})

    assert messages == {"to": ["not used by type admitted"]}


def test_unknown_fields_and_bad_values_are_refused_per_field() -> None:
    messages = errors_of({**ADMISSION, "colour": "red", "effective_on": "tomorrow"})

    assert messages["colour"] == ["Unknown field."]
    assert messages["effective_on"] == ["Not a valid date."]


def test_a_member_enum_outside_its_values_is_refused() -> None:
    messages = errors_of({**ADMISSION, "member": {**MEMBER, "education": "kindergarten"}})

    assert "education" in messages["member"]


def test_a_body_that_is_not_an_object_is_refused() -> None:
    assert errors_of(["admitted"]) == {"_schema": ["the event must be a JSON object"]}


def test_transfers_name_an_organization_or_one_outside() -> None:
    out, _ = parse_body(
        {
            "type": "transferred_out",
            "effective_on": "2022-01-01",
            "member": {"national_id": "011095000123"},
            "to": "C2",
        }
    )
    inward, _ = parse_body(
        {
            "type": "transferred_in",
            "effective_on": "2022-01-01",
            "member": MEMBER,
            "from": {"outside": "Đảng bộ tỉnh Lai Châu"},
            "status": "probationary",
            "admitted_on": "2021-06-01",
        }
    )

    assert isinstance(out, TransferOut) and out.destination == Counterpart(code="C2")
    assert isinstance(inward, TransferIn)
    assert inward.source == Counterpart(outside="Đảng bộ tỉnh Lai Châu")
    assert inward.status == MemberStatus.PROBATIONARY


def test_a_transfer_from_outside_needs_the_status_and_for_probationers_the_ceremony_date() -> None:
    body = {
        "type": "transferred_in",
        "effective_on": "2022-01-01",
        "member": MEMBER,
        "from": {"outside": "Lai Châu"},
    }

    assert "status" in errors_of(body)
    assert "admitted_on" in errors_of({**body, "status": "probationary"})


def test_a_malformed_counterpart_is_refused() -> None:
    messages = errors_of(
        {
            "type": "transferred_out",
            "effective_on": "2022-01-01",
            "member_id": "7940c013-55e6-5bd1-8fcf-47e2105bd042",
            "to": {"outside": ""},
        }
    )

    assert "to" in messages


def test_striking_off_needs_one_of_the_statutory_reasons() -> None:
    body = {
        "type": "struck_off",
        "effective_on": "2022-01-01",
        "member": {"national_id": "011095000123"},
    }

    assert "reason" in errors_of({**body, "reason": "lazy"})
    command, _ = parse_body({**body, "reason": "non_attendance"})
    assert isinstance(command, Remove)
    assert command.type == EventType.STRUCK_OFF
    assert command.reason == StrikeOffReason.NON_ATTENDANCE


def test_corrections_and_retractions_point_at_exactly_one_event() -> None:
    both = {
        "type": "retraction",
        "reason": "Nhập trùng",
        "retracts": "7940c013-55e6-5bd1-8fcf-47e2105bd042",
        "retracts_key": "k",
    }

    assert "retracts" in errors_of(both)
    assert "retracts" in errors_of({"type": "retraction", "reason": "Nhập trùng"})
    retraction, _ = parse_body({"type": "retraction", "reason": "Nhập trùng", "retracts_key": "k"})
    correction, _ = parse_body(
        {
            "type": "correction",
            "reason": "Sai ngày sinh",
            "corrects_key": "k",
            "changes": {"member": {"birth_date": "1996-04-01"}},
        }
    )
    assert isinstance(retraction, Retract) and retraction.retracts_key == "k"
    assert isinstance(correction, Correct)
    assert correction.changes == {"member": {"birth_date": date(1996, 4, 1)}}


def test_a_correction_cannot_change_fields_outside_the_correctable_set() -> None:
    messages = errors_of(
        {"type": "correction", "reason": "x", "corrects_key": "k", "changes": {"type": "died"}}
    )

    assert messages == {"changes": {"type": ["Unknown field."]}}
