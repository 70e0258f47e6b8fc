"""Instants as integer microseconds, days as ordinals, and a JSON codec for stored entries.

Read-model tables keep `recorded_at` as UTC microseconds and days as `date.toordinal()`:
exact, compact, equally fast on SQLite and PostgreSQL, and comparisons need no parsing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.time_zone import TIMEZONE

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICRO = timedelta(microseconds=1)
DAY_US = 86_400_000_000


def to_us(moment: datetime) -> int:
    """An aware datetime as integer microseconds since the epoch (no float rounding)."""
    return (moment - EPOCH) // MICRO


def from_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def local_day(us: int) -> int:
    """The ordinal of the Vietnamese calendar day an instant falls on (the registry's `today`)."""
    return from_us(us).astimezone(TIMEZONE).date().toordinal()


def day_start_us(ordinal: int) -> int:
    """The first microsecond of a Vietnamese calendar day."""
    start = datetime.combine(date.fromordinal(ordinal), datetime.min.time(), TIMEZONE)
    return to_us(start)


def end_of_day_us(ordinal: int) -> int:
    """The last microsecond of a Vietnamese calendar day: `r <= end_of_day_us(d)` iff recorded by then."""
    return day_start_us(ordinal + 1) - 1


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, UUID):
        return {"$u": value.hex}
    raise TypeError(f"cannot store {type(value).__name__} in an entry")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$d" in obj:
            return date.fromisoformat(obj["$d"])
        if "$t" in obj:
            return datetime.fromisoformat(obj["$t"])
        if "$u" in obj:
            return UUID(obj["$u"])
    return obj


# One encoder for every call: `json.dumps` with a `default` builds a new one each time, which
# cost a third of the encoding of a rebuild's entry bodies and member states.
_ENCODER = json.JSONEncoder(default=_default, ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """JSON that brings dates, datetimes and UUIDs back as themselves."""
    return _ENCODER.encode(value)


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_hook)
