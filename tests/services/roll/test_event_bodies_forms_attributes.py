"""The forms' attributes (issue 14) in a JSON event body: optional, checked value by value and
against the old attributes, each refusal naming its field."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from domain.roll.values import GeneralEducation, Occupation, Qualification
from services.roll.bodies import parse_body
from services.roll.commands import Admit, Correct

MEMBER = {
    "national_id": "011095000123",
    "full_name": "Hoàng Thị Thuận",
    "sex": "female",
    "birth_date": "1995-04-01",
    "ethnicity": "Kinh",
    "religion": None,
    "education": "postgraduate",
    "political_theory": "basic",
    "youth_union": True,
    "sector": "armed_forces",
}
ADMISSION = {
    "type": "admitted",
    "effective_on": "2021-03-02",
    "decision_no": "125-QĐ/HU",
    "decision_on": "2021-02-20",
    "decided_by": "DB-DIENBIEN",
}
FORMS = {"general_education": "upper_secondary", "qualification": "master", "occupation": "army"}


def admission(**member: Any) -> dict[str, Any]:
    return {**ADMISSION, "member": {**MEMBER, **member}}


def test_an_admission_carries_the_forms_attributes_into_its_profile() -> None:
    command, _ = parse_body(admission(**FORMS))

    assert isinstance(command, Admit)
    profile = command.member.profile
    assert profile is not None
    assert profile.general_education is GeneralEducation.UPPER_SECONDARY
    assert profile.qualification is Qualification.MASTER
    assert profile.occupation is Occupation.ARMY


def test_an_admission_without_them_leaves_them_unknown() -> None:
    command, _ = parse_body(admission())

    assert isinstance(command, Admit)
    profile = command.member.profile
    assert profile is not None
    assert (profile.general_education, profile.qualification, profile.occupation) == (None,) * 3


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ({"general_education": "college"}, "general_education"),
        ({"qualification": "phd"}, "qualification"),
        ({"occupation": "pilot"}, "occupation"),
        ({"occupation": None}, "occupation"),
    ],
)
def test_a_value_outside_its_list_is_refused_by_its_field(
    member: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_body(admission(**member))

    assert field in caught.value.messages["member"]


def test_a_value_the_education_contradicts_is_refused_by_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_body(admission(education="college", qualification="university"))

    assert list(caught.value.messages) == ["member.qualification"]


def test_a_correction_may_complete_the_forms_attributes() -> None:
    body = {
        "type": "correction",
        "corrects": "7f1c1f0e-9a55-4c7e-9d5b-0c8a1b2c3d4e",
        "reason": "bổ sung hồ sơ",
        "changes": {"member": FORMS},
    }

    command, _ = parse_body(body)

    assert isinstance(command, Correct)
    assert command.changes == {"member": FORMS}
