"""The contract of issue 12 as a table: each figure now, beside its baseline of the same run, its
target (must) and goal, and whether it meets them (bench/contract.py measures)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.recorded import Recorded


@dataclass(frozen=True)
class Bound:
    """A row's target (must) and goal; `higher` says which way is better."""

    target: float | None  # None: the contract sets a goal only
    goal: float
    higher: bool
    unit: str  # "/s", "x", "ms", "s", "lost"

    def show(self, value: float | None) -> str:
        return "-" if value is None else show(value, self.unit)


def show(value: float, unit: str) -> str:
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "x":
        return f"{value:.2g}x" if value < 10 else f"{value:.0f}x"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 10 else f"{value:,.0f} ms"
    if unit == "s":
        return duration(value)
    return f"{value:,.0f} {unit}"


def duration(seconds: float) -> str:
    """ "2 min 16 s" from two minutes on, "32.7 s" below; whole figures without decimals."""
    if seconds < 120:
        return f"{seconds:.0f} s" if seconds == int(seconds) else f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


IMPORT_ATTACHED = Bound(5_000, 10_000, True, "/s")
# "flat with scale": the long file's rate at least 0.9 of the short one's (a reading of the goal).
IMPORT_FLAT = Bound(None, 0.9, True, "x")
IMPORT_DETACHED = Bound(10_000, 20_000, True, "/s")
REBUILD = Bound(15_000, 30_000, True, "/s")
DEMO = Bound(60, 20, False, "s")
REFORM = Bound(120, 30, False, "s")
READ_VS_BARE = Bound(0.5, 0.7, True, "x")
READ_P99 = Bound(100, 50, False, "ms")
ADMISSIONS = Bound(300, 1_000, True, "/s")
LOST = Bound(0, 0, False, "lost")
ROLLUP_P99 = Bound(2, 1, False, "ms")
VS_CRUD = Bound(2, 1, False, "x")
MAKE_TEST = Bound(8 * 60, 5 * 60, False, "s")


def judge(value: float | None, bound: Bound) -> str:
    """ "goal met", "target met" or "**missed**"; "not measured" without a figure."""
    if value is None or math.isnan(value):
        return "not measured"

    def meets(limit: float) -> bool:
        return value >= limit if bound.higher else value <= limit

    if meets(bound.goal):
        return "goal met"
    if bound.target is None:
        return "goal missed"
    return "target met" if meets(bound.target) else "**missed**"


@dataclass(frozen=True)
class Row:
    figure: str
    database: str
    bound: Bound
    value: float | None  # the figure judged against the bound
    now: str  # as shown, with the CPU-seconds rate where there is one
    baseline: str = "-"
    ratio: str = "-"
    recorded: Recorded | None = None  # shown from its latest recorded measurement

    def status(self) -> str:
        found = judge(self.value, self.bound)
        if self.recorded is not None and not self.recorded.full_scale and "met" in found:
            return f"{found} at a reduced scale only"
        return found

    def cells(self) -> list[object]:
        now = self.now
        if self.recorded is not None:
            now = f"{now}, recorded {self.recorded.date}"
        return [
            self.figure,
            self.database,
            now,
            self.baseline,
            self.ratio,
            self.bound.show(self.bound.target),
            self.bound.show(self.bound.goal),
            self.status(),
        ]


def from_recorded(
    figure: str, database: str, bound: Bound, entry: Recorded | None, wanted: str
) -> Row:
    """A row shown from the latest recorded measurement; without one, "not measured"."""
    if entry is None:
        return Row(figure, database, bound, None, f"no recorded measurement ({wanted})")
    return Row(figure, database, bound, entry.seconds, duration(entry.seconds), recorded=entry)


HEADERS = [
    "figure",
    "database",
    "now",
    "baseline in the same run",
    "ratio",
    "target (must)",
    "goal",
    "met / missed",
]
