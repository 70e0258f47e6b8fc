"""Fields of the API's parameters and answers: bounded dates, aware moments, strict integers,
percents, periods, and stored values made JSON-safe."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from marshmallow import ValidationError, fields, validate

from domain.errors import InvalidValue
from domain.quota import parse_period
from services.config import TIMEZONE

MIN_DAY = date(1930, 1, 1)  # the Party was founded on 3 February 1930
MAX_DAY = date(2200, 12, 31)
PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


# The fields below override marshmallow's methods with marshmallow's own signatures: the
# values (Any there) are whatever a request or a stored record holds, before validation.


class Day(fields.Date):
    """An ISO date between 1930 and 2200."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).setdefault("example", "2021-12-31")
        super().__init__(
            validate=validate.Range(
                min=MIN_DAY, max=MAX_DAY, error="must be between {min} and {max}"
            ),
            **kwargs,
        )


class Moment(fields.AwareDateTime):
    """An ISO date and time; without an offset it is read in Vietnam time (UTC+7)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).setdefault("example", "2022-01-15T08:00:00+07:00")
        low = datetime(MIN_DAY.year, 1, 1, tzinfo=TIMEZONE)
        high = datetime(MAX_DAY.year, 12, 31, tzinfo=TIMEZONE)
        super().__init__(
            default_timezone=TIMEZONE,
            validate=validate.Range(min=low, max=high, error="must be between 1930 and 2200"),
            **kwargs,
        )


class StrictInteger(fields.Integer):
    """An integer, and only an integer (not "5", 5.0 or true)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Percent(fields.Float):
    """A percentage rounded to one decimal (72.0, 83.3)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        if value is None or not math.isfinite(float(value)):
            return None
        return round(float(value), 1)


def plain(value: object) -> object:
    """Stored values as JSON: dates and moments ISO 8601, ids as strings, enums by value.

    A mapping (a dict, or a roll `Entry`) keeps its keys: an entry reads as the dict it was."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    names = getattr(value, "__dataclass_fields__", None)
    if names is not None:
        return plain({k: getattr(value, k) for k in names})
    return value


class Plain(fields.Raw):
    """Any stored value, made JSON-safe (see `plain`)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> object:
        return plain(value)


class PeriodField(fields.String):
    """A plan period: one year ("2020") or a term ("2015-2020")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).setdefault("example", "2021")
        super().__init__(
            validate=validate.Regexp(PERIOD, error='must be a year "2020" or a term "2015-2020"'),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parse_period(text).label  # the domain's own rule: 1930-2100, terms of 10 years
        except InvalidValue as error:
            raise ValidationError(error.message) from None
