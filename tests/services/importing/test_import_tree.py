"""NDJSON import of a province's organization tree with its rolls: founding lines first."""

from __future__ import annotations

import json
from datetime import date
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


def founded(code: str, name: str, kind: str, parent: str | None, on: str) -> dict[str, Any]:
    return {
        "type": "founded",
        "org": code,
        "name": name,
        "kind": kind,
        "parent": parent,
        "founded_on": on,
    }


TREE = [
    founded("N01", "Đảng bộ tỉnh Nhập", "province", None, "1990-01-01"),
    founded("N01.H01", "Đảng bộ huyện Nhập", "district", "N01", "1995-01-01"),
    founded("N01.H01.X01", "Đảng bộ xã Nhập", "grassroots_committee", "N01.H01", "2000-01-01"),
    founded("N01.H01.X01.C01", "Chi bộ thôn Một", "cell", "N01.H01.X01", "2000-01-01"),
    founded("N01.H01.X01.C02", "Chi bộ thôn Hai", "cell", "N01.H01.X01", "2000-01-01"),
]


def admission(org: str, national_id: str, key: str) -> dict[str, Any]:
    return {
        "org": org,
        "id": key,
        "type": "admitted",
        "effective_on": "2021-03-02",
        "decision_no": f"{key}-QĐ/HU",
        "decision_on": "2021-02-20",
        "decided_by": "N01.H01",
        "member": {**MEMBER, "national_id": national_id},
    }


EVENTS = [
    admission("N01.H01.X01.C01", "011090000001", "a1"),
    admission("N01.H01.X01.C02", "011090000002", "a2"),
    admission("N01.H01.X01.C02", "011090000003", "a3"),
]


def write(tmp_path: Path, lines: list[dict[str, Any]]) -> Path:
    path = tmp_path / "province.ndjson"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    return path


def test_a_tree_and_its_rolls_import_into_an_empty_registry(
    registry: Registry, tmp_path: Path
) -> None:
    report = import_events(registry, write(tmp_path, [*TREE, *EVENTS]), "import:test")

    assert (report.lines, report.stored, report.already_present) == (8, 8, 0)
    today = registry.today()
    assert registry.roll_count("N01", today) == 3
    assert registry.get_organization("N01.H01.X01").children_on(today) == [
        "N01.H01.X01.C01",
        "N01.H01.X01.C02",
    ]
    cell = registry.get_organization("N01.H01.X01.C02")
    assert (cell.kind, cell.parent, cell.founded_on) == ("cell", "N01.H01.X01", date(2000, 1, 1))


def test_the_same_tree_file_imported_again_stores_nothing(
    registry: Registry, tmp_path: Path
) -> None:
    path = write(tmp_path, [*TREE, *EVENTS])
    import_events(registry, path, "import:test")
    position = registry.max_position()

    again = import_events(registry, path, "import:test")

    assert (again.stored, again.already_present) == (0, 8)
    assert registry.max_position() == position


def test_a_founding_line_after_an_event_needing_it_is_refused_naming_both_lines(
    registry: Registry, tmp_path: Path
) -> None:
    # The second cell is founded on line 7, after its first admission on line 5.
    lines = [*TREE[:4], EVENTS[0], EVENTS[1], TREE[4], EVENTS[2]]

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, write(tmp_path, lines), "import:test")

    assert (caught.value.line, caught.value.field) == (6, "org")
    assert "founded on line 7" in caught.value.message
    assert registry.max_position() == 0


def test_a_child_founded_before_its_parent_is_refused_naming_the_parent(
    registry: Registry, tmp_path: Path
) -> None:
    lines = [TREE[0], TREE[2], TREE[1]]

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, write(tmp_path, lines), "import:test")

    assert (caught.value.line, caught.value.field) == (2, "parent")
    assert "founded on line 3" in caught.value.message
    assert registry.max_position() == 0


def test_a_code_founded_with_other_values_is_refused_by_its_rule(
    registry: Registry, tmp_path: Path
) -> None:
    import_events(registry, write(tmp_path, TREE[:2]), "import:test")
    position = registry.max_position()
    renamed = {**TREE[1], "name": "Đảng bộ huyện Khác"}

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, write(tmp_path, [TREE[0], renamed, TREE[2]]), "import:test")

    assert (caught.value.line, caught.value.field) == (2, "(rule)")
    assert "code_taken" in caught.value.message
    assert registry.max_position() == position


def test_domain_rules_refuse_a_founding_line_by_name(registry: Registry, tmp_path: Path) -> None:
    # A cell cannot sit directly under a province (parent kind rule of the domain).
    lines = [TREE[0], founded("N01.C09", "Chi bộ lạc", "cell", "N01", "2000-01-01")]

    with pytest.raises(ImportFailed) as caught:
        import_events(registry, write(tmp_path, lines), "import:test")

    assert caught.value.line == 2
    assert "refused by rule" in caught.value.message
    assert registry.max_position() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "army"}, "kind"),
        ({"founded_on": "2000-13-01"}, "founded_on"),
        ({"name": ""}, "name"),
        ({"chairman": "X"}, "chairman"),
    ],
)
def test_a_malformed_founding_line_names_its_field(
    registry: Registry, tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_events(registry, write(tmp_path, [{**TREE[0], **change}]), "import:test")

    assert (caught.value.line, caught.value.field) == (1, field)
    assert registry.max_position() == 0
