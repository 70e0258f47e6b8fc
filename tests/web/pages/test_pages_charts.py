"""The dashboard's charts: figures handed to Chart.js as JSON beside each canvas, every value
with its text as the page writes it, a table beside each chart, and the library served from
the package."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from web.pages import charts

FIGURES = re.compile(
    r'<figure id="(?P<id>chart-[a-z]+)" class="chart">.*?'
    r'<script type="application/json" class="chart-data">(?P<json>.*?)</script>',
    re.DOTALL,
)


@pytest.fixture
def member_id(admit: Callable[..., Any], tree: Any, make_profile: Callable[..., Any]) -> Any:
    """One probationary member on district 1's first cell, admitted on 10/03/2026."""
    return admit(tree.cell, make_profile()).member_id


def figures(page: str) -> dict[str, dict[str, Any]]:
    return {m["id"]: json.loads(m["json"]) for m in FIGURES.finditer(page)}


def month_chart() -> charts.Chart:
    return charts.over_time(
        "line",
        "Số đảng viên theo tháng",
        ["10/26", "11/26"],
        ["31/10/2026", "21/11/2026"],
        [charts.Series("Tổng số", (14199, 14200), ("14.199", "14.200"))],
        zoom=True,
    )


def test_a_chart_hands_each_value_with_its_text_and_its_whole_day() -> None:
    config = month_chart().config()

    assert config["kind"] == "line" and config["zoom"] is True
    assert config["labels"] == ["10/26", "11/26"]
    assert config["titles"] == ["31/10/2026", "21/11/2026"]
    assert config["series"] == [
        {
            "name": "Tổng số",
            "values": [14199, 14200],
            "texts": ["14.199", "14.200"],
            "color": charts.COLORS[0],
        }
    ]


def test_the_table_beside_a_chart_has_a_row_per_position_and_a_text_per_series() -> None:
    chart = charts.shares(
        "Cơ cấu",
        ["Nữ", "Đoàn viên"],
        [
            charts.Series("Kết nạp mới", (50.0, 100.0), ("1 (50,0%)", "2 (100,0%)")),
            charts.Series("Toàn bộ", (25.0, 75.0), ("1 (25,0%)", "3 (75,0%)")),
        ],
    )

    assert chart.kind == "share"
    assert chart.rows() == [
        charts.Row("Nữ", ("1 (50,0%)", "1 (25,0%)")),
        charts.Row("Đoàn viên", ("2 (100,0%)", "3 (75,0%)")),
    ]


def test_a_chart_refuses_figures_that_do_not_line_up() -> None:
    with pytest.raises(ValueError, match="values"):
        charts.over_time(
            "bar", "Kết nạp", ["10/26"], ["31/10/2026"], [charts.Series("K", (1, 2), ("1", "2"))]
        )
    with pytest.raises(ValueError, match="texts"):
        charts.Series("K", (1, 2), ("1",))
    with pytest.raises(ValueError, match="titles"):
        charts.over_time("line", "Tổng số", ["10/26", "11/26"], ["31/10/2026"], [])


def test_the_dashboard_writes_each_charts_figures_the_vietnamese_way(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.district}")
    found = figures(page)

    assert set(found) == {"chart-roll", "chart-admissions", "chart-composition"}
    roll = found["chart-roll"]
    assert roll["kind"] == "line" and roll["series"][0]["name"] == "Tổng số"
    assert roll["titles"][-1] == "21/11/2026" and roll["labels"][-1] == "11/26"
    assert roll["series"][0]["values"][-1] == 1 and roll["series"][0]["texts"][-1] == "1"
    admissions = found["chart-admissions"]["series"][0]
    assert sum(admissions["values"]) == 1  # the one admission of 10/03/2026
    composition = found["chart-composition"]
    assert composition["kind"] == "share" and len(composition["series"]) == 2
    assert all(text.endswith("%)") for text in composition["series"][0]["texts"])
    assert "<svg" not in page.split('id="chart-roll"')[1]  # drawn by Chart.js, not the server
    beside = page.split('id="chart-composition"')[1].split("</figure>")[0]
    assert beside.count("<tr>") == 1 + len(composition["labels"])  # a head, then a row each


def test_the_english_dashboard_writes_its_figures_the_english_way(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    officer.get("/lang/en", next=f"/orgs/{tree.district}")

    roll = figures(officer.text(f"/orgs/{tree.district}"))["chart-roll"]

    assert roll["titles"][-1] == "2026-11-21"
    assert roll["series"][0]["name"] == "Total"


def test_the_charting_library_is_served_from_the_package(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.district}")
    library = officer.get("/assets/vendor/chartjs/chart.umd.min.js")
    drawing = officer.get("/assets/charts.js")

    assert 'src="/assets/vendor/chartjs/chart.umd.min.js"' in page
    assert library.status_code == 200 and b"Chart.js v4.6.2" in library.data
    assert "javascript" in library.content_type
    assert drawing.status_code == 200 and b"new Chart(" in drawing.data
