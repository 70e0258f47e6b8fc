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


@dataclass(frozen=True)
class Frame:
    """The plotting area of a chart `width` wide, for `count` labels and values up to `top`."""

    width: int
    count: int
    top: float

    @property
    def ymax(self) -> int:
        return 4 * tick_step(self.top)

    @property
    def step(self) -> float:
        return (self.width - LEFT - RIGHT) / max(self.count, 1)

    def x(self, index: float) -> float:
        return LEFT + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        plot = HEIGHT - TOP - BOTTOM
        return TOP + plot - plot * (value / self.ymax)

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
        value = frame.ymax * i // 4
        y = frame.y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{frame.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" '
            f'text-anchor="end">{value:,}</text>'
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
    title: str, labels: Sequence[str], series: Sequence[Series], width: int = 1160
) -> Markup:
    """Lines over time (e.g. the roll month by month); the first series is drawn on top."""
    top = max((v for s in series for v in s.values), default=0)
    frame = Frame(width, len(labels), top * 1.05)
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
    frame = Frame(width, len(labels), max(series.values, default=0) * 1.1)
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


def share_bars(title: str, items: Sequence[tuple[str, float, str]], width: int = 560) -> Markup:
    """Horizontal bars of percentages: (name, percent, shown text) per row."""
    row_h, label_w, text_w = 28, 170, 84
    height = 8 + row_h * len(items)
    bar_w = width - label_w - text_w
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (name, percent, text) in enumerate(items):
        y = 4 + row_h * i
        length = bar_w * max(0.0, min(percent, 100.0)) / 100
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" class="tick" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" class="track"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="16" '
            f'fill="{COLORS[1]}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" class="value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(series: Sequence[Series]) -> str:
    parts = []
    x = LEFT + 4
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{TOP - 22}" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{x + 17}" y="{TOP - 12}" class="legend">{escape(s.name)}</text>'
        )
        x += 30 + 8 * len(s.name)
    return "".join(parts)
