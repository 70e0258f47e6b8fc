"""The forms' attributes of a profile (issue 14): general education, qualification and
occupation are optional, read from the old attributes where those determine them, and never
contradict them."""

from __future__ import annotations

from dataclasses import fields, make_dataclass
from datetime import date
from typing import Any

import pytest

from domain.errors import InvalidValue
from domain.roll.profile import MemberProfile, derived, merged
from domain.roll.values import GeneralEducation, Occupation, Qualification

# A profile as every body stored before the extension holds it: no forms' attributes.
STORED_BEFORE = {
    "national_id": "001195001234",
    "full_name": "Hà Thị Thu",
    "sex": "female",
    "birth_date": date(1995, 1, 2),
    "ethnicity": "Tày",
    "religion": None,
    "education": "postgraduate",
    "political_theory": "basic",
    "youth_union": True,
    "sector": "state_agency",
}


def stored(**changes: Any) -> dict[str, Any]:
    return {**STORED_BEFORE, **changes}


def test_a_profile_with_the_forms_attributes_round_trips_through_plain_values() -> None:
    given = stored(general_education="upper_secondary", qualification="master", occupation="army")

    profile = MemberProfile.from_dict(given)

    assert profile.general_education is GeneralEducation.UPPER_SECONDARY
    assert profile.qualification is Qualification.MASTER
    assert profile.occupation is Occupation.ARMY
    assert profile.as_dict() == given
    assert MemberProfile.from_dict(profile.as_dict()) == profile


def test_a_profile_stored_before_the_extension_reads_its_forms_attributes_as_unknown() -> None:
    profile = MemberProfile.from_dict(STORED_BEFORE)

    assert (profile.general_education, profile.qualification, profile.occupation) == (None,) * 3
    assert profile.as_dict() == STORED_BEFORE


@pytest.mark.parametrize(
    ("old", "attribute", "expected"),
    [
        ({"education": "primary"}, "general_education", "primary"),
        ({"education": "lower_secondary"}, "general_education", "lower_secondary"),
        ({"education": "upper_secondary"}, "general_education", "upper_secondary"),
        ({"education": "vocational"}, "general_education", None),
        ({"education": "university"}, "general_education", None),
        ({"education": "college"}, "qualification", "college"),
        ({"education": "university"}, "qualification", "university"),
        ({"education": "upper_secondary"}, "qualification", None),
        ({"education": "vocational"}, "qualification", None),
        ({"education": "postgraduate"}, "qualification", None),
        ({"sector": "farmer"}, "occupation", "farmer"),
        ({"sector": "student"}, "occupation", "student"),
        ({"sector": "retired"}, "occupation", "retired"),
        ({"sector": "armed_forces"}, "occupation", None),
        ({"sector": "private_enterprise"}, "occupation", None),
        ({"sector": "state_agency"}, "occupation", None),
    ],
)
def test_an_old_attribute_gives_a_new_one_only_where_it_determines_it(
    old: dict[str, str], attribute: str, expected: str | None
) -> None:
    profile = MemberProfile.from_dict(stored(**old))

    assert getattr(profile, attribute) == expected
    assert derived(stored(**old)).get(attribute) == expected


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"general_education": "high_school"}, "member.general_education"),
        ({"qualification": "phd"}, "member.qualification"),
        ({"occupation": "pilot"}, "member.occupation"),
        ({"education": "college", "qualification": "university"}, "member.qualification"),
        (
            {"education": "primary", "general_education": "lower_secondary"},
            "member.general_education",
        ),
        ({"education": "upper_secondary", "qualification": "intermediate"}, "member.qualification"),
        ({"education": "postgraduate", "qualification": "university"}, "member.qualification"),
        ({"sector": "farmer", "occupation": "worker"}, "member.occupation"),
        ({"sector": "armed_forces", "occupation": "civil_servant"}, "member.occupation"),
    ],
)
def test_a_bad_or_contradicting_attribute_is_refused_by_its_name(
    override: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidValue) as invalid:
        MemberProfile.from_dict(stored(**override))

    assert invalid.value.field == field


def test_a_correction_completes_an_old_profile() -> None:
    old = MemberProfile.from_dict(STORED_BEFORE)

    completed = old.corrected({"qualification": "doctor", "occupation": "civil_servant"})

    assert completed.qualification is Qualification.DOCTOR
    assert completed.occupation is Occupation.CIVIL_SERVANT
    assert completed.general_education is None


def test_correcting_the_education_carries_the_qualification_it_determined() -> None:
    old = MemberProfile.from_dict(stored(education="college"))

    corrected = old.corrected({"education": "university"})

    assert corrected.qualification is Qualification.UNIVERSITY


def test_correcting_the_education_keeps_a_qualification_it_still_allows() -> None:
    given = MemberProfile.from_dict(stored(education="vocational", qualification="elementary"))

    kept = given.corrected({"education": "upper_secondary"})

    assert kept.qualification is Qualification.ELEMENTARY
    with pytest.raises(InvalidValue) as invalid:
        given.corrected({"education": "university"}).qualification  # noqa: B018
    assert invalid.value.field == "member.qualification"


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        # A later intake's profile that says nothing new keeps what the earlier one gave.
        ({"qualification": "master"}, {}, "master"),
        # A later education that still allows the earlier qualification keeps it.
        (
            {"education": "vocational", "qualification": "elementary"},
            {"education": "upper_secondary"},
            "elementary",
        ),
        # One that rules it out, or that changes the education it was read from, drops it.
        ({"qualification": "master"}, {"education": "vocational"}, None),
        ({"education": "college", "qualification": "college"}, {"education": "vocational"}, None),
        # The later profile's own value wins.
        ({"qualification": "master"}, {"qualification": "doctor"}, "doctor"),
    ],
)
def test_a_later_intakes_profile_updates_the_earlier_one_without_contradicting_it(
    earlier: dict[str, str], later: dict[str, str], expected: str | None
) -> None:
    profile = merged(stored(**earlier), stored(**later) if later else {})

    assert profile.get("qualification") == expected
    MemberProfile.from_dict(profile)  # agrees with itself


@pytest.mark.parametrize("education", ["college", "postgraduate"])
def test_a_profile_without_the_new_attributes_keeps_the_repr_its_requests_were_fingerprinted_by(
    education: str,
) -> None:
    before = make_dataclass("MemberProfile", [(f.name, Any) for f in fields(MemberProfile)][:10])
    values = MemberProfile.from_dict(stored(education=education))

    as_before = before(**{f.name: getattr(values, f.name) for f in fields(before)})

    assert repr(values) == repr(as_before)
    assert "doctor" in repr(MemberProfile.from_dict(stored(qualification="doctor")))
