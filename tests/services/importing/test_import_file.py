"""NDJSON import: all or nothing, idempotent, and errors that name the line and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.importing import ImportFailed, import_events
from services.registry import Registry

MEMBER = {
    "full_name": "Lò Văn Pọm",
    "sex": "male",
    "birth_date": "1990-02-03",
    "ethnicity": "Thái",
    "religion": None,
    "education": "upper_secondary",
    "political_theory": "none",
    "youth_union": False,
    "sector": "farmer",
}


def admission(org: str, national_id: str, key: str, day: str = "2021-03-02") -> dict[str, Any]:
    return {
        "org": org,
        "id": key,
        "type": "admitted",
        "effective_on": day,
        "decision_no": f"{key}-QĐ/HU",
        "decision_on": "2021-02-20",
        "decided_by": "T01.H01",
        "member": {**MEMBER, "national_id": national_id},
    }


def write(tmp_path: Path, lines: list[Any]) -> Path:
    path = tmp_path / "events.ndjson"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
        + "\n"
    )
    return path


def test_a_file_is_imported_whole(registry: Registry, province: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            admission(province.cell, "011090000001", "a1"),
            admission(province.other_cell, "011090000002", "a2"),
        ],
    )

    report = import_events(registry, path, "import:test")

    assert (report.lines, report.stored, report.already_present) == (2, 2, 0)
    assert registry.roll_count(province.committee, registry.today()) == 2


def test_a_bad_line_stores_nothing_and_names_line_and_field(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    bad = admission(province.cell, "011090000003", "a3")
    bad["member"]["birth_date"] = "1990-13-01"
    path = write(tmp_path, [admission(province.cell, "011090000001", "a1"), "", bad])
    before = registry.max_position()

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, path, "import:test")

    assert caught.value.line == 3
    assert caught.value.field == "member.birth_date"
    assert registry.max_position() == before


def test_a_rule_refused_on_a_late_line_stores_nothing_of_the_earlier_ones(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    twice = admission(province.other_cell, "011090000001", "a2")
    path = write(tmp_path, [admission(province.cell, "011090000001", "a1"), twice])
    before = registry.max_position()

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, path, "import:test")

    assert caught.value.line == 2
    assert "on_two_rolls" in caught.value.message
    assert registry.max_position() == before
    assert registry.roll_count(province.committee, registry.today()) == 0


def test_importing_the_same_file_twice_stores_nothing_the_second_time(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    path = write(tmp_path, [admission(province.cell, "011090000001", "a1")])
    import_events(registry, path, "import:test")
    position = registry.max_position()

    again = import_events(registry, path, "import:test")

    assert (again.stored, again.already_present) == (0, 1)
    assert registry.max_position() == position


def test_an_unknown_organization_and_broken_json_are_named(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    unknown = write(tmp_path, [admission("NOWHERE", "011090000001", "a1")])
    with pytest.raises(ImportFailed) as caught:
        import_events(registry, unknown, "import:test")
    assert (caught.value.line, caught.value.field) == (1, "org")

    broken = write(tmp_path, ['{"org": "X", "type": '])
    with pytest.raises(ImportFailed) as caught:
        import_events(registry, broken, "import:test")
    assert (caught.value.line, caught.value.field) == (1, "(json)")


def test_corrections_may_point_at_an_earlier_line_by_its_key(
    registry: Registry, province: Any, tmp_path: Path
) -> None:
    correction = {
        "org": province.cell,
        "id": "c1",
        "type": "correction",
        "corrects_key": "a1",
        "reason": "Sai dân tộc",
        "changes": {"member": {"ethnicity": "Mông"}},
    }
    path = write(tmp_path, [admission(province.cell, "011090000001", "a1"), correction])

    import_events(registry, path, "import:test")

    member = registry.get_member(registry.ids.member("011090000001"))
    assert member.profile is not None
    assert member.profile["ethnicity"] == "Mông"


@pytest.mark.backend("postgresql")
def test_after_an_import_postgresql_has_sampled_the_log_again(
    registry: Registry, province: Any, tmp_path: Path, raw_db: Any
) -> None:
    # Autovacuum may be late or off (it is off on the test server): the import samples the
    # log itself, so the planner does not read a freshly loaded province as never analyzed.
    def last_analyzed() -> Any:
        return raw_db.rows(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'registry_events'"
        )[0][0]

    before = last_analyzed()
    path = write(tmp_path, [admission(province.cell, "011090000009", "s1")])

    import_events(registry, path, "import:test")

    after = last_analyzed()
    assert after is not None and (before is None or after > before)
    assert raw_db.rows(
        "SELECT count(*) FROM pg_stats WHERE tablename = 'registry_events' "
        "AND attname = 'originator_id'"
    ) == [(1,)]
