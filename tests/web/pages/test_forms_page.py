"""The forms page (/orgs/<code>/forms/<period>) and its workbook."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import load_workbook

from tests.web.conftest import Reformed, Tree


def test_the_page_shows_the_three_forms_and_their_checks(
    reformed: Reformed, browse: Callable[..., Any], tree: Tree
) -> None:
    page = browse("tinh.xem", tree.province, "oversight").text(f"/orgs/{tree.province}/forms/2023")
    assert "Tăng, giảm đảng viên" in page and "Đảng viên mới kết nạp" in page
    assert "Đội ngũ đảng viên" in page and "A + B − C = D" in page
    assert 'data-row="B1"' in page and "không khớp" not in page


def test_the_workbook_is_laid_out_like_the_paper_form(
    reformed: Reformed, browse: Callable[..., Any], tree: Tree
) -> None:
    answer = browse("tinh.xem", tree.province, "oversight").get(
        f"/orgs/{tree.province}/forms/2023/xlsx"
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('2023.xlsx"')
    book = load_workbook(io.BytesIO(answer.get_data()))
    sheet = book.worksheets[0]
    cells = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value}
    headers = [cells.get((9, column)) for column in range(1, 6)]
    assert headers[:3] == ["Mã số", "Chỉ tiêu", "Kỳ báo cáo"]
    admitted = next(r for (r, c), v in cells.items() if c == 2 and v == "Kết nạp")
    assert cells[(admitted, 3)] == 7


def test_a_district_does_not_see_anothers_forms(
    reformed: Reformed, browse: Callable[..., Any], tree: Tree
) -> None:
    other = browse("h02.xem", tree.district2, "officer")
    assert other.get(f"/orgs/{tree.committee}/forms/2024").status_code == 404
    assert other.get(f"/orgs/{tree.committee}/forms/2024/xlsx").status_code == 404
