"""Small SVG charts drawn on the server: no JavaScript, no library, readable when printed.

Each chart is an `<svg role="img">` with a title; the page shows the same figures in a table
beside it for screen readers and for copying. The view box is about the size the chart is
shown at (`width`), so that its text keeps the page's size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from flask import has_request_context
from markupsafe import Markup

HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 30, 30
COLORS = ("#b71c1c", "#1565c0", "#ef6c00", "#2e7d32")


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: a name and one value per label."""

    name: str
    values: Sequence[float]
    color: str = COLORS[0]


def tick_step(top: float) -> int:
    """A whole step of 1, 2 or 5 times a power of ten, so that four steps reach `top`."""
    rough = max(top, 1) / 4
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return max(1, int(factor * power))
    return int(10 * power)


def tick_label(value: int) -> str:
    """A tick in the page's language: 14.200 in Vietnamese, 14,200 in English."""
    if has_request_context():
        from web.pages.i18n import number

        return number(value)
    return f"{value:,}"


@dataclass(frozen=True)
class Frame:
    """The plotting area of a chart `width` wide, for `count` labels, values from `ymin` up to
    `ymax` in four whole steps."""

    width: int
    count: int
    ymin: int
    ymax: int

    @classmethod
    def from_zero(cls, width: int, count: int, top: float) -> Frame:
        return cls(width, count, 0, 4 * tick_step(top))

    @classmethod
    def around(cls, width: int, count: int, low: float, high: float) -> Frame:
        """An axis that starts near the lowest value, so that small changes show."""
        step = tick_step(max(high - low, 4) * 1.1)
        for _ in range(4):
            floor = int(low // step) * step
            if floor + 4 * step >= high:
                break
            step = tick_step((high - floor) * 1.05)
        floor = int(low // step) * step
        return cls(width, count, floor, floor + 4 * step)

    @property
    def left(self) -> float:
        """Room for the longest tick label (about 7.5 px a digit at 12 px), so that "14.200"
        is never cut at the chart's left edge."""
        widest = max(len(tick_label(self.ymin)), len(tick_label(self.ymax)))
        return max(LEFT, 7.5 * widest + 14)

    @property
    def step(self) -> float:
        return (self.width - self.left - RIGHT) / max(self.count, 1)

    def x(self, index: float) -> float:
        return self.left + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        plot = HEIGHT - TOP - BOTTOM
        return TOP + plot - plot * ((value - self.ymin) / (self.ymax - self.ymin))

    def every(self) -> int:
        """Label every n-th position so that labels never overlap (about 48 px each)."""
        return max(1, math.ceil(48 / self.step))


def _open(frame: Frame, title: str, labels: Sequence[str]) -> list[str]:
    parts = [
        f'<svg class="chart" viewBox="0 0 {frame.width} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = frame.ymin + (frame.ymax - frame.ymin) * i // 4
        y = frame.y(value)
        parts.append(
            f'<line x1="{frame.left:.1f}" x2="{frame.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{frame.left - 6:.1f}" y="{y + 4:.1f}" class="tick" '
            f'text-anchor="end">{tick_label(value)}</text>'
        )
    every = frame.every()
    last = len(labels) - 1
    for i, text in enumerate(labels):
        if (last - i) % every == 0:  # always label the latest position
            parts.append(
                f'<text x="{frame.x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" class="tick" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
    return parts


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 1160,
    zoom: bool = False,
) -> Markup:
    """Lines over time (e.g. the roll month by month); the first series is drawn on top.
    `zoom` starts the axis near the lowest value instead of at zero."""
    values = [v for s in series for v in s.values] or [0]
    if zoom:
        frame = Frame.around(width, len(labels), min(values), max(values))
    else:
        frame = Frame.from_zero(width, len(labels), max(values) * 1.05)
    parts = _open(frame, title, labels)
    for s in reversed(series):
        points = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="2.5" '
            f'stroke-linejoin="round" data-series="{escape(s.name)}"/>'
        )
        if s.values:
            last = len(s.values) - 1
            parts.append(
                f'<circle cx="{frame.x(last):.1f}" cy="{frame.y(s.values[-1]):.1f}" r="3.5" '
                f'fill="{s.color}"/>'
            )
    parts.append(_legend(series))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, labels: Sequence[str], series: Series, width: int = 560) -> Markup:
    """Vertical bars, one per label (e.g. admissions by month), each with its value above."""
    frame = Frame.from_zero(width, len(labels), max(series.values, default=0) * 1.1)
    parts = _open(frame, title, labels)
    bar = frame.step * 0.7
    for i, value in enumerate(series.values):
        if not value:
            continue
        y = frame.y(value)
        parts.append(
            f'<rect x="{frame.x(i) - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{series.color}">'
            f"<title>{escape(labels[i])}: {value:g}</title></rect>"
            f'<text x="{frame.x(i):.1f}" y="{y - 4:.1f}" class="value" '
            f'text-anchor="middle">{value:g}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def share_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[float, str]]]],
    series: Sequence[str],
    width: int = 560,
) -> Markup:
    """Horizontal bars of percentages: per row a name and, per series, (percent, shown text)."""
    label_w, text_w, bar_h = 150, 92, 13
    row_h = 12 + bar_h * len(series)
    top = 26
    height = top + row_h * len(rows) + 4
    bar_w = width - label_w - text_w
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        _legend([Series(name, [], COLORS[1 + k % 3]) for k, name in enumerate(series)], label_w),
    ]
    for i, (name, values) in enumerate(rows):
        y = top + row_h * i
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 4 + bar_h * len(series) / 2 + 4:.1f}" '
            f'class="tick" text-anchor="end">{escape(name)}</text>'
        )
        for k, (percent, text) in enumerate(values):
            length = bar_w * max(0.0, min(percent, 100.0)) / 100
            by = y + 4 + bar_h * k
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{bar_w}" height="{bar_h - 2}" '
                f'class="track"/><rect x="{label_w}" y="{by}" width="{length:.1f}" '
                f'height="{bar_h - 2}" fill="{COLORS[1 + k % 3]}"/>'
                f'<text x="{label_w + bar_w + 6}" y="{by + bar_h - 2}" class="small">'
                f"{escape(text)}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(series: Sequence[Series], left: int = LEFT) -> str:
    parts = []
    x = left + 4
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{TOP - 22}" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{x + 17}" y="{TOP - 12}" class="legend">{escape(s.name)}</text>'
        )
        x += 30 + 8 * len(s.name)
    return "".join(parts)
