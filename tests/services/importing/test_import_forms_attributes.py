"""NDJSON import of the forms' attributes (issue 14): stored when given, a bad one named by
line and field with nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.roll.profile import MemberProfile
from services.importing import ImportFailed, import_events
from services.registry import Registry
from tests.services.importing.test_import_file import admission, write

FORMS = {
    "general_education": "upper_secondary",
    "qualification": "elementary",
    "occupation": "farmer",
}


def test_imported_admissions_keep_the_forms_attributes(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    line = admission(province.cell, "011090000001", "a1")
    line["member"].update(FORMS)

    import_events(registry, write(tmp_path, [line]), "import:test")

    [entry] = registry.stream(province.cell)
    profile = MemberProfile.from_dict(entry["member"])
    assert (profile.general_education, profile.qualification, profile.occupation) == (
        "upper_secondary",
        "elementary",
        "farmer",
    )


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ({"qualification": "phd"}, "member.qualification"),
        ({"general_education": "lower_secondary"}, "member.general_education"),  # THPT given
    ],
)
def test_a_bad_forms_attribute_names_its_line_and_field_and_stores_nothing(
    registry: Registry, province: Any, tmp_path: Path, member: dict[str, str], field: str
) -> None:
    bad = admission(province.cell, "011090000002", "a2")
    bad["member"].update(member)
    path = write(tmp_path, [admission(province.cell, "011090000001", "a1"), bad])
    before = registry.max_position()

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, path, "import:test")

    assert (caught.value.line, caught.value.field) == (2, field)
    assert registry.max_position() == before
