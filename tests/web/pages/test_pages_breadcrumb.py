"""The breadcrumb of a page on a past day: the organizations above it as they stood that day,
as far up as the reader may read on that day, so an organization that ended in a
reorganization still leads back up; error pages have none."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.web.conftest import Reformed, Tree


def crumbs(page: str) -> list[tuple[str, str]]:
    """(link, name) of each organization in the breadcrumb, top first."""
    found = re.search(r'<nav class="crumbs"[^>]*>(.*?)</nav>', page, re.S)
    if found is None:
        return []
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', found.group(1))


def test_an_ended_organizations_past_page_leads_up_through_its_ancestors_of_that_day(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("tinh.canbo", tree.province, "officer")

    page = officer.text(f"/orgs/{tree.committee}", as_of="2024-06-01")

    assert crumbs(page) == [
        (f"/orgs/{tree.province}?as_of=2024-06-01", "Đảng bộ tỉnh Thử"),
        (f"/orgs/{tree.district}?as_of=2024-06-01", "Đảng bộ huyện Thử"),
    ]


def test_the_ancestors_carry_the_names_they_had_on_the_day(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("tinh.canbo", tree.province, "officer")

    before = officer.text(f"/orgs/{tree.cell}/roll", as_of="2024-01-01")
    after = officer.text(f"/orgs/{tree.cell}/roll", as_of="2024-06-01")

    assert [name for _link, name in crumbs(before)][-1] == "Đảng bộ xã An"
    assert [name for _link, name in crumbs(after)][-1] == "Đảng bộ xã An Mới"


def test_without_a_day_an_ended_organization_leads_up_as_on_its_last_day(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("tinh.canbo", tree.province, "officer")

    page = officer.text(f"/orgs/{tree.committee}")

    assert [name for _link, name in crumbs(page)] == ["Đảng bộ tỉnh Thử", "Đảng bộ huyện Thử"]
    assert crumbs(page)[0][0] == f"/orgs/{tree.province}?as_of=2025-06-30"


def test_an_ancestor_the_reader_may_not_read_is_not_in_the_breadcrumb(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("h01.canbo", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.committee}", as_of="2024-06-01")

    assert [name for _link, name in crumbs(page)] == ["Đảng bộ huyện Thử"]
    assert "Đảng bộ tỉnh Thử" not in page


def test_an_error_page_has_no_breadcrumb(
    browse: Callable[..., Any], tree: Tree, reformed: Reformed
) -> None:
    officer = browse("h01.canbo", tree.district, "officer")

    hidden = officer.get(f"/orgs/{tree.committee2}", as_of="2024-06-01")
    missing = officer.get("/orgs/T01.H09", as_of="2024-06-01")

    assert hidden.status_code == missing.status_code == 404
    assert crumbs(hidden.get_data(as_text=True)) == []
    hidden_page = hidden.get_data(as_text=True).replace(tree.committee2, "T01.H09")
    assert hidden_page == missing.get_data(as_text=True)
