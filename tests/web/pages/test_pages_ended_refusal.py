"""Recording in an organization that ended in a reorganization is refused with the reason: on
which day it ended, by which decision, and which organization carries it on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.web.conftest import Reformed, Tree, admission


def test_the_api_says_when_and_by_what_it_ended_and_who_carries_it_on(
    make_api: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = make_api("tinh.canbo", tree.province, "officer")

    answer = officer.post(f"/api/v1/orgs/{tree.committee}/events", admission())

    body = answer.get_json()
    assert answer.status_code == 403
    assert body["code"] == "organization_ended"
    assert "ended on 2025-07-01 by decision 12-QĐ/TU of 2025-06-20" in body["message"]
    assert "carried on by Đảng bộ xã Hợp Nhất (T01.X01)" in body["message"]


def test_the_page_says_it_in_vietnamese(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("tinh.canbo", tree.province, "officer")

    answer = officer.get(f"/orgs/{tree.committee}/events/new", type="admitted")

    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "Tổ chức đã kết thúc hoạt động" in page
    assert "đã kết thúc hoạt động từ ngày 01/07/2025" in page
    assert "Theo quyết định số 12-QĐ/TU ban hành ngày 20/06/2025" in page
    assert "Tổ chức kế tục: Đảng bộ xã Hợp Nhất." in page
    assert "cannot record" not in page


def test_an_organization_that_still_exists_keeps_the_plain_refusal(
    make_api: Callable[..., Any], tree: Tree
) -> None:
    reader = make_api("h01.reader", tree.district, "oversight")

    answer = reader.post(f"/api/v1/orgs/{tree.cell}/events", admission())

    assert answer.status_code == 403
    assert answer.get_json()["code"] != "organization_ended"
