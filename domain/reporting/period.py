"""A report period (kỳ báo cáo) and the structure a form is compiled under.

The basic statistics (thống kê cơ bản, HD 11-HD/BTCTW) are reported for the first half-year
(6 tháng đầu năm, to 30 June), the year (to 31 December), or any span an organization board
asks for. A period is a closed span of days: its figures count what happened from `start` to
`end`, both included, and its stock figures are read at the end of `end`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.errors import InvalidValue

EARLIEST_YEAR = 1930  # the Party's founding; no period starts before it


class PeriodKind(StrEnum):
    FIRST_HALF = "first_half"  # 6 tháng đầu năm
    YEAR = "year"  # cả năm
    SPAN = "span"  # any two days


class Structure(StrEnum):
    """Which tree a form is compiled under (cơ cấu tổ chức)."""

    AS_STRUCTURED = "as_structured"  # the tree as it stood at the period's end
    RESTATED = "restated"  # the period's figures carried onto today's tree


@dataclass(frozen=True, order=True)
class Period:
    """A closed span of days, `start` to `end` included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.SPAN

    def __post_init__(self) -> None:
        if self.start.year < EARLIEST_YEAR:
            raise InvalidValue("period.start", f"must be in {EARLIEST_YEAR} or later")
        if self.end < self.start:
            raise InvalidValue("period.end", "must be on or after the period's start")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def first_half(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 6, 30), PeriodKind.FIRST_HALF)

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2024` (the year), `2025-H1` (its first half) or `2024-01-01..2024-03-31`."""
        text = text.strip()
        if m := re.fullmatch(r"(\d{4})", text):
            return cls.year(int(m.group(1)))
        if m := re.fullmatch(r"(\d{4})-[Hh]1", text):
            return cls.first_half(int(m.group(1)))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            try:
                start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
            except ValueError:
                raise InvalidValue("period", "has a day that does not exist") from None
            return cls(start, end)
        raise InvalidValue(
            "period",
            "must be a year (2024), a first half (2025-H1) or two days (2024-01-01..2024-03-31)",
        )

    @property
    def key(self) -> str:
        """The period's name in URLs and stored events; `parse(key)` gives it back."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind is PeriodKind.FIRST_HALF:
            return f"{self.start.year}-H1"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def brought_forward_on(self) -> date:
        """The day whose end gives the stock brought forward (số đầu kỳ): the eve of `start`."""
        return self.start - timedelta(days=1)

    def same_period_last_year(self) -> Period:
        """The comparison column (cùng kỳ năm trước); 29 February falls back to the 28th."""
        return Period(_year_earlier(self.start), _year_earlier(self.end), self.kind)

    def next(self) -> Period:
        """The period whose brought-forward is this one's end: the following span of its kind."""
        if self.kind is PeriodKind.YEAR:
            return Period.year(self.start.year + 1)
        if self.kind is PeriodKind.FIRST_HALF:
            return Period(date(self.start.year, 7, 1), date(self.start.year, 12, 31))
        length = self.end - self.start
        start = self.end + timedelta(days=1)
        return Period(start, start + length)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
