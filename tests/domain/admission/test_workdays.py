"""The working-day calendar, checked day by day against the government's announcements.

Sources of each year's days off (public copies of the announcements):
* Tết 2023, 20-26 Jan: the Deputy Prime Minister's approval of the Ministry of Labour's proposal
  ("nghỉ Tết Âm lịch từ ngày 20/1/2023 đến hết ngày 26/1/2023", pld.net.vn).
* Tết 2024, 8-14 Feb (Thu-Wed; 8 and 14 Feb moved from the weekend days of Tết): the announced
  schedule, also quoted in the holidays package's review (vacanza/holidays PR #2025).
* 30 April 2024: 29 April off, Saturday 4 May worked (Official Dispatch 2450/VPCP-KGVX of 2024).
* Tết 2025, 25 Jan-2 Feb (9 days: 5 official days and 2 weekends): Văn phòng Chính phủ
  8726/VPCP-KGVX of 26/11/2024; 30 April 2025: 2 May off, Saturday 26 April worked (same letter).
* 2026: New Year 1-4 Jan, 2 Jan swapped with Saturday 10 Jan (12729/VPCP-KGVX of 25/12/2025);
  Tết 16-20 Feb, 9 days with the weekends 14-22 Feb (vnanet.vn, congan.com.vn); Hùng Kings day
  on Sunday 26 April, off on Monday 27 April (thanhnien.vn, 23/2/2026); Vietnam Cultural Day
  24 Nov, a paid holiday from 2026 (the Politburo's decision, baophutho.vn, baogialai.com.vn).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.admission.workdays import (
    WorkCalendar,
    add_working_days,
    count_working_days,
    is_working_day,
)

DAYS_OFF = {
    "Tết 2020 (23-29 Jan)": [
        date(2020, 1, 23),
        date(2020, 1, 24),
        date(2020, 1, 27),
        date(2020, 1, 28),
        date(2020, 1, 29),
    ],
    "Tết 2023 (20-26 Jan)": [
        date(2023, 1, 20),
        date(2023, 1, 23),
        date(2023, 1, 24),
        date(2023, 1, 25),
        date(2023, 1, 26),
    ],
    "Tết 2024 (8-14 Feb)": [
        date(2024, 2, 8),
        date(2024, 2, 9),
        date(2024, 2, 12),
        date(2024, 2, 13),
        date(2024, 2, 14),
    ],
    "Tết 2025 (25 Jan-2 Feb)": [
        date(2025, 1, 27),
        date(2025, 1, 28),
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
    ],
    "Tết 2026 (14-22 Feb)": [
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
    ],
    "Hùng Kings 2024": [date(2024, 4, 18)],
    "Hùng Kings 2025": [date(2025, 4, 7)],
    "Hùng Kings 2026 (Sunday, off Monday)": [date(2026, 4, 27)],
    "30/4-1/5 2024 with the swapped Monday": [
        date(2024, 4, 29),
        date(2024, 4, 30),
        date(2024, 5, 1),
    ],
    "30/4-1/5 2025 with the swapped Friday": [
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
    ],
    "National Day 2024": [date(2024, 9, 2), date(2024, 9, 3)],
    "National Day 2025": [date(2025, 9, 1), date(2025, 9, 2)],
    "New Year 2026 with the swapped Friday": [date(2026, 1, 1), date(2026, 1, 2)],
    "Vietnam Cultural Day 2026": [date(2026, 11, 24)],
}
WORKING = {
    "around Tết 2023": [date(2023, 1, 19), date(2023, 1, 27)],
    "around Tết 2024": [date(2024, 2, 7), date(2024, 2, 15)],
    "around Tết 2025": [date(2025, 1, 24), date(2025, 2, 3)],
    "around Tết 2026": [date(2026, 2, 13), date(2026, 2, 23)],
    "Saturday 4 May 2024, worked for 29 April": [date(2024, 5, 4)],
    "Saturday 26 April 2025, worked for 2 May": [date(2025, 4, 26)],
    "Saturday 10 January 2026, worked for 2 January": [date(2026, 1, 10)],
}


@pytest.mark.parametrize("days", DAYS_OFF.values(), ids=DAYS_OFF.keys())
def test_announced_days_off_are_not_working_days(days: list[date]) -> None:
    assert [d for d in days if is_working_day(d)] == []


@pytest.mark.parametrize("days", WORKING.values(), ids=WORKING.keys())
def test_announced_working_days_are_working_days(days: list[date]) -> None:
    assert [d for d in days if not is_working_day(d)] == []


def test_ordinary_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2024, 3, 9))
    assert not is_working_day(date(2024, 3, 10))


def test_the_package_alone_misses_the_2026_new_year_swap() -> None:
    bare = WorkCalendar(extra_days_off={}, extra_workdays={})

    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_adding_working_days_skips_tet() -> None:
    assert add_working_days(date(2024, 2, 7), 1) == date(2024, 2, 15)
    # 60 working days from 2 January 2025 lose the 5 days of Tết: 3 April, not 27 March.
    assert add_working_days(date(2025, 1, 2), 60) == date(2025, 4, 3)


def test_adding_zero_working_days_is_the_same_day() -> None:
    assert add_working_days(date(2024, 2, 10), 0) == date(2024, 2, 10)


def test_counting_working_days_is_the_inverse_of_adding() -> None:
    start = date(2024, 1, 5)

    assert count_working_days(start, add_working_days(start, 60)) == 60
    assert count_working_days(date(2024, 2, 7), date(2024, 2, 15)) == 1
    assert count_working_days(date(2024, 2, 15), date(2024, 2, 7)) == -1


def test_days_off_of_a_year_are_listed_with_their_names() -> None:
    days = WorkCalendar().days_off(2026)

    assert date(2026, 1, 2) in days
    assert date(2026, 2, 17) in days
    assert all(d.weekday() < 5 for d in days)
