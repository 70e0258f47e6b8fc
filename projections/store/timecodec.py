"""Instants as integer microseconds, days as ordinals, and a JSON codec for stored entries.

Read-model tables keep `recorded_at` as UTC microseconds and days as `date.toordinal()`:
exact, compact, equally fast on SQLite and PostgreSQL, and comparisons need no parsing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import orjson

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


# The reference codec, and the path for whatever the fast one leaves to it. One encoder for
# every call: `json.dumps` with a `default` builds a new one each time.
_ENCODER = json.JSONEncoder(default=_default, ensure_ascii=False, separators=(",", ":"))


class _Unusual(Exception):
    """A value the fast path does not write exactly as the json module would."""


def _tagged(value: Any) -> Any:
    """`value` with its UUIDs tagged as `_default` tags them (orjson writes a UUID as a plain
    string and cannot be told not to); dates and datetimes are left to orjson, which hands them
    to `_default` (`OPT_PASSTHROUGH_DATETIME`)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual  # json writes 1 as "1", orjson refuses it
            out[key] = item if type(item) in _PLAIN else _tagged(item)
        return out
    if kind is list or kind is tuple:
        return [item if type(item) in _PLAIN else _tagged(item) for item in value]
    if kind is UUID:
        return {"$u": value.hex}
    if kind is date or kind is datetime:
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value  # a str or int enum: both write its value
    raise _Unusual  # floats (1e16 against 1e+16), subclasses, anything `_default` refuses


_PLAIN = frozenset({str, int, bool, type(None)})


_FAST = orjson.OPT_PASSTHROUGH_DATETIME


def dumps(value: Any) -> str:
    """JSON that brings dates, datetimes and UUIDs back as themselves.

    The text is the json module's, character for character (tests/projections/store/
    test_timecodec.py): orjson writes it, at a quarter of the time of a rebuild's entry bodies
    and member states; what it would write otherwise goes to the json module."""
    try:
        return orjson.dumps(_tagged(value), default=_default, option=_FAST).decode()
    except (_Unusual, orjson.JSONEncodeError):
        return _ENCODER.encode(value)


def _refused(value: Any) -> Any:
    raise TypeError(f"cannot store {type(value).__name__} in a plain document")


_PLAIN_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_PLAIN_ENCODER = json.JSONEncoder(default=_refused, ensure_ascii=False, separators=(",", ":"))


def dumps_plain(value: Any) -> str:
    """`dumps` of a document built only of str, int, bool, None, lists, tuples and dicts with
    str keys, such as a member's stored contribution: orjson alone, without the walk that looks
    for UUIDs (twenty times the write of such a document). Dates are refused; a UUID would be
    written untagged, so only documents typed to hold none come here."""
    try:
        return orjson.dumps(value, default=_refused, option=_PLAIN_OPTIONS).decode()
    except orjson.JSONEncodeError:  # a lone surrogate, an integer past 64 bits: as json writes
        return _PLAIN_ENCODER.encode(value)


def loads_plain(text: str) -> Any:
    """A document `dumps_plain` wrote: orjson alone (the walk of `loads` for tags would triple
    the read of a member's contribution, all nested lists). Its integers are days and counts,
    far inside the 64 bits orjson reads as integers."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # a lone surrogate
        return json.loads(text)


def _untagged(value: Any) -> Any:
    """What `_hook` gives for every object of an orjson-parsed document, in place. A float
    goes back to the json module: orjson reads an integer past 64 bits as one."""
    kind = type(value)
    if kind is dict:
        if len(value) == 1:
            found = _hook(value)
            if found is not value:
                return found
        for key, item in value.items():
            if type(item) in _NESTED:
                value[key] = _untagged(item)
        return value
    if kind is list:
        for i, item in enumerate(value):
            if type(item) in _NESTED:
                value[i] = _untagged(item)
        return value
    if kind is float:
        raise _Unusual
    return value


_NESTED = frozenset({dict, list, float})


def loads(text: str) -> Any:
    try:
        return _untagged(orjson.loads(text))
    except (_Unusual, orjson.JSONDecodeError):  # NaN, long integers, lone surrogates
        return json.loads(text, object_hook=_hook)
