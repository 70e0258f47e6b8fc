"""Days as people type them: dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd (machines, the API).

One parser for the pages, the forms and the command line, so that "05/10/2025" is 5 October
everywhere and a typed day that does not exist is an error, never a silent fallback to today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TIME_24H = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class BadDay(ValueError):
    """`text` is not a day (`malformed`), or names one that does not exist (`impossible`),
    or lies after today where only the past is known (`future`)."""

    text: str
    reason: str  # "malformed" | "impossible" | "future"
    today: date | None = None

    def __str__(self) -> str:
        if self.reason == "future":
            assert self.today is not None
            return (
                f"{self.text} is after today ({self.today.isoformat()}): nothing is known of it yet"
            )
        if self.reason == "impossible":
            return f"{self.text} is not a day of the calendar"
        return f"{self.text!r} is not a date: write dd/mm/yyyy (or yyyy-mm-dd)"


def parse_day(text: str) -> date:
    """dd/mm/yyyy (also d/m/yyyy, with . or -) or yyyy-mm-dd; BadDay otherwise."""
    raw = text.strip()
    if found := DAY_FIRST.match(raw):
        day, month, year = (int(g) for g in found.groups())
    elif found := ISO_DAY.match(raw):
        year, month, day = (int(g) for g in found.groups())
    else:
        raise BadDay(raw, "malformed")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadDay(raw, "impossible") from None


def parse_past_day(text: str, today: date) -> date:
    """A day that is not after `today`: figures of a day to come are not facts."""
    day = parse_day(text)
    if day > today:
        raise BadDay(text.strip(), "future", today)
    return day


def parse_local_moment(text: str) -> datetime:
    """A day with an optional 24-hour time ("05/10/2025 14:30", "2025-10-05T14:30"), naive
    (the caller places it in Vietnam's time zone)."""
    raw = text.strip().replace("T", " ")
    day_text, _, clock = raw.partition(" ")
    day = parse_day(day_text)
    clock = clock.strip()
    if not clock:
        return datetime.combine(day, time())
    found = TIME_24H.match(clock)
    if found is None:
        raise BadDay(raw, "malformed")
    hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    try:
        return datetime.combine(day, time(hours, minutes, seconds))
    except ValueError:
        raise BadDay(raw, "impossible") from None


def day_text(value: date | None) -> str:
    """The value a dd/mm/yyyy field shows."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def as_iso_day(text: str) -> str:
    """A typed day as YYYY-MM-DD for a body; text that is not a day is passed on unchanged
    (the body's schema then says "Not a valid date." on that field, in the page's language)."""
    try:
        return parse_day(text).isoformat()
    except BadDay:
        return text
