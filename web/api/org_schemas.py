"""The orgs API's schemas (flask-smorest: the single truth of the OpenAPI document) and the
typed values they load and dump.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NotRequired, TypedDict
from uuid import UUID

from marshmallow import Schema, fields, validate

from domain.roll.values import CODE_PATTERN, OrgKind
from services.roll.bodies import EventBodySchema
from services.roll.commands import Command as RollEvent
from web.api.common import NoHostileText
from web.api.fields import Day, Plain, StrictInteger


class EventBody(EventBodySchema):
    """The event body of the core (services.roll.bodies): it refuses hostile text itself."""


class EventValues(TypedDict):
    """What EventBody loads: the roll command the body asks for and its own key (`id`)."""

    command: RollEvent
    client_key: str | None


class FoundOrgBody(NoHostileText, Schema):
    code = fields.String(
        required=True,
        validate=validate.Regexp(CODE_PATTERN, error="2-64 characters A-Z, 0-9, '.', '_', '-'"),
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in OrgKind]))
    parent = fields.String(
        allow_none=True, load_default=None, validate=validate.Regexp(CODE_PATTERN)
    )
    founded_on = Day(required=True)


class FoundOrgValues(TypedDict):
    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: date


class OrgSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    parent = fields.String(allow_none=True, required=True)
    founded_on = fields.Date(required=True)
    children = fields.List(fields.String(), required=True)


class OrgView(TypedDict):
    """OrgSchema's object."""

    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: date
    children: list[str]


class ReceiptSchema(Schema):
    event_id = fields.UUID(required=True)
    member_id = fields.UUID(allow_none=True, required=True)
    recorded_at = fields.DateTime(required=True)


class ReceiptView(TypedDict):
    event_id: UUID
    member_id: UUID | None
    recorded_at: datetime


class EntrySchema(Schema):
    event_id = fields.UUID(required=True)
    type = fields.String(required=True)
    org = fields.String(required=True)
    member_id = fields.UUID(allow_none=True)
    effective_on = fields.Date(required=True, metadata={"description": "valid time"})
    recorded_at = fields.DateTime(required=True, metadata={"description": "transaction time"})
    recorded_by = fields.String(required=True)
    details = Plain(metadata={"description": "decision, member attributes, counterpart..."})


class StreamSchema(Schema):
    org = fields.String(required=True)
    total = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    events = fields.List(fields.Nested(EntrySchema), required=True)


class EntryView(TypedDict):
    """EntrySchema's object: an entry's own fields, and the rest of what it stored."""

    event_id: UUID
    type: str
    org: str | None
    member_id: UUID
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    details: dict[str, Any]  # stored values of every kind (EntrySchema's Plain field)


class StreamView(TypedDict):
    org: str
    total: int
    offset: int
    limit: int
    events: list[EntryView]


class QuotaBody(NoHostileText, Schema):
    target = StrictInteger(required=True, validate=validate.Range(min=1, max=1_000_000))
    assigned_by = fields.String(required=True, validate=validate.Regexp(CODE_PATTERN))
    starts_on = Day()
    ends_on = Day()


class QuotaValues(TypedDict):
    target: int
    assigned_by: str
    starts_on: NotRequired[date]
    ends_on: NotRequired[date]


class QuotaSchema(Schema):
    org = fields.String(required=True)
    period = fields.String(required=True)
    target = fields.Integer(required=True)
    assigned_by = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    recorded_at = fields.DateTime(required=True)
