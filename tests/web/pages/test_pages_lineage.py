"""Pages after a reform: the same territory on two days, an ended organization's notice, each
organization's lineage timeline, and the audit of a reorganization."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from services.config import TIMEZONE
from tests.web.conftest import Reformed, Tree


@pytest.fixture
def provincial(browse: Callable[..., Any], tree: Tree) -> Any:
    return browse("tinh.theodoi", tree.province, "oversight")


@pytest.fixture
def commune(browse: Callable[..., Any], reformed: Reformed) -> Any:
    return browse("xa.canbo", reformed.commune, "officer")


@pytest.fixture
def admitted_after(
    admit: Callable[..., Any], tree: Tree, reformed: Reformed, make_profile: Callable[..., Any]
) -> None:
    """One more member admitted in the commune's first cell in March 2026."""
    admit(tree.cell, make_profile(), date(2026, 3, 10))


def row(page: str, table: str, code: str) -> str:
    """The row of `code` in the table of id `table`."""
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', page, re.S)
    assert body, table
    found = re.search(rf'<tr[^>]*data-code="{re.escape(code)}"[^>]*>(.*?)</tr>', body[0], re.S)
    assert found, (table, code)
    return found[1]


def numbers(cells: str) -> list[str]:
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', cells)


def events(page: str) -> list[str]:
    """The timeline's entries as plain text, one per change."""
    items = re.findall(r'<li class="[a-z_]+" data-type="[a-z_]+">(.*?)</li>', page, re.S)
    blocks = [re.sub(r"</?div[^>]*>", " ", item) for item in items]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in blocks]


# -- the same territory on two days ----------------------------------------------------------


def test_the_dashboard_restates_the_past_onto_todays_children_beside_todays_figures(
    provincial: Any, tree: Tree, reformed: Reformed, admitted_after: None
) -> None:
    page = provincial.text(f"/orgs/{tree.province}", compare_with="2024-01-01")

    assert "So sánh cùng địa bàn" in page
    assert "Ngày 01/01/2024 (tính lại)" in page
    assert numbers(row(page, "restated", tree.province)) == ["7", "8", "+1"]
    assert numbers(row(page, "restated", reformed.commune)) == ["7", "8", "+1"]
    assert numbers(row(page, "restated", tree.district2)) == ["0", "0", "0"]
    assert f'data-code="{tree.district}"' not in row_table(page, "restated")


