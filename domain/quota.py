"""Admission quotas (chỉ tiêu kết nạp): the period a target covers, parsed and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidValue

PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
FIRST_YEAR = 1930  # the Party was founded in 1930: no plan can be older
LAST_YEAR = 2100
MAX_TERM_YEARS = 10


@dataclass(frozen=True)
class Period:
    """A year (`2020`) or a term (`2015-2020`) with the dates it runs between, both inclusive."""

    label: str
    starts_on: date
    ends_on: date

    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def elapsed_share(self, as_of: date) -> float:
        """Share of the period gone by at the end of `as_of` (0 before it starts, 1 after it ends)."""
        if as_of < self.starts_on:
            return 0.0
        if as_of >= self.ends_on:
            return 1.0
        return ((as_of - self.starts_on).days + 1) / self.days()


def parse_period(label: str, starts_on: date | None = None, ends_on: date | None = None) -> Period:
    """`2020` runs 1 Jan-31 Dec; `2015-2020` runs 1 Jan 2015-31 Dec 2020 unless dates are given.

    Terms of congress (nhiệm kỳ) start and end on congress dates, so explicit dates win, as
    long as they fall in the years the label names.
    """
    match = PERIOD_PATTERN.match(label.strip()) if isinstance(label, str) else None
    if match is None:
        raise InvalidValue("period", "must be a year (2020) or a term of years (2015-2020)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if not FIRST_YEAR <= first <= LAST_YEAR or not FIRST_YEAR <= last <= LAST_YEAR:
        raise InvalidValue("period", f"years must lie between {FIRST_YEAR} and {LAST_YEAR}")
    if match.group(2) and not first < last <= first + MAX_TERM_YEARS:
        raise InvalidValue(
            "period", f"a term runs from one year to a later one, at most {MAX_TERM_YEARS} years"
        )
    start = starts_on or date(first, 1, 1)
    end = ends_on or date(last, 12, 31)
    if not first <= start.year <= last or not first <= end.year <= last:
        raise InvalidValue("starts_on", f"the dates must fall in the period {label}")
    if start > end:
        raise InvalidValue("ends_on", "the period cannot end before it starts")
    normalized = f"{first}" if first == last else f"{first}-{last}"
    return Period(normalized, start, end)


def check_target(target: int) -> int:
    """A target is a whole number of new members, at least one."""
    if isinstance(target, bool) or not isinstance(target, int) or target < 1:
        raise InvalidValue("target", "must be a whole number of new members, at least 1")
    return target
