"""`sodang report ... --format csv` quotes text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from click.testing import CliRunner

from services.cli import main
from services.config import Settings
from services.reports.spreadsheet_cells import csv_cell
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

NAME = '=HYPERLINK("http://evil.example","Bấm")'


def test_a_formula_like_name_is_quoted_in_the_csv_roll(
    settings: Settings, monkeypatch: Any, registry: Any, province: Any, make_profile: Any
) -> None:
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    decision = Decision("7-QĐ/HU", date(2023, 2, 1), province.district)
    command = Admit(MemberRef(profile=make_profile(full_name=NAME)), date(2023, 3, 2), decision)
    writes.admit(registry, province.cell, command, "test-clerk")

    result = CliRunner().invoke(
        main, ["report", "roll", province.cell, "--format", "csv"], catch_exceptions=False
    )

    cells = {cell for row in csv.reader(io.StringIO(result.output)) for cell in row}
    assert result.exit_code == 0, result.output
    assert "'" + NAME in cells
    assert NAME not in cells


def test_only_text_starting_like_a_formula_is_quoted() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\t=1",
        "'\r=1",
    ]
    assert [csv_cell(v) for v in ("Lò Văn Xuất", "a=b", -3, 2.5, None)] == [
        "Lò Văn Xuất",
        "a=b",
        -3,
        2.5,
        None,
    ]
