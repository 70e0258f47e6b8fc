"""The query, header and path parameters of the API, validated before any view runs.

Each schema has the TypedDict of what it loads (`RollArgs` loads a `RollQuery`), the type of
the view's `args`: a key the schema may leave out is NotRequired there.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NotRequired, TypedDict

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from web.api.fields import Day, Moment, PeriodField


class AsOfArgs(Schema):
    as_of = Day(metadata={"description": "valid time: the day reported on (default: today)"})
    known_at = Moment(
        metadata={"description": "transaction time: as the registry knew it then (auditors)"}
    )


class AsOfQuery(TypedDict):
    as_of: NotRequired[date]
    known_at: NotRequired[datetime]


class RollArgs(AsOfArgs):
    subtree = fields.Boolean(
        load_default=True,
        metadata={"description": "include the organizations below (default: true)"},
    )


class RollQuery(AsOfQuery):
    subtree: bool


class RollupArgs(AsOfArgs):
    depth = fields.Integer(validate=validate.Range(min=0, max=10))


class RollupQuery(AsOfQuery):
    depth: NotRequired[int]


class RestatedQuery(TypedDict):
    as_of: date
    structure_on: NotRequired[date]
    known_at: NotRequired[datetime]
    depth: NotRequired[int]


class RestatedArgs(Schema):
    as_of = Day(
        required=True,
        metadata={"description": "the past day whose figures are restated"},
    )
    structure_on = Day(
        metadata={
            "description": "the day whose structure the figures are shown on (default: today)"
        }
    )
    known_at = Moment(
        metadata={"description": "transaction time: as the registry knew it then (auditors)"}
    )
    depth = fields.Integer(validate=validate.Range(min=0, max=10))

    @validates_schema
    def check_order(self, data: RestatedQuery, **_: object) -> None:
        if "as_of" in data and "structure_on" in data and data["as_of"] > data["structure_on"]:
            raise ValidationError("must not be after structure_on", "as_of")


class PeriodQuery(TypedDict):
    from_: date
    to: date
    known_at: NotRequired[datetime]


class PeriodArgs(Schema):
    from_ = Day(required=True, data_key="from")
    to = Day(required=True)
    known_at = Moment()

    @validates_schema
    def check_order(self, data: PeriodQuery, **_: object) -> None:
        if "from_" in data and "to" in data and data["from_"] > data["to"]:
            raise ValidationError("must not be before from", "to")


class IndicatorsQuery(PeriodQuery):
    as_of: NotRequired[date]


class IndicatorsArgs(PeriodArgs):
    as_of = Day(metadata={"description": "the roll the shares of members are taken from"})


class SeriesQuery(PeriodQuery):
    step: str  # month or year


class SeriesArgs(PeriodArgs):
    step = fields.String(load_default="month", validate=validate.OneOf(["month", "year"]))

    @validates_schema
    def check_length(self, data: SeriesQuery, **_: object) -> None:
        if "from_" in data and "to" in data and data.get("step", "month") == "month":
            months = (
                (data["to"].year - data["from_"].year) * 12 + data["to"].month - data["from_"].month
            )
            if months > 240:
                raise ValidationError("at most 20 years by month: use step=year", "to")


class StandingsQuery(AsOfQuery):
    period: str  # "2020" or "2015-2020"


class StandingsArgs(AsOfArgs):
    period = PeriodField(required=True)


class DiffQuery(TypedDict):
    as_of: NotRequired[date]
    known_at_1: datetime
    known_at_2: NotRequired[datetime]


class DiffArgs(Schema):
    as_of = Day()
    known_at_1 = Moment(required=True)
    known_at_2 = Moment(metadata={"description": "default: now"})


class MemberQuery(TypedDict):
    known_at: NotRequired[datetime]


class MemberArgs(Schema):
    known_at = Moment()


class StreamQuery(TypedDict):
    offset: int
    limit: int


class StreamArgs(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class OrgQuery(TypedDict):
    as_of: NotRequired[date]


class OrgArgs(Schema):
    as_of = Day(metadata={"description": "the parent and children on that day (default: today)"})


class IdempotencyHeaderValues(TypedDict):
    key: NotRequired[str]


class IdempotencyHeaders(Schema):
    key = fields.String(
        data_key="Idempotency-Key",
        validate=validate.Length(min=1, max=200),
        metadata={
            "description": "the same key again returns the first answer, storing nothing; keys"
            " are your organization's own: another organization's key is another request"
        },
    )


class PeriodPathValues(TypedDict):
    period: str


class PeriodPath(Schema):
    period = PeriodField(required=True)