def test_beside_it_the_past_day_is_shown_as_structured_then(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    page = provincial.text(f"/orgs/{tree.province}", compare_with="2024-01-01")

    assert "Theo cơ cấu tổ chức ngày 01/01/2024" in page
    assert numbers(row(page, "structured-then", tree.district)) == ["5"]
    assert numbers(row(page, "structured-then", tree.district2)) == ["2"]
    assert "Đảng bộ huyện Thử" in row(page, "structured-then", tree.district)
    assert f'data-code="{reformed.commune}"' not in row_table(page, "structured-then")


def test_the_comparison_defaults_to_the_same_day_five_years_earlier(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    default = provincial.text(f"/orgs/{tree.province}")
    after_the_day_shown = provincial.text(f"/orgs/{tree.province}", compare_with="2026-12-01")

    for page in (default, after_the_day_shown):
        assert 'name="compare_with" value="21/11/2021"' in page
        assert numbers(row(page, "restated", reformed.commune)) == ["0", "7", "+7"]


def test_a_new_commune_compares_only_with_days_its_territory_was_its_own(
    commune: Any, tree: Tree, reformed: Reformed
) -> None:
    # In 2024 the cells were the districts': their figures of that day are not the commune's
    # to read (issue 10); from its founding on they are.
    before = commune.text(f"/orgs/{reformed.commune}", compare_with="2024-01-01")
    since = commune.text(f"/orgs/{reformed.commune}", compare_with="2025-07-01")

    assert 'id="restated"' not in before
    assert numbers(row(since, "restated", reformed.commune)) == ["7", "7", "0"]
    assert numbers(row(since, "restated", tree.cell2)) == ["2", "2", "0"]
    # Predecessors it may not open are linked to their lineage only.
    assert f'href="/orgs/{tree.committee}/lineage"' in before
    assert f'href="/orgs/{tree.committee}"' not in before
    assert "Tiền thân" in before


def test_the_comparison_speaks_english_when_asked(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    provincial.get("/lang/en")

    page = provincial.text(f"/orgs/{tree.province}", compare_with="2024-01-01")

    assert "Same territory, two dates" in page
    assert "2024-01-01 (restated)" in page
    assert "So sánh cùng địa bàn" not in page


# -- an ended organization --------------------------------------------------------------------


def test_an_ended_organization_says_when_it_ended_and_who_carries_it_on(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    page = provincial.text(f"/orgs/{tree.committee}")

    assert "Tổ chức này đã kết thúc hoạt động từ ngày 01/07/2025." in page
    assert "Hợp nhất, sáp nhập" in page
    assert "Quyết định số 12-QĐ/TU ngày 20/06/2025 của Đảng bộ tỉnh Thử (T01)" in page
    assert re.search(
        rf'Tổ chức kế tục hiện nay: <a href="/orgs/{reformed.commune}"[^>]*>Đảng bộ xã Hợp Nhất</a>',
        page,
    )
    # Its figures are those of its last day, not the empty roll of today.
    assert re.search(r'<span class="n" id="total">5</span>', page)
    assert "Số liệu dưới đây tính đến ngày hoạt động cuối cùng (30/06/2025)." in page


def test_a_dissolved_district_without_successor_says_nobody_carries_it_on(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    page = provincial.text(f"/orgs/{tree.district}")

    assert "Tổ chức này đã kết thúc hoạt động từ ngày 01/07/2025." in page
    assert "Giải thể" in page
    assert "Không có tổ chức kế tục." in page


def test_an_ended_organization_is_not_opened_to_its_heirs(
    commune: Any, tree: Tree, reformed: Reformed
) -> None:
    assert commune.get(f"/orgs/{tree.committee}").status_code == 404
    assert commune.get(f"/orgs/{tree.committee}/lineage").status_code == 200


# -- lineage timeline -------------------------------------------------------------------------


def test_the_lineage_timeline_lists_every_change_with_its_decision(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    page = provincial.text(f"/orgs/{tree.committee}/lineage")

    assert "Lịch sử tổ chức: Đảng bộ xã An Mới" in page
    assert events(page) == [
        "01/01/2000 · Thành lập — trực thuộc Đảng bộ huyện Thử",
        "01/05/2024 · Đổi tên — tên mới: «Đảng bộ xã An Mới» "
        "Quyết định số 12-QĐ/TU ngày 20/06/2025 của Đảng bộ tỉnh Thử (T01) "
        "ghi lúc 21/11/2026 11:00:00 bởi tinh",
        "01/07/2025 · Kết thúc hoạt động — chuyển giao cho Đảng bộ xã Hợp Nhất "
        "(Hợp nhất, sáp nhập) Quyết định số 12-QĐ/TU ngày 20/06/2025 của Đảng bộ tỉnh Thử (T01) "
        "ghi lúc 21/11/2026 11:00:00 bởi tinh",
    ]
    assert f'<a href="/orgs/{reformed.commune}" data-code="{reformed.commune}">' in page
    assert f'<a href="/orgs/{tree.district}" data-code="{tree.district}">' in page


def test_the_lineage_of_a_commune_names_its_predecessors(
    commune: Any, tree: Tree, reformed: Reformed
) -> None:
    page = commune.text(f"/orgs/{reformed.commune}/lineage")

    predecessors = re.search(r'<ul id="predecessors">(.*?)</ul>', page, re.S)
    assert predecessors
    assert "Đảng bộ xã An Mới" in predecessors[1] and "Đảng bộ xã Bình" in predecessors[1]
    assert "Hợp nhất, sáp nhập, từ ngày 01/07/2025" in predecessors[1]
    assert events(page)[-1].startswith(
        "01/07/2025 · Tiếp nhận, kế thừa — tiếp nhận từ Đảng bộ xã An Mới, Đảng bộ xã Bình"
    )
    assert "Tổ chức đang hoạt động." in page


def test_a_moved_cell_shows_where_from_and_where_to(
    commune: Any, tree: Tree, reformed: Reformed
) -> None:
    page = commune.text(f"/orgs/{tree.cell}/lineage")

    assert events(page)[-1].startswith(
        "01/07/2025 · Chuyển trực thuộc — từ Đảng bộ xã An Mới sang Đảng bộ xã Hợp Nhất"
        " (Hợp nhất, sáp nhập)"
    )


def test_the_lineage_page_speaks_english_when_asked(
    provincial: Any, tree: Tree, reformed: Reformed
) -> None:
    provincial.get("/lang/en")

    page = provincial.text(f"/orgs/{tree.committee}/lineage")

    assert "History of the organization" in page
    assert "This organization ceased to exist on 2025-07-01." in page
    assert "Decision 12-QĐ/TU of 2025-06-20 by Đảng bộ tỉnh Thử (T01)" in page
    assert events(page)[-1].startswith("2025-07-01 · Ended — handed over to")


def test_the_lineage_is_not_found_outside_the_organization_and_its_heirs(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    district2 = browse("h02.canbo", tree.district2, "officer")

    assert district2.get(f"/orgs/{tree.committee}/lineage").status_code == 404
    assert district2.get(f"/orgs/{tree.committee2}/lineage").status_code == 200
    assert district2.get("/orgs/T01.NOPE/lineage").status_code == 404


# -- the audit of a reorganization ------------------------------------------------------------


def test_the_audit_explains_a_reorganization_by_its_changes_of_structure(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    auditor = browse("tinh.kiemtra", tree.province, "auditor")
    before = reformed.known_before.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M:%S")

    page = auditor.text(f"/orgs/{tree.province}/audit", as_of="2025-07-01", known_at=before)

    assert "Không có chênh lệch" not in page
    assert page.count('data-kind="reorganization"') >= 1
    assert "xem đảng viên" not in page
    district2 = why(page, tree.district2)
    assert numbers(district2[0]) == ["2", "0", "-2"]
    assert "Sắp xếp tổ chức: <strong>" in district2[1]
    assert re.search(r'href="/orgs/[A-Z0-9.]+/lineage"', district2[1])
    commune = why(page, reformed.commune)
    assert numbers(commune[0]) == ["0", "7", "+7"]
    assert "Sắp xếp tổ chức: <strong>" in commune[1]


def why(page: str, code: str) -> tuple[str, str]:
    """An audit row (by the organization it links to) and the events listed under it."""
    found = re.search(
        rf'<tr class="changed"><th scope="row"><a href="/orgs/{re.escape(code)}\?[^"]*">'
        r'(.*?)</tr>\s*<tr class="why">(.*?)</tr>',
        page,
        re.S,
    )
    assert found, code
    return found[1], found[2]


def row_table(page: str, table: str) -> str:
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', page, re.S)
    assert body, table
    return body[0]
