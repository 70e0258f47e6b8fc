"""The statistics forms' JSON (marshmallow): the query they take and the compiled forms."""

from __future__ import annotations

from datetime import datetime
from typing import NotRequired, TypedDict

from marshmallow import Schema, fields, validate

from domain.reporting.period import Structure
from web.api.fields import Moment


class FormsQuery(TypedDict):
    structure: str
    known_at: NotRequired[datetime]


class FormsArgs(Schema):
    structure = fields.String(
        load_default=Structure.AS_STRUCTURED.value,
        validate=validate.OneOf([s.value for s in Structure]),
        metadata={
            "description": "as_structured: each day's subtree (default); restated: the rolls "
            "today's organization carries on"
        },
    )
    known_at = Moment(
        metadata={"description": "transaction time: as the registry knew it then (auditors)"}
    )


class ColumnSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    start = fields.Date(allow_none=True, required=True)
    end = fields.Date(allow_none=True, required=True)


class FormRowSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True)
    level = fields.Integer(required=True)
    values = fields.List(
        fields.Raw(allow_none=True, metadata={"type": "number"}),
        required=True,
        metadata={"description": "one per column: a count, a mean age, a ratio or null"},
    )
    note = fields.String(allow_none=True)


class CheckSchema(Schema):
    label = fields.String(required=True)
    column = fields.String(required=True)
    left = fields.Integer(required=True)
    right = fields.Integer(required=True)
    holds = fields.Boolean(required=True)


class UnknownSchema(Schema):
    field = fields.String(required=True)
    row = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(
        required=True, metadata={"description": "members this period with nothing recorded"}
    )


class FormSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    subtitle = fields.String(required=True)
    balanced = fields.Boolean(required=True)
    rows = fields.List(fields.Nested(FormRowSchema), required=True)
    checks = fields.List(fields.Nested(CheckSchema), required=True)
    # `unknown` is a Schema's own option: the field keeps the name only in the JSON.
    not_recorded = fields.List(
        fields.Nested(UnknownSchema), required=True, data_key="unknown", attribute="unknown"
    )


class CompiledFormsSchema(Schema):
    org = fields.String(required=True)
    org_name = fields.String(required=True)
    period = fields.Function(lambda forms: forms.period.key, required=True)
    start = fields.Function(lambda forms: forms.period.start.isoformat(), required=True)
    end = fields.Function(lambda forms: forms.period.end.isoformat(), required=True)
    structure = fields.Function(lambda forms: forms.structure.value, required=True)
    structure_on = fields.Date(required=True)
    known_at = fields.AwareDateTime(required=True)
    position = fields.Integer(required=True)
    digest = fields.Function(
        lambda forms: forms.digest(),
        required=True,
        metadata={"description": "sha256 of the forms' content (not of the log position)"},
    )
    balanced = fields.Boolean(required=True)
    columns = fields.List(fields.Nested(ColumnSchema), required=True)
    forms = fields.List(fields.Nested(FormSchema), required=True)
