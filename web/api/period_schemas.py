"""The report periods API's schemas (issue 14): a subtree's reports for a period, one report
locked as known, and the steps of its approval."""

from __future__ import annotations

from typing import Any, TypedDict

from marshmallow import Schema, ValidationError, fields, validate

from domain.errors import InvalidValue
from domain.reporting.period import Period, Structure
from web.api.common import NoHostileText
from web.api.schemas import DiffSchema

ACTIONS = ("prepare", "approve", "return", "not_reporting")
STATES = ("not_started", "prepared", "approved", "returned", "not_reporting")


class ReportPeriodField(fields.Field[Period]):
    """A report period: a year ("2024"), its first half ("2025-H1") or two days
    ("2024-01-01..2024-03-31")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).update({"type": "string", "example": "2025-H1"})
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Period:
        if not isinstance(value, str) or len(value) > 30:
            raise ValidationError("Not a valid string.")
        try:
            return Period.parse(value)
        except InvalidValue as error:
            raise ValidationError(error.message) from None


class ReportPeriodPath(Schema):
    period = ReportPeriodField(required=True)


class ReportPeriodPathValues(TypedDict):
    period: Period


STRUCTURE = fields.String(
    load_default=Structure.AS_STRUCTURED.value,
    validate=validate.OneOf([s.value for s in Structure]),
    metadata={"description": "as_structured: the tree at the period's end; restated: today's tree"},
)


class StructureArgs(Schema):
    structure = STRUCTURE


class StructureQuery(TypedDict):
    structure: str


class ReportActionBody(NoHostileText, Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    structure = STRUCTURE
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=500),
        metadata={"description": "why it is returned or not reporting (required for those)"},
    )


class ReportActionValues(TypedDict):
    action: str
    structure: str
    reason: str


class HeadlineSchema(Schema):
    brought_forward = fields.Integer(required=True, metadata={"description": "A: số đầu kỳ"})
    increases = fields.Integer(allow_none=True, required=True, metadata={"description": "B"})
    decreases = fields.Integer(allow_none=True, required=True, metadata={"description": "C"})
    at_end = fields.Integer(required=True, metadata={"description": "D: số cuối kỳ"})


class ReportRowSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    parent = fields.String(allow_none=True, required=True)
    depth = fields.Integer(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    late = fields.Boolean(required=True)
    prepared_by = fields.String(allow_none=True, required=True)
    prepared_at = fields.DateTime(allow_none=True, required=True)
    approved_by = fields.String(allow_none=True, required=True)
    approved_at = fields.DateTime(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)


class LockedSchema(Schema):
    approved_at = fields.DateTime(required=True)
    approved_by = fields.String(required=True)
    digest = fields.String(required=True)
    reproduced = fields.Boolean(
        required=True, metadata={"description": "compiled again as known at approval: same digest"}
    )
    approved = fields.Nested(HeadlineSchema, required=True)
    today = fields.Nested(HeadlineSchema, required=True)
    changed = fields.Boolean(required=True)
    brought_forward_diff = fields.Nested(DiffSchema, allow_none=True, required=True)
    at_end_diff = fields.Nested(DiffSchema, allow_none=True, required=True)


class ReconciliationSchema(Schema):
    previous = fields.Function(
        lambda r: r.previous.key if r.previous else None, allow_none=True, required=True
    )
    approved_figure = fields.Integer(allow_none=True, required=True)
    brought_forward = fields.Integer(required=True)
    starts_from = fields.String(
        required=True, validate=validate.OneOf(("approved", "corrected", "compiled"))
    )
    difference = fields.Integer(required=True)
    diff = fields.Nested(DiffSchema, allow_none=True, required=True)


class PeriodTreeSchema(Schema):
    org = fields.String(required=True)
    period = fields.String(required=True)
    structure = fields.String(required=True)
    structure_on = fields.Date(required=True)
    due_on = fields.Date(required=True)
    today = fields.Date(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    late = fields.List(fields.String(), required=True)
    reports = fields.List(fields.Nested(ReportRowSchema), required=True)
    locked = fields.Nested(LockedSchema, allow_none=True, required=True)
    reconciliation = fields.Nested(ReconciliationSchema, required=True)


class ReportStepSchema(Schema):
    org = fields.String(required=True)
    period = fields.String(required=True)
    structure = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    position = fields.Integer(allow_none=True, required=True)
