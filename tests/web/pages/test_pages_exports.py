"""Every table downloads as CSV and XLSX, stamped (in the page's language, days dd/mm/yyyy in
Vietnamese) with the day, the knowledge time and the log position."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from services.integrity.wiring import current_head

TABLES = ("roll", "rollup", "flows", "indicators", "standings", "series")


@pytest.fixture
def officer(browse: Callable[..., Any], tree: Any) -> Any:
    return browse("h01.officer", tree.district, "officer")


@pytest.fixture
def admitted(admit: Callable[..., Any], tree: Any, make_profile: Callable[..., Any]) -> Any:
    return admit(tree.cell, make_profile(full_name="Lò Văn Xuất"))


def stamp_of(rows: list[list[str]]) -> dict[str, str]:
    """The key/value rows between the title and the blank line."""
    found = {}
    for row in rows[1:]:
        if not row or not row[0]:
            break
        found[row[0]] = row[1]
    return found


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads Vietnamese only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_downloads_as_csv_with_its_stamp(
    officer: Any, tree: Any, registry: Any, admitted: Any, name: str
) -> None:
    answer = officer.get(f"/orgs/{tree.district}/export/{name}.csv", as_of="2026-11-20")

    rows = read_csv(answer.data)
    stamp = stamp_of(rows)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    assert "attachment" in answer.headers["Content-Disposition"]
    assert stamp["Tổ chức đảng"] == tree.district
    assert stamp["Số liệu đến ngày"] == "20/11/2026"
    assert stamp["Theo dữ liệu đã ghi đến"] == "hiện tại"
    assert int(stamp["Vị trí trong sổ ghi"]) == registry.max_position()
    # The log's tree head at that position: the table can be checked against a checkpoint.
    head = current_head(registry)
    assert (int(stamp["Số sự kiện trong sổ ghi"]), stamp["Mã kiểm tra sổ ghi"]) == (
        head.size,
        head.root_hex,
    )


@pytest.mark.parametrize("name", TABLES)
def test_every_table_downloads_as_xlsx_with_its_stamp(
    officer: Any, tree: Any, registry: Any, admitted: Any, name: str
) -> None:
    answer = officer.get(f"/orgs/{tree.district}/export/{name}.xlsx", as_of="2026-11-20")

    sheet = load_workbook(io.BytesIO(answer.data)).active
    rows = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    stamp = stamp_of(rows)
    assert answer.status_code == 200
    assert stamp["Số liệu đến ngày"] == "20/11/2026"
    assert int(stamp["Vị trí trong sổ ghi"]) == registry.max_position()


def test_the_roll_export_lists_the_members(officer: Any, tree: Any, admitted: Any) -> None:
    answer = officer.get(f"/orgs/{tree.cell}/export/roll.csv")

    rows = read_csv(answer.data)
    assert ["STT", "Mã đảng viên", "Họ và tên", "Loại", "Từ ngày", "Chi bộ", "Tên chi bộ"] in rows
    assert [
        "1",
        str(admitted.member_id),
        "Lò Văn Xuất",
        "Dự bị",
        "10/03/2026",
        tree.cell,
        "Chi bộ thôn Một",
    ] in rows


def test_an_auditor_export_is_stamped_with_its_known_at(
    browse: Callable[..., Any], tree: Any, admitted: Any
) -> None:
    auditor = browse("h01.auditor", tree.district, "auditor")

    answer = auditor.get(
        f"/orgs/{tree.district}/export/rollup.csv",
        as_of="2026-11-21",
        known_at="2026-11-21T09:59:59",
    )

    rows = read_csv(answer.data)
    assert stamp_of(rows)["Theo dữ liệu đã ghi đến"] == "21/11/2026 09:59:59"
    assert next(r for r in rows if len(r) > 4 and r[1] == tree.district)[4] == "0"


def test_the_diff_export_names_the_events_recorded_since(
    browse: Callable[..., Any], tree: Any, admitted: Any
) -> None:
    auditor = browse("h01.auditor", tree.district, "auditor")

    answer = auditor.get(
        f"/orgs/{tree.district}/export/diff.xlsx",
        as_of="2026-11-21",
        known_at="2026-11-21T09:59:59",
    )

    sheet = load_workbook(io.BytesIO(answer.data)).active
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert str(admitted.event_id) in values


def test_a_members_history_downloads(officer: Any, tree: Any, admitted: Any) -> None:
    answer = officer.get(f"/orgs/{tree.cell}/members/{admitted.member_id}/export.csv")

    rows = read_csv(answer.data)
    assert stamp_of(rows)["Mã đảng viên"] == str(admitted.member_id)
    assert any(row[:4] == ["Kết nạp", tree.cell, "Chi bộ thôn Một", "10/03/2026"] for row in rows)


def test_exports_follow_the_language(officer: Any, tree: Any, admitted: Any) -> None:
    officer.get("/lang/en")

    answer = officer.get(f"/orgs/{tree.cell}/export/roll.csv")

    rows = read_csv(answer.data)
    assert ["No.", "Member id", "Full name", "Status", "Since", "Cell", "Cell name"] in rows
    assert stamp_of(rows)["As recorded up to"] == "now"
    assert any(row[-3:-1] == ["2026-03-10", tree.cell] for row in rows)  # ISO in English
