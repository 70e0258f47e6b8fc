"""A small province and NDJSON admission files of any length, for the import benchmarks,
the chaos run and the import tests under live traffic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from domain.roll.values import OrgKind

PROVINCE = "LI"
DISTRICT = "LI.H1"
COMMITTEE = "LI.H1.X1"


def cells(count: int) -> list[str]:
    return [f"{COMMITTEE}.C{i:03d}" for i in range(1, count + 1)]


def found_province(registry: Any, cell_count: int, recorded_by: str = "bench:seed") -> list[str]:
    """A province, a district, a commune committee and `cell_count` cells under it."""
    tree: list[tuple[str, str, OrgKind, str | None, date]] = [
        (PROVINCE, "Đảng bộ tỉnh Nhập", OrgKind.PROVINCE, None, date(1990, 1, 1)),
        (DISTRICT, "Đảng bộ huyện Nhập", OrgKind.DISTRICT, PROVINCE, date(1995, 1, 1)),
        (COMMITTEE, "Đảng bộ xã Nhập", OrgKind.GRASSROOTS_COMMITTEE, DISTRICT, date(2000, 1, 1)),
    ]
    tree += [
        (code, f"Chi bộ thôn {i}", OrgKind.CELL, COMMITTEE, date(2000, 1, 1))
        for i, code in enumerate(cells(cell_count), start=1)
    ]
    clock = getattr(registry, "clock", None)
    moment = getattr(clock, "now", None)
    if isinstance(moment, datetime):  # a settable clock: found them long ago
        clock.now = datetime(2001, 6, 1, 3, 0, tzinfo=UTC)  # type: ignore[union-attr]
    registry.found_organizations(tree, recorded_by)
    if isinstance(moment, datetime):
        clock.now = moment  # type: ignore[union-attr]
    return cells(cell_count)


def admission(org: str, number: int, key_prefix: str, day: str = "2021-03-02") -> dict[str, Any]:
    """One admission line; `number` makes the national id, the name and the client key."""
    return {
        "org": org,
        "id": f"{key_prefix}-{number}",
        "type": "admitted",
        "effective_on": day,
        "decision_no": f"{number}-QĐ/HU",
        "decision_on": "2021-02-20",
        "decided_by": DISTRICT,
        "member": {
            "national_id": f"0{number:011d}",
            "full_name": f"Lò Văn Nhập {number}",
            "sex": "male" if number % 2 else "female",
            "birth_date": "1990-02-03",
            "ethnicity": "Thái",
            "religion": None,
            "education": "upper_secondary",
            "political_theory": "none",
            "youth_union": False,
            "sector": "farmer",
        },
    }


def lines(
    count: int, org_cells: list[str], key_prefix: str = "imp", first: int = 1
) -> Iterator[str]:
    for number in range(first, first + count):
        yield json.dumps(admission(org_cells[number % len(org_cells)], number, key_prefix))


def write_file(
    path: Path, count: int, org_cells: list[str], key_prefix: str = "imp", first: int = 1
) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for line in lines(count, org_cells, key_prefix, first):
            out.write(line + "\n")
    return path
