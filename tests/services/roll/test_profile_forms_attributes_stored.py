"""The forms' attributes (issue 14) in the event store: a profile keeps them, a body stored
before them reads them as unknown or as its old attributes determine them, and a correction
completes them; bad values store nothing."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

import pytest

from domain.errors import InvalidValue
from domain.roll.profile import ADDED_FIELDS, MemberProfile
from domain.roll.values import Education, GeneralEducation, Occupation, Qualification, Sector
from services.roll.commands import Admit, Correct, Decision, MemberRef
from tests import writes

CLERK = "clerk@test"


@pytest.fixture
def admit_before_extension(admit, monkeypatch):
    """Admits a person as the code before the extension did (its stored body)."""

    def admit_(cell: str, profile: MemberProfile) -> Any:
        plain = MemberProfile.as_dict
        with monkeypatch.context() as patch:
            patch.setattr(
                MemberProfile,
                "as_dict",
                lambda self: {k: v for k, v in plain(self).items() if k not in ADDED_FIELDS},
            )
            admitted, _ = admit(cell, date(2020, 3, 10), profile)
        return admitted

    return admit_


def test_a_profile_with_the_forms_attributes_round_trips_through_the_store(
    registry, province, admit, make_profile, open_registry, settings
):
    person = make_profile(
        education=Education.POSTGRADUATE,
        general_education=GeneralEducation.UPPER_SECONDARY,
        qualification=Qualification.DOCTOR,
        occupation=Occupation.PUBLIC_EMPLOYEE,
    )
    admitted, _ = admit(province.cell, date(2020, 3, 10), person)

    reopened = open_registry(settings)

    [entry] = reopened.stream(province.cell)
    assert MemberProfile.from_dict(entry["member"]) == person
    profile = reopened.get_member(admitted.member_id).profile
    assert (profile["general_education"], profile["qualification"], profile["occupation"]) == (
        "upper_secondary",
        "doctor",
        "public_employee",
    )


def test_a_body_stored_before_the_extension_reads_unknown_or_determined(
    registry, province, admit_before_extension, make_profile
):
    admitted = admit_before_extension(
        province.cell, make_profile(education=Education.COLLEGE, sector=Sector.FARMER)
    )

    [entry] = registry.stream(province.cell)
    assert not set(ADDED_FIELDS) & set(entry["member"])
    profile = MemberProfile.from_dict(registry.get_member(admitted.member_id).profile)
    assert profile.general_education is None
    assert profile.qualification is Qualification.COLLEGE
    assert profile.occupation is Occupation.FARMER


def test_a_correction_completes_a_profile_recorded_before_the_extension(
    registry, province, admit_before_extension, make_profile
):
    admitted = admit_before_extension(
        province.cell,
        make_profile(education=Education.POSTGRADUATE, sector=Sector.STATE_AGENCY),
    )
    completion = {
        "general_education": "upper_secondary",
        "qualification": "master",
        "occupation": "civil_servant",
    }

    writes.correct(
        registry,
        province.cell,
        Correct(admitted.event_id, "bổ sung hồ sơ", {"member": completion}),
        CLERK,
    )

    assert registry.stream(province.cell)[-1]["changes"] == {"member": completion}
    profile = MemberProfile.from_dict(registry.get_member(admitted.member_id).profile)
    assert profile.general_education is GeneralEducation.UPPER_SECONDARY
    assert profile.qualification is Qualification.MASTER
    assert profile.occupation is Occupation.CIVIL_SERVANT


def test_a_correction_of_something_else_does_not_store_what_is_only_determined(
    registry, province, admit_before_extension, make_profile
):
    admitted = admit_before_extension(
        province.cell, make_profile(education=Education.COLLEGE, sector=Sector.FARMER)
    )

    writes.correct(
        registry,
        province.cell,
        Correct(admitted.event_id, "sai tên", {"member": {"full_name": "Lò Văn Đúng"}}),
        CLERK,
    )

    assert registry.stream(province.cell)[-1]["changes"] == {"member": {"full_name": "Lò Văn Đúng"}}


def test_correcting_the_education_corrects_the_qualification_it_determined(
    registry, province, admit_before_extension, make_profile
):
    admitted = admit_before_extension(
        province.cell, make_profile(education=Education.COLLEGE, sector=Sector.FARMER)
    )

    writes.correct(
        registry,
        province.cell,
        Correct(admitted.event_id, "sai trình độ", {"member": {"education": "university"}}),
        CLERK,
    )

    profile = MemberProfile.from_dict(registry.get_member(admitted.member_id).profile)
    assert profile.qualification is Qualification.UNIVERSITY


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"qualification": "phd"}, "member.qualification"),
        ({"occupation": "pilot"}, "member.occupation"),
        ({"general_education": "x"}, "member.general_education"),
        ({"qualification": "master"}, "member.qualification"),  # the education is cao đẳng
        ({"occupation": "worker"}, "member.occupation"),  # the sector is nông dân
    ],
)
def test_a_bad_forms_attribute_in_a_correction_stores_nothing(
    registry, province, admit, make_profile, changes, field
):
    admitted, _ = admit(
        province.cell,
        date(2020, 3, 10),
        make_profile(education=Education.COLLEGE, sector=Sector.FARMER),
    )
    before = registry.max_position()

    with pytest.raises(InvalidValue) as invalid:
        writes.correct(
            registry, province.cell, Correct(admitted.event_id, "x", {"member": changes}), CLERK
        )

    assert invalid.value.field == field
    assert registry.max_position() == before


def test_a_request_keyed_before_the_extension_is_still_replayed_after_it(
    registry, province, make_profile, monkeypatch
):
    person = make_profile(education=Education.COLLEGE, sector=Sector.FARMER)
    command = Admit(
        MemberRef(profile=person), date(2020, 3, 10), Decision("1-QĐ", date(2020, 3, 1))
    )
    old_fields = [f.name for f in fields(MemberProfile) if f.name not in ADDED_FIELDS]
    with monkeypatch.context() as before_extension:  # the dataclass repr of the ten attributes
        before_extension.setattr(
            MemberProfile,
            "__repr__",
            lambda self: (
                "MemberProfile("
                + ", ".join(f"{name}={getattr(self, name)!r}" for name in old_fields)
                + ")"
            ),
        )
        first = writes.admit(registry, province.cell, command, CLERK, key="file-2019/line-1")
    position = registry.max_position()

    again = writes.admit(registry, province.cell, command, CLERK, key="file-2019/line-1")

    assert again.replayed and again.event_id == first.event_id
    assert registry.max_position() == position
