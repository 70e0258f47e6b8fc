"""The search box in the header, in headless Chromium at 390 px and at 1400 px: it fits the
header without making the page scroll sideways, and a name typed without diacritics finds the
organization on the results page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.test_browser_fit import PASSWORD, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("width", (390, 1400))
def test_the_search_box_fits_the_header_and_finds_without_diacritics(
    chromium: Any, server: str, province: Any, people: Callable[..., None], width: int
) -> None:
    people("tinh.officer", province.province, "officer")
    page = open_tab(chromium, width)
    page.goto(server + "/")
    page.get_by_label("Tên đăng nhập").fill("tinh.officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    home_width = page.evaluate("document.scrollingElement.scrollWidth")

    box = page.get_by_role("searchbox", name="Tìm tổ chức, đảng viên")
    box.fill("xa an")
    box.press("Enter")
    page.wait_for_load_state()
    found = page.locator("#found-orgs li").all_inner_texts()
    results_width = page.evaluate("document.scrollingElement.scrollWidth")
    page.context.close()

    assert home_width <= width and results_width <= width
    assert len(found) == 1 and "Đảng bộ xã An" in found[0] and province.committee in found[0]
