"""MemberProfile: built from plain values, validated field by field, corrected but never re-identified."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.roll.profile import MemberProfile
from domain.roll.values import Education, Sex

PLAIN = {
    "national_id": "001195001234",
    "full_name": "Hà Thị Thu",
    "sex": "female",
    "birth_date": date(1995, 1, 2),
    "ethnicity": "Tày",
    "religion": "",
    "education": "university",
    "political_theory": "none",
    "youth_union": 1,
    "sector": "farmer",
}


def test_a_profile_is_built_from_plain_values():
    profile = MemberProfile.from_dict(PLAIN)

    assert profile.sex is Sex.FEMALE
    assert profile.education is Education.UNIVERSITY
    assert profile.religion is None
    assert profile.youth_union is True
    assert profile.is_ethnic_minority
    assert not profile.is_religious


def test_a_profile_round_trips_through_plain_values(make_profile):
    profile = make_profile(religion="Phật giáo")

    assert MemberProfile.from_dict(profile.as_dict()) == profile
    assert profile.as_dict()["sex"] == "male"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"sex": "other"}, "member.sex"),
        ({"education": "phd"}, "member.education"),
        ({"political_theory": "x"}, "member.political_theory"),
        ({"sector": "x"}, "member.sector"),
        ({"birth_date": "1995-01-02"}, "member.birth_date"),
        ({"national_id": "12345"}, "member.national_id"),
        ({"full_name": "  "}, "member.full_name"),
        ({"ethnicity": ""}, "member.ethnicity"),
        ({"religion": "x" * 61}, "member.religion"),
    ],
)
def test_a_bad_value_names_its_field(override, field):
    with pytest.raises(InvalidValue) as invalid:
        MemberProfile.from_dict({**PLAIN, **override})

    assert invalid.value.field == field


def test_a_missing_value_is_required():
    data = {k: v for k, v in PLAIN.items() if k != "ethnicity"}

    with pytest.raises(InvalidValue) as invalid:
        MemberProfile.from_dict(data)

    assert invalid.value.field == "member.ethnicity"


@pytest.mark.parametrize("national_id", ["001195001234", "123456789"])
def test_a_national_id_has_12_digits_or_the_old_9(make_profile, national_id):
    assert make_profile(national_id=national_id).national_id == national_id


def test_a_correction_changes_attributes_but_never_the_national_id(make_profile):
    profile = make_profile(full_name="Sai Tên")

    corrected = profile.corrected({"full_name": "Đúng Tên"})

    assert corrected.full_name == "Đúng Tên"
    assert corrected.national_id == profile.national_id
    with pytest.raises(InvalidValue) as invalid:
        profile.corrected({"national_id": "001195009999"})
    assert invalid.value.field == "changes.member.national_id"
