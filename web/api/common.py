"""What every API blueprint shares: authentication, the error shape, parameter fields."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate, validates_schema
from webargs.flaskparser import FlaskParser

from domain.values import CODE_PATTERN
from services.config import TIMEZONE
from web import errors
from web.auth import current_user

MIN_DAY = date(1930, 1, 1)  # the Party was founded on 3 February 1930
MAX_DAY = date(2200, 12, 31)
PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def require_user() -> None:
    """Every API request is made by a user (bearer token, or the session for the pages)."""
    if current_user() is None:
        raise errors.ApiError(
            401,
            "unauthorized",
            "sign in: send Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": 'Bearer realm="sodang"'},
        )


class StrictParser(FlaskParser):
    """Unknown query parameters are refused (a mistyped `as_of` must not give today's roll)."""

    DEFAULT_UNKNOWN_BY_LOCATION: ClassVar[dict[str, str | None]] = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def blueprint(name: str, description: str, url_prefix: str = "/api/v1") -> ApiBlueprint:
    """A blueprint whose every route needs a user and answers errors in the error shape."""
    blp = ApiBlueprint(name, __name__, url_prefix=url_prefix, description=description)
    blp.before_request(require_user)
    errors.init_blueprint(blp)
    return blp


CODE_PARAM = {
    "in": "path",
    "name": "code",
    "description": "organization code",
    "schema": {"type": "string", "pattern": CODE_PATTERN.pattern},
}


# -- fields -------------------------------------------------------------------------


class Day(fields.Date):
    """An ISO date between 1930 and 2200."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            validate=validate.Range(
                min=MIN_DAY, max=MAX_DAY, error="must be between {min} and {max}"
            ),
            **kwargs,
        )


class Moment(fields.AwareDateTime):
    """An ISO date and time; without an offset it is read in Vietnam time (UTC+7)."""

    def __init__(self, **kwargs: Any) -> None:
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
        return super()._validated(value)  # type: ignore[no-any-return]


class Percent(fields.Float):
    """A percentage rounded to one decimal (72.0, 83.3)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        if value is None or not math.isfinite(float(value)):
            return None
        return round(float(value), 1)


def plain(value: Any) -> Any:
    """Stored values as JSON: dates and moments ISO 8601, ids as strings, enums by value."""
    if isinstance(value, dict):
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
    if hasattr(value, "__dataclass_fields__"):
        return plain({k: getattr(value, k) for k in value.__dataclass_fields__})
    return value


class Plain(fields.Raw):
    """Any stored value, made JSON-safe (see `plain`)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return plain(value)


class PeriodField(fields.String):
    """A plan period: one year ("2020") or a term ("2015-2020")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            validate=validate.Regexp(PERIOD, error='must be a year "2020" or a term "2015-2020"'),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        match = PERIOD.match(text)
        if not match:
            raise ValidationError('must be a year "2020" or a term "2015-2020"')
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not (MIN_DAY.year <= first <= last <= MAX_DAY.year):
            raise ValidationError("years between 1930 and 2200, the first not after the last")
        return text


# -- hostile text ------------------------------------------------------------------

# Keys holding names: no markup at all. Every other string: no control characters.
NAME_KEYS = frozenset(
    {
        "name",
        "full_name",
        "ethnicity",
        "religion",
        "decided_by",
        "decision_no",
        "outside",
        "provincial_approval",
        "assigned_by",
    }
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MARKUP = re.compile(r"[<>]")


def hostile_text(value: Any, path: str = "") -> dict[str, list[str]]:
    """Messages for strings carrying markup in names, or control characters anywhere."""
    found: dict[str, list[str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(hostile_text(item, f"{path}{key}."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(hostile_text(item, f"{path}{index}."))
    elif isinstance(value, str):
        name = path.rstrip(".")
        if CONTROL.search(value):
            found[name] = ["must not contain control characters"]
        elif name.rsplit(".", 1)[-1] in NAME_KEYS and MARKUP.search(value):
            found[name] = ["must not contain < or >"]
    return found


class NoHostileText:
    """Mixin for body schemas: refuse markup in names and control characters (422, nothing stored)."""

    @pre_load
    def refuse_hostile_text(self, data: Any, **_: Any) -> Any:
        problems = hostile_text(data) if isinstance(data, dict) else {}
        if problems:
            raise ValidationError(problems)
        return data


# -- query parameters -------------------------------------------------------------


class AsOfArgs(Schema):
    as_of = Day(metadata={"description": "valid time: the day reported on (default: today)"})
    known_at = Moment(
        metadata={"description": "transaction time: as the registry knew it then (auditors)"}
    )


class RollArgs(AsOfArgs):
    subtree = fields.Boolean(
        load_default=True,
        metadata={"description": "include the organizations below (default: true)"},
    )


class RollupArgs(AsOfArgs):
    depth = fields.Integer(validate=validate.Range(min=0, max=10))


class PeriodArgs(Schema):
    from_ = Day(required=True, data_key="from")
    to = Day(required=True)
    known_at = Moment()

    @validates_schema
    def check_order(self, data: dict[str, Any], **_: Any) -> None:
        if "from_" in data and "to" in data and data["from_"] > data["to"]:
            raise ValidationError("must not be before from", "to")


class IndicatorsArgs(PeriodArgs):
    as_of = Day(metadata={"description": "the roll the shares of members are taken from"})


class SeriesArgs(PeriodArgs):
    step = fields.String(load_default="month", validate=validate.OneOf(["month", "year"]))

    @validates_schema
    def check_length(self, data: dict[str, Any], **_: Any) -> None:
        if "from_" in data and "to" in data and data.get("step", "month") == "month":
            months = (
                (data["to"].year - data["from_"].year) * 12 + data["to"].month - data["from_"].month
            )
            if months > 240:
                raise ValidationError("at most 20 years by month: use step=year", "to")


class StandingsArgs(AsOfArgs):
    period = PeriodField(required=True, metadata={"example": "2020"})


class DiffArgs(Schema):
    as_of = Day()
    known_at_1 = Moment(required=True)
    known_at_2 = Moment(metadata={"description": "default: now"})


class MemberArgs(Schema):
    known_at = Moment()


class StreamArgs(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class OrgArgs(Schema):
    as_of = Day(metadata={"description": "the parent and children on that day (default: today)"})


class IdempotencyHeaders(Schema):
    key = fields.String(
        data_key="Idempotency-Key",
        validate=validate.Length(min=1, max=200),
        metadata={"description": "the same key again returns the first answer, storing nothing"},
    )


class PeriodPath(Schema):
    period = PeriodField(required=True)
