"""Calendar arithmetic of the demo: probation, ages, random days and office-hour timestamps."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

# Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset equals
# Asia/Ho_Chi_Minh without depending on the host's time-zone database.
ICT = timezone(timedelta(hours=7), "ICT")

# Admission ceremonies cluster around Party anniversaries: 3/2 founding, 19/5, 2/9.
_ANNIVERSARIES = ((2, 3), (5, 19), (9, 2))


def age_on(birth: date, on: date) -> int:
    """Full years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day in [first, last]."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def ceremony_day(rng: random.Random, first: date, last: date) -> date:
    """A ceremony day in [first, last], often close to a Party anniversary."""
    if rng.random() < 0.4:
        month, day = rng.choice(_ANNIVERSARIES)
        for year in (first.year, last.year):
            near = date(year, month, day) + timedelta(days=rng.randint(-12, 12))
            if first <= near <= last:
                return near
    return random_day(rng, first, last)


def office_time(rng: random.Random, day: date, latest: date) -> datetime:
    """A working-hours timestamp on `day`, moved off weekends unless that passes `latest`."""
    while day.weekday() >= 5 and day < latest:
        day += timedelta(days=1)
    minute = rng.randint(7 * 60 + 30, 17 * 60)
    return datetime(
        day.year, day.month, day.day, minute // 60, minute % 60, rng.randint(0, 59), tzinfo=ICT
    )


def end_of_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=ICT)


def local_day(moment: datetime) -> date:
    return moment.astimezone(ICT).date()
