"""One territory on two days, for the dashboard (so sánh cùng địa bàn).

Since the 2025 reform the organizations of 2021 are not those of today: a commune's figure of
2021 exists only restated, its members of that day counted for the organizations that carry
theirs on. The dashboard shows that restated past beside the figures of the day it describes,
both on that day's structure, and next to them the past day as it was structured then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.errors import InvalidValue, NotFound
from projections.results import RollupNode
from web import reads
from web.api.fields import MIN_DAY
from web.pages.context import OrgInfo, arg_date, queries

YEARS_BACK = 5  # a congress term: the comparison a committee's report makes
PARAM = "compare_with"


@dataclass(frozen=True)
class Line:
    """One organization of the day shown: its members on the past day (restated) and on that day."""

    code: str
    name: str
    kind: str
    then: int
    now: int

    @property
    def change(self) -> int:
        return self.now - self.then


@dataclass(frozen=True)
class Territory:
    past: date
    present: date
    total: Line
    lines: list[Line]
    structured: (
        RollupNode | None
    )  # the past day's roll-up as structured then; None: not founded yet
    chosen: bool  # the person picked the past day (else the default)

    @property
    def latest_past(self) -> date:
        """The last day the picker offers: the day before the one shown."""
        return self.present - timedelta(days=1)


def default_past(present: date) -> date:
    """The same day five years earlier (29 February gives the 28th)."""
    year = present.year - YEARS_BACK
    try:
        return present.replace(year=year)
    except ValueError:
        return date(year, present.month, 28)


def past_day(present: date) -> tuple[date, bool]:
    """The day asked for in `compare_with` if it lies before `present`, else the default."""
    chosen = arg_date(PARAM, allow_future=True)  # on or after `present`: the default below
    if chosen is None or not MIN_DAY <= chosen < present:
        return default_past(present), False
    return chosen, True


def compare(info: OrgInfo, present: date, known_at: datetime | None) -> Territory | None:
    """The comparison for the organization's children on `present` (None if it did not exist)."""
    if not info.exists_on(present):
        return None
    past, chosen = past_day(present)
    q = queries()
    try:
        restated = reads.restated(info.code, past, present, known_at=known_at, depth=1)
    except (InvalidValue, NotFound):
        return None  # no such structure, or that past was someone else's
    now = {child.code: child for child in restated.now.children}
    lines = [_line(child, now[child.code]) for child in restated.then.children]
    structured = None
    if info.exists_on(past) and reads.reach().covers(info.code, past):
        structured = q.rollup(info.code, as_of=past, known_at=known_at, depth=1)
    return Territory(past, present, _line(restated.then, restated.now), lines, structured, chosen)


def _line(then: RollupNode, now: RollupNode) -> Line:
    return Line(now.code, now.name, now.kind, int(then.total), int(now.total))
