"""`sodang forms ORG PERIOD`: the three forms as a table, JSON or a workbook; bad input refused."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from services.cli import main
from services.config import Settings

LINE = {
    "org": "T1.C1",
    "type": "admitted",
    "effective_on": "2021-03-02",
    "decision_no": "1-QĐ/TU",
    "decision_on": "2021-02-20",
    "decided_by": "T1",
    "member": {
        "national_id": "011095000123",
        "full_name": "Hoàng Thị Thuận",
        "sex": "female",
        "birth_date": "1995-04-01",
        "ethnicity": "Kinh",
        "religion": None,
        "education": "university",
        "political_theory": "basic",
        "youth_union": True,
        "sector": "public_service",
    },
}


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(main, list(args), catch_exceptions=False)

    assert invoke("init").exit_code == 0
    for args in (
        ("T1", "--name", "Đảng bộ tỉnh Thử", "--kind", "province"),
        ("T1.C1", "--name", "=Chi bộ cơ sở", "--kind", "grassroots_cell", "--parent", "T1"),
    ):
        assert invoke("org", "create", *args, "--founded-on", "2000-01-01").exit_code == 0
    path = tmp_path / "one.ndjson"
    path.write_text(json.dumps(LINE, ensure_ascii=False) + "\n")
    assert invoke("events", "import", str(path)).exit_code == 0
    return invoke


def test_the_forms_as_json_balance_and_count_the_admission(run: Any) -> None:
    result = run("forms", "T1", "2021", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    flows = next(form for form in data["forms"] if form["code"] == "tang_giam")
    rows = {code: values for code, _, values in flows["rows"]}
    assert rows["B1"][:2] == [1, 0] and rows["D"][:2] == [1, 0]
    assert all(left == right for _, _, left, right in flows["checks"])
    assert len(data["digest"]) == 64 and data["log"]["tree_head"]


def test_the_workbook_has_a_sheet_per_form_and_keeps_text_as_text(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "bieu.xlsx"
    result = run("forms", "T1.C1", "2021", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert len(book.sheetnames) == 3
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "=CHI BỘ CƠ SỞ" and sheet["A1"].data_type == "s"
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Kết nạp" in cells and "NGƯỜI LẬP BIỂU" in cells


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("T1", "2021-H3"), "must be a year"),
        (("T9", "2021"), "T9"),
        (("T1", "2021", "--known-at", "yesterday"), "is not a time"),
    ],
)
def test_bad_input_is_refused_with_its_reason(
    run: Any, args: tuple[str, ...], message: str
) -> None:
    result = run("forms", *args)
    assert result.exit_code != 0
    assert message in result.output
