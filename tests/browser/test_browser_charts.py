"""The dashboard's charts in headless Chromium at 1400 px and at 390 px: Chart.js, served from
the package, draws each one inside the page's width; a tooltip gives the exact figure in the
page's conventions; the axis labels are whole; and no request leaves the server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_browser_fit import TICKS, open_tab, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (1400, 390)
CHARTS = ("chart-roll", "chart-admissions", "chart-composition")

# Pixels of the canvas that something was painted on (a blank canvas has none).
PAINTED = """c => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
}"""
# Moves onto the last point of the first series and reads the tooltip Chart.js drew.
POINT = """c => {
  const chart = Chart.getChart(c);
  const points = chart.getDatasetMeta(0).data;
  const p = points[points.length - 1];
  const box = c.getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""
TOOLTIP = """c => {
  const tip = Chart.getChart(c).tooltip;
  return {shown: tip.opacity > 0, title: tip.title, lines: tip.body.flatMap(b => b.lines)};
}"""


@pytest.fixture
def dashboard(
    chromium: Any,
    server: str,
    province: Any,
    history: Callable[[], None],
    people: Callable[..., None],
    clock: Any,
    request: pytest.FixtureRequest,
) -> Iterator[tuple[Any, list[str], list[str]]]:
    """The province's dashboard at the test's width: the tab, every URL it asked for, and
    every script error or refusal of the Content-Security-Policy (the missing favicon's 404
    is neither)."""
    history()
    clock.advance(hours=1)
    people("tinh.oversight", province.province, "oversight")
    tab = open_tab(chromium, request.param)
    asked: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: asked.append(r.url))
    tab.on("console", lambda m: errors.append(m.text) if "Refused" in m.text else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(tab, server, "tinh.oversight")
    tab.wait_for_function("document.querySelectorAll('figure.chart.drawn').length === 3")
    yield tab, asked, errors
    tab.context.close()


@pytest.mark.parametrize("dashboard", WIDTHS, indirect=True)
def test_the_charts_are_drawn_within_the_page_from_this_server_only(
    dashboard: tuple[Any, list[str], list[str]], server: str, screenshots: Path
) -> None:
    tab, asked, errors = dashboard
    width = tab.viewport_size["width"]
    tab.screenshot(path=str(screenshots / f"dashboard-charts-{width}.png"), full_page=True)

    painted = {name: tab.locator(f"#{name} canvas").evaluate(PAINTED) for name in CHARTS}
    boxes = {name: tab.locator(f"#{name} canvas").bounding_box() for name in CHARTS}

    assert all(count > 500 for count in painted.values()), painted
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes.values()), boxes
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= width
    assert any(url.endswith("/vendor/chartjs/chart.umd.min.js") for url in asked)
    assert [url for url in asked if not url.startswith(server + "/")] == []
    assert errors == []


@pytest.mark.parametrize("dashboard", WIDTHS, indirect=True)
def test_the_value_axis_labels_are_whole_and_written_the_vietnamese_way(
    dashboard: tuple[Any, list[str], list[str]],
) -> None:
    tab, _asked, _errors = dashboard

    axes = {name: tab.locator(f"#{name} canvas").evaluate(TICKS) for name in CHARTS}

    for axis in axes.values():
        assert axis["left"] >= 0 and axis["widest"] <= axis["room"], axis
        assert axis["min"] >= 0, axis  # no count below zero, even on the zoomed roll
    assert [axes[name]["format"] for name in CHARTS] == ["14.200", "14.200", "14.200%"]
    assert axes["chart-composition"]["labels"][-1] == "100%"


@pytest.mark.parametrize("dashboard", WIDTHS, indirect=True)
def test_a_tooltip_gives_the_exact_figure_and_the_whole_day(
    dashboard: tuple[Any, list[str], list[str]],
) -> None:
    tab, _asked, _errors = dashboard
    canvas = tab.locator("#chart-roll canvas")
    canvas.scroll_into_view_if_needed()
    point = canvas.evaluate(POINT)

    tab.mouse.move(point["x"], point["y"])
    tab.wait_for_function(
        "Chart.getChart(document.querySelector('#chart-roll canvas')).tooltip.opacity > 0"
    )
    tooltip = canvas.evaluate(TOOLTIP)

    last = tab.locator("#chart-roll + details tbody tr").last
    assert tooltip["shown"]
    assert tooltip["title"] == [last.locator("th").text_content()]  # dd/mm/yyyy, as the table
    assert tooltip["title"][0].count("/") == 2 and len(tooltip["title"][0]) == 10
    assert tooltip["lines"] == [f"Tổng số: {last.locator('td').first.text_content()}"]
