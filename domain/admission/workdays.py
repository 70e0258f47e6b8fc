"""Working days (ngày làm việc) under the Vietnamese public-holiday calendar.

The statutory deadlines of the admission procedure are counted in working days of state
bodies: Monday to Friday, minus public holidays (Labour Code 2019 art. 112: New Year, five
days of lunar Tết, Hùng Kings day, 30 April, 1 May, National Day and the day next to it,
and from 2026 Vietnam Cultural Day on 24 November), minus the days the government adds by
swapping a working day with a Saturday, which then becomes a working day.

The `holidays` package (vacanza/holidays) computes the lunar dates, the compensatory days
for holidays falling on a weekend and the swaps it knows of. Its calendar was checked
against the government's announcements for 2023-2026 (see tests/domain/admission/test_workdays.py,
which pins each checked day). It does not know of one swap, added here:

* 2026: Friday 2 January off, Saturday 10 January worked instead (Văn phòng Chính phủ,
  công văn 12729/VPCP-KGVX of 25 December 2025: "nghỉ 4 ngày liên tục từ thứ Năm 1/1/2026
  đến hết Chủ nhật 4/1/2026; hoán đổi ngày làm việc thứ Sáu 2/1/2026 sang thứ Bảy 10/1/2026").

Swaps are announced every year, usually a few months ahead: add the next ones to
`EXTRA_DAYS_OFF` and `EXTRA_WORKDAYS` when they are announced, if the package has not
caught up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Day off -> what the government announced.
EXTRA_DAYS_OFF: Mapping[date, str] = {
    date(2026, 1, 2): "Tết Dương lịch, hoán đổi sang thứ Bảy 10/1/2026 (12729/VPCP-KGVX)",
}
# Saturday worked instead -> what the government announced.
EXTRA_WORKDAYS: Mapping[date, str] = {
    date(2026, 1, 10): "làm bù cho thứ Sáu 2/1/2026 (12729/VPCP-KGVX)",
}
SATURDAY = 5


class WorkCalendar:
    """Which days are working days for state bodies, and counting with them."""

    def __init__(
        self,
        extra_days_off: Mapping[date, str] | None = None,
        extra_workdays: Mapping[date, str] | None = None,
    ) -> None:
        self.extra_days_off = dict(EXTRA_DAYS_OFF if extra_days_off is None else extra_days_off)
        self.extra_workdays = dict(EXTRA_WORKDAYS if extra_workdays is None else extra_workdays)
        self._years: dict[int, holidays.HolidayBase] = {}

    def _holidays(self, year: int) -> holidays.HolidayBase:
        if year not in self._years:
            self._years[year] = holidays.country_holidays("VN", years=year, language="vi")
        return self._years[year]

    def days_off(self, year: int) -> dict[date, str]:
        """Public holidays and days off of a year on weekdays, with their names."""
        named = {d: str(n) for d, n in self._holidays(year).items() if d.weekday() < SATURDAY}
        named.update({d: n for d, n in self.extra_days_off.items() if d.year == year})
        for worked in self.extra_workdays:
            named.pop(worked, None)
        return dict(sorted(named.items()))

    def is_working_day(self, day: date) -> bool:
        """Monday-Friday except holidays, plus the Saturdays worked instead of a swapped day."""
        if day in self.extra_workdays:
            return True
        if day in self.extra_days_off:
            return False
        calendar = self._holidays(day.year)
        if day.weekday() >= SATURDAY:
            return day in calendar.weekend_workdays
        return day not in calendar

    def add(self, start: date, working_days: int) -> date:
        """The `working_days`-th working day after `start` ("within N working days of start")."""
        if working_days < 0:
            raise ValueError("working_days must be zero or more")
        day, left = start, working_days
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def count(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.count(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(n))
        )


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar with the package's holidays and the swaps listed above."""
    return WorkCalendar()


def is_working_day(day: date) -> bool:
    return default_calendar().is_working_day(day)


def add_working_days(start: date, working_days: int) -> date:
    """The due date of "within `working_days` working days of `start`"."""
    return default_calendar().add(start, working_days)


def count_working_days(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    return default_calendar().count(start, end)
