"""The split form and the merge of several organizations, in headless Chromium at 1400 px and
390 px: filled as an officer would (dd/mm/yyyy), previewed (nothing stored), confirmed, and
no page of the way scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.roll.values import OrgKind
from services.registry import Registry
from tests import writes
from tests.browser.test_browser_fit import open_tab, sign_in
from tests.services.structure.conftest import admit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (1400, 390)
THIRD = "T01.H01.DU01.CB03"
NEW = "T01.H01.DU01.CB07"


@pytest.fixture
def peopled(registry: Registry, province: Any, make_profile: Callable[..., Any]) -> Any:
    """Three members in the first cell, two in the second, one in a third cell."""
    writes.found_organization(
        registry, THIRD, "Chi bộ thôn Ba", OrgKind.CELL, province.committee, date(2000, 1, 1), "t"
    )
    for org, count in ((province.cell, 3), (province.other_cell, 2), (THIRD, 1)):
        for _ in range(count):
            admit(registry, org, make_profile(), date(2023, 3, 2))
    return province


def sideways(tab: Any) -> int:
    """How far the page reaches past the window's right edge (0: it fits). Every click that
    leaves a page is awaited with expect_navigation first: asked mid-navigation, the document
    has no scrolling element yet."""
    width: int = tab.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    return width


@pytest.mark.parametrize("width", WIDTHS)
def test_a_split_is_filled_previewed_and_confirmed_without_sideways_scroll(
    chromium: Any,
    server: str,
    people: Callable[[str, str, str], None],
    peopled: Any,
    registry: Registry,
    width: int,
) -> None:
    people("xa.canbo", peopled.committee, "officer")
    tab = open_tab(chromium, width)
    sign_in(tab, server, "xa.canbo")
    tab.goto(f"{server}/orgs/{peopled.cell}/reorganize")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Chia tách tổ chức này").click()
    form_overflow = sideways(tab)

    tab.fill("#s-on", "01/07/2025")
    tab.fill("#s-new_code_1", NEW)
    tab.fill("#s-new_name_1", "Chi bộ thôn Bắc")
    tab.select_option("#s-default", "new:1")
    first = tab.locator("table.split-members select").first
    first.select_option(peopled.other_cell)
    before = registry.max_position()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Xem trước").click()
    preview = tab.locator("main").inner_text()
    preview_overflow = sideways(tab)
    assert registry.max_position() == before
    with tab.expect_navigation():
        tab.get_by_role("button", name="Xác nhận và ghi").click()

    assert (form_overflow, preview_overflow) == (0, 0)
    assert "Chi bộ thôn Bắc" in preview and "trước 6 = sau 6" in " ".join(preview.split())
    assert "Đã ghi quyết định sắp xếp tổ chức." in tab.content()
    assert len(registry.get_organization(NEW).roll_after_reorganization(date(2025, 7, 1))) == 2


@pytest.mark.parametrize("width", WIDTHS)
def test_several_cells_are_merged_at_once_without_sideways_scroll(
    chromium: Any,
    server: str,
    people: Callable[[str, str, str], None],
    peopled: Any,
    registry: Registry,
    width: int,
) -> None:
    people("xa.canbo", peopled.committee, "officer")
    tab = open_tab(chromium, width)
    sign_in(tab, server, "xa.canbo")
    tab.goto(f"{server}/orgs/{peopled.cell}/reorganize")
    form_overflow = sideways(tab)

    tab.select_option("#r-kind", "merge")
    tab.select_option("#r-target", peopled.other_cell)
    tab.select_option("#r-sources", [THIRD])
    tab.fill("#r-on", "01/07/2025")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Xem trước").click()
    preview = " ".join(tab.locator("main").inner_text().split())
    preview_overflow = sideways(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Xác nhận và ghi").click()

    assert (form_overflow, preview_overflow) == (0, 0)
    assert "trước 6 = sau 6" in preview
    assert registry.get_organization(THIRD).ended_on == date(2025, 7, 1)
    assert (
        len(
            registry.get_organization(peopled.other_cell).roll_after_reorganization(
                date(2025, 7, 1)
            )
        )
        == 6
    )
