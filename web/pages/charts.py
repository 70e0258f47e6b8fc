"""The figures of a dashboard chart (biểu đồ), as the page hands them to Chart.js.

The server does not draw: it writes each chart's figures as JSON beside a `<canvas>`, and
`web/static/charts.js` draws them with the vendored Chart.js (`web/static/vendor/chartjs/`),
served from the package so that a province needs no outside network. Every value travels
with its text as the page writes it (`web.translations.formats`: "14.200", "12 (34,5%)") and
every position with its full title (a day as dd/mm/yyyy), so a tooltip gives the exact figure
in the page's conventions. The same records fill the table beside each chart, which is what
a screen reader, a printout or a browser without JavaScript reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

COLORS = ("#b71c1c", "#1565c0", "#ef6c00", "#2e7d32")
Kind = Literal["line", "bar", "share"]


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: a name, one value per position, and each value's text."""

    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]
    color: str = COLORS[0]

    def __post_init__(self) -> None:
        if len(self.values) != len(self.texts):
            raise ValueError(f"{self.name}: {len(self.values)} values, {len(self.texts)} texts")


@dataclass(frozen=True)
class Row:
    """One line of the table beside a chart: the position's title and each series' text."""

    title: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's figures: `labels` under the axis (short, "10/26"), `titles` in the tooltip
    (whole, "31/10/2026"). `line` and `bar` run over time; `share` is horizontal bars of
    percentages (0-100). `zoom` lets a line's axis start near its lowest value, so that small
    changes show."""

    kind: Kind
    title: str
    labels: tuple[str, ...]
    titles: tuple[str, ...]
    series: tuple[Series, ...]
    zoom: bool = False

    def __post_init__(self) -> None:
        if len(self.titles) != len(self.labels):
            raise ValueError(f"{self.title}: {len(self.labels)} labels, {len(self.titles)} titles")
        for each in self.series:
            if len(each.values) != len(self.labels):
                raise ValueError(f"{self.title}: {each.name} has {len(each.values)} values")

    def config(self) -> dict[str, object]:
        """What `charts.js` reads (the template writes it with `tojson`, safe inside HTML)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "labels": list(self.labels),
            "titles": list(self.titles),
            "zoom": self.zoom,
            "series": [
                {"name": s.name, "values": list(s.values), "texts": list(s.texts), "color": s.color}
                for s in self.series
            ],
        }

    def rows(self) -> list[Row]:
        """The table beside the chart, one row per position."""
        return [
            Row(title, tuple(s.texts[i] for s in self.series))
            for i, title in enumerate(self.titles)
        ]


def over_time(
    kind: Kind,
    title: str,
    labels: Sequence[str],
    titles: Sequence[str],
    series: Sequence[Series],
    zoom: bool = False,
) -> Chart:
    """A line or bar chart over the same positions (e.g. month ends)."""
    return Chart(kind, title, tuple(labels), tuple(titles), tuple(series), zoom)


def shares(title: str, names: Sequence[str], series: Sequence[Series]) -> Chart:
    """Horizontal bars of percentages, one group per name (e.g. women, ethnic minorities)."""
    return Chart("share", title, tuple(names), tuple(names), tuple(series))
