"""What an official sees, in headless Chromium at 1400 px and at 390 px: no page scrolls
sideways, no figure is clipped by the table beside it, chart labels are whole, and date boxes
read dd/mm/yyyy whatever the browser's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.roll.values import OrgKind
from services.roll.commands import Decision
from services.structure import reorganization as reorg
from tests import writes

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "mật-khẩu-trình-duyệt"
WIDTHS = (1400, 390)
PAGES_PER_PERSON = 25
# Each value-axis tick label's width against the axis's own width ("14.200" not "4.200").
TICKS = """c => {
  const chart = Chart.getChart(c);
  const axis = chart.options.indexAxis === 'y' ? chart.scales.x : chart.scales.y;
  const ctx = c.getContext('2d');
  ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
  const labels = axis.ticks.map(t => t.label);
  const widest = Math.max(...labels.map(l => ctx.measureText(l).width));
  return {labels, widest, left: axis.left, min: axis.min, room: chart.options.indexAxis === 'y'
          ? c.clientWidth : axis.width, format: axis.options.ticks.callback(14200)};
}"""


def open_tab(chromium: Any, width: int, locale: str = "vi-VN") -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=locale)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def sign_in(page: Any, server: str, name: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def shape(path: str) -> str:
    """One visit per kind of page: ids and organization codes do not make a new kind."""
    bare, _, query = path.partition("?")
    bare = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "ID", bare)
    bare = re.sub(r"/orgs/[^/]+", "/orgs/X", bare)
    return bare + "?" + ",".join(sorted(p.split("=")[0] for p in query.split("&") if p))


def crawl(page: Any, server: str, limit: int) -> dict[str, int]:
    """The pages reachable from the person's home by their links: path -> document width."""
    queue, shapes, widths = [page.url.removeprefix(server)], set(), {}
    while queue and len(widths) < limit:
        path = queue.pop(0)
        if shape(path) in shapes:
            continue
        shapes.add(shape(path))
        answer = page.goto(server + path)
        if answer is None or answer.status != 200 or "html" not in answer.headers["content-type"]:
            continue
        widths[path] = page.evaluate("document.scrollingElement.scrollWidth")
        # Files (the exports, a report's XLSX and PDF) are downloads, not pages to measure.
        links = page.eval_on_selector_all(
            "a[href^='/']:not([download])", "a => a.map(e => e.getAttribute('href'))"
        )
        queue += [
            h
            for h in links
            if not h.startswith(("/logout", "/lang", "/assets")) and "/export" not in h
        ]
    return widths


@pytest.fixture
def world(
    registry: Any,
    province: Any,
    clock: Any,
    history: Callable[[], None],
    people: Callable[..., None],
) -> Any:
    """Two years of admissions, then the 2025 reform (a committee merged into a new commune),
    and one person of each kind."""
    history()
    clock.advance(hours=1)
    decision = Decision("12-QĐ/TU", date(2025, 6, 20), province.province)
    new = reorg.NewOrganization(
        "T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, province.province
    )
    writes.merge(
        registry, [province.committee], "T01.X01", date(2025, 7, 1), decision, "tinh", found=new
    )
    people("tinh.oversight", province.province, "oversight")
    people("xa.officer", "T01.X01", "officer")
    people("chibo.clerk", province.cell, "clerk")
    people("tinh.auditor", province.province, "auditor")
    return province


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(chromium: Any, server: str, world: Any, width: int) -> None:
    too_wide: dict[str, int] = {}
    visited = 0
    for person in ("tinh.oversight", "xa.officer", "chibo.clerk", "tinh.auditor"):
        page = open_tab(chromium, width)
        sign_in(page, server, person)
        widths = crawl(page, server, PAGES_PER_PERSON)
        visited += len(widths)
        too_wide |= {path: w for path, w in widths.items() if w > width}
        page.context.close()

    assert visited >= 20
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_change_column_and_the_chart_labels_are_never_cut(
    chromium: Any, server: str, world: Any, width: int, screenshots: Path
) -> None:
    page = open_tab(chromium, width)
    sign_in(page, server, "tinh.oversight")
    page.get_by_label("So với ngày").fill("30/06/2025")
    with page.expect_navigation():  # the counts below do not wait for the new page
        page.get_by_role("button", name="So sánh", exact=True).click()

    box = page.locator("#restated").locator("xpath=..")
    if width >= 1000:  # on a desktop the whole table shows, the change column included
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
    # Each figure is whole in its cell (nothing hidden under the next table).
    cells = page.locator("#restated td.delta")
    assert cells.count() >= 2
    assert all(
        cells.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth") for i in range(cells.count())
    )
    assert cells.first.inner_text() == "+9"
    # Tick labels fit inside their axis (Chart.js sizes it to them): "2.300" is not "300".
    page.wait_for_function("document.querySelectorAll('figure.chart.drawn').length === 3")
    axes = page.eval_on_selector_all("figure.chart canvas", f"cs => cs.map({TICKS})")
    assert len(axes) == 3
    assert all(axis["left"] >= 0 and axis["widest"] <= axis["room"] for axis in axes), axes
    page.locator("#so-sanh").screenshot(path=str(screenshots / f"same-territory-{width}.png"))
    page.context.close()


def test_date_boxes_read_day_first_in_an_english_browser(
    chromium: Any, server: str, world: Any
) -> None:
    page = open_tab(chromium, 1400, locale="en-US")
    sign_in(page, server, "tinh.oversight")

    page.get_by_label("Số liệu đến ngày").fill("05/10/2025")
    with page.expect_navigation():  # page.url is read at once, not waited for
        page.get_by_role("button", name="Xem", exact=True).click()

    assert "as_of=05%2F10%2F2025" in page.url or "as_of=05/10/2025" in page.url
    assert page.locator("#as_of").input_value() == "05/10/2025"
    assert "05/10/2025" in page.locator("main").inner_text()  # 5 October, not 10 May
    assert page.locator('input[type="date"], input[type="datetime-local"]').count() == 0
    page.context.close()
