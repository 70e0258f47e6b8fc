"""Exported tables name organizations beside their codes, as on the figures' day, and recorders
as the member page does; an organization the reader could not read that day is not named."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from services.roll.commands import Decision
from services.store.users import UserStore
from tests import writes
from tests.web.pages.test_pages_member_history_names import moved_member

FORMATS = ("csv", "xlsx")
RENAMED_ON = date(2025, 1, 1)


def rows_of(data: bytes, fmt: str) -> list[list[str]]:
    """Every row of an exported file as text (dates as the file writes them)."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def table_of(data: bytes, fmt: str, first_column: str) -> list[dict[str, str]]:
    """The table under the stamp (after its blank line), each row keyed by its column's header."""
    rows = rows_of(data, fmt)
    blank = next(i for i, row in enumerate(rows) if not any(row))
    start = next(i for i, row in enumerate(rows) if i > blank and row[0] == first_column)
    header = rows[start]
    return [dict(zip(header, row, strict=False)) for row in rows[start + 1 :] if any(row)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_roll_export_names_each_cell_as_on_the_rolls_day(
    browse: Callable[..., Any],
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
    fmt: str,
) -> None:
    admit(tree.cell, make_profile(full_name="Lò Văn Xuất"), on=date(2024, 3, 10))
    writes.rename(
        registry,
        tree.cell,
        "Chi bộ thôn Một Mới",
        RENAMED_ON,
        Decision("3-QĐ/ĐU", RENAMED_ON, tree.committee),
        "test-clerk",
    )
    officer = browse("h01.officer", tree.district, "officer")

    before = officer.get(f"/orgs/{tree.committee}/export/roll.{fmt}", as_of="2024-06-01")
    after = officer.get(f"/orgs/{tree.committee}/export/roll.{fmt}", as_of="2026-11-20")

    [then] = table_of(before.data, fmt, "STT")
    [now] = table_of(after.data, fmt, "STT")
    assert (then["Chi bộ"], then["Tên chi bộ"]) == (tree.cell, "Chi bộ thôn Một")
    assert (now["Chi bộ"], now["Tên chi bộ"]) == (tree.cell, "Chi bộ thôn Một Mới")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_standings_export_names_the_organizations_and_who_set_each_quota(
    browse: Callable[..., Any], tree: Any, registry: Any, fmt: str
) -> None:
    writes.set_quota(registry, tree.committee, "2026", 10, tree.district)
    writes.set_quota(registry, tree.cell, "2026", 4, tree.committee)
    officer = browse("h01.officer", tree.district, "officer")

    answer = officer.get(f"/orgs/{tree.committee}/export/standings.{fmt}", as_of="2026-11-20")

    table = table_of(answer.data, fmt, "Tổ chức đảng")
    named = {
        (r["Tổ chức đảng"], r["Tên tổ chức đảng"], r["Giao bởi"], r["Tên cấp giao"]) for r in table
    }
    assert (tree.committee, "Đảng bộ xã An", tree.district, "Đảng bộ huyện Thử") in named
    assert (tree.cell, "Chi bộ thôn Một", tree.committee, "Đảng bộ xã An") in named


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_history_export_names_organizations_and_recorders_as_the_member_page_does(
    registry: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
    fmt: str,
) -> None:
    member_id = moved_member(registry, tree, users, make_profile)
    province = browse("tinh.xem", tree.province, "oversight")

    answer = province.get(f"/orgs/{tree.province}/members/{member_id}/export.{fmt}")

    table = {r["Sự kiện"]: r for r in table_of(answer.data, fmt, "Sự kiện")}
    admitted, arrived = table["Kết nạp"], table["Chuyển sinh hoạt đến"]
    assert (admitted["Tổ chức đảng"], admitted["Tên tổ chức đảng"]) == (
        tree.cell2,
        "Chi bộ thôn Ba",
    )
    # Named as it was on the day of the move (2024), not by the name it took in 2025.
    assert (arrived["Tổ chức đảng"], arrived["Tên tổ chức đảng"]) == (tree.cell, "Chi bộ thôn Một")
    assert (admitted["Người ghi"], admitted["Tài khoản ghi"]) == (
        "Văn thư chi bộ, Chi bộ thôn Ba",
        "h02.clerk",
    )
    assert arrived["Người ghi"] == "Cán bộ tổ chức, Đảng bộ tỉnh Thử"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_history_export_does_not_name_an_organization_the_reader_could_not_read(
    registry: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
    fmt: str,
) -> None:
    member_id = moved_member(registry, tree, users, make_profile)
    district = browse("h01.officer", tree.district, "officer")

    answer = district.get(f"/orgs/{tree.district}/members/{member_id}/export.{fmt}")

    assert answer.status_code == 200
    table = {r["Sự kiện"]: r for r in table_of(answer.data, fmt, "Sự kiện")}
    assert table["Chuyển sinh hoạt đến"]["Người ghi"] == "Cán bộ tổ chức, một tổ chức khác"
    assert table["Chuyển sinh hoạt đến"]["Tài khoản ghi"] == ""
    text = " ".join(cell for row in rows_of(answer.data, fmt) for cell in row)
    for foreign in ("Chi bộ thôn Ba", tree.cell2, "Đảng bộ xã Bình", "h02.clerk", "tinh.officer"):
        assert foreign not in text
    assert "Đảng bộ tỉnh Thử" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_diff_export_names_the_organization_of_each_late_event(
    browse: Callable[..., Any],
    tree: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
    fmt: str,
) -> None:
    admitted = admit(tree.cell, make_profile(full_name="Lò Văn Xuất"))
    auditor = browse("h01.auditor", tree.district, "auditor")

    answer = auditor.get(
        f"/orgs/{tree.district}/export/diff.{fmt}",
        as_of="2026-11-21",
        known_at="2026-11-21T09:59:59",
    )

    [late] = [
        r
        for r in table_of(answer.data, fmt, "Mã sự kiện")
        if r["Mã sự kiện"] == str(admitted.event_id)
    ]
    assert (late["Tổ chức đảng"], late["Tên tổ chức đảng"]) == (tree.cell, "Chi bộ thôn Một")
    # Not an account: an office's or a tool's name is shown as stored, with no account beside it.
    assert (late["Người ghi"], late["Tài khoản ghi"]) == ("test-clerk", "")
