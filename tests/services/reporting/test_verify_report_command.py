"""`sodang verify-report FILE`: 0 for a valid export, 1 for an edited one, 2 for what it cannot
check; the verdict in Vietnamese."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from domain.reporting.period import Period, Structure
from services.cli import main
from services.config import Settings
from services.reports.approved import report_export
from services.reports.forms_workbook import FIRST_ROW

YEAR = Period.year(2024)


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(main, ["verify-report", *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def exported(desk: Any, province: Any, registry: Any, tmp_path: Path) -> dict[str, Path]:
    """The cell's 2024 report approved on 10 January 2025, exported as XLSX and PDF."""
    desk.on(date(2024, 3, 5))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.on(date(2025, 1, 10))
    desk.prepare_and_approve(province.cell, YEAR)
    export = report_export(registry, province.cell, YEAR, Structure.AS_STRUCTURED)
    paths = {"xlsx": tmp_path / "bao-cao.xlsx", "pdf": tmp_path / "bao-cao.pdf"}
    paths["xlsx"].write_bytes(export.workbook())
    paths["pdf"].write_bytes(export.pdf())
    return paths


def test_a_fresh_export_is_valid_with_exit_0(run: Any, exported: dict[str, Path]) -> None:
    for path in exported.values():
        result = run(str(path))
        assert result.exit_code == 0, result.output
        assert "KẾT QUẢ: HỢP LỆ" in result.output
        assert "Số liệu hôm nay vẫn như số đã duyệt" in result.output


def test_a_late_entry_is_said_and_the_export_stays_valid(
    run: Any, exported: dict[str, Path], desk: Any, province: Any
) -> None:
    desk.on(date(2025, 3, 1))
    desk.admit(province.cell, date(2024, 10, 1))

    result = run(str(exported["xlsx"]))

    assert result.exit_code == 0, result.output
    assert "1 sự kiện ghi sau khi duyệt" in result.output


def test_an_edited_cell_fails_with_exit_1(run: Any, exported: dict[str, Path]) -> None:
    book = load_workbook(exported["xlsx"])
    sheet = book["Biểu 1"]
    sheet.cell(row=FIRST_ROW, column=3).value = 999
    out = io.BytesIO()
    book.save(out)
    exported["xlsx"].write_bytes(out.getvalue())

    result = run(str(exported["xlsx"]))

    assert result.exit_code == 1
    assert "Số liệu trong tệp so với số liệu lập lại: KHÔNG KHỚP" in result.output
    assert "999" in result.output
    assert "KẾT QUẢ: KHÔNG HỢP LỆ" in result.output


def test_what_cannot_be_checked_exits_2(run: Any, tmp_path: Path, registry: Any) -> None:
    garbage = tmp_path / "rac.xlsx"
    garbage.write_bytes(b"not a workbook")

    missing = run(str(tmp_path / "none.pdf"))
    unreadable = run(str(garbage))

    assert missing.exit_code == 2 and "không có tệp này" in missing.output
    assert unreadable.exit_code == 2 and "không phải bảng tính" in unreadable.output
