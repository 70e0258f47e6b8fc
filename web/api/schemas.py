"""Response schemas of the reports (the read models' dataclasses, as JSON)."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.api.fields import Percent, Plain


class RollMemberSchema(Schema):
    member_id = fields.UUID(required=True)
    full_name = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "probationary | official"})
    since = fields.Date(allow_none=True, metadata={"description": "on this roll since"})
    org = fields.String(metadata={"description": "the cell whose roll they are on"})


class RollSchema(Schema):
    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    known_at = fields.DateTime(allow_none=True, required=True)
    total = fields.Integer(required=True)
    probationary = fields.Integer(required=True)
    official = fields.Integer(required=True)
    members = fields.List(fields.Nested(RollMemberSchema), required=True)


class RollupSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    total = fields.Integer(required=True)
    probationary = fields.Integer(required=True)
    official = fields.Integer(required=True)
    children = fields.List(fields.Nested(lambda: RollupSchema()), required=True)


class FlowsSchema(Schema):
    org = fields.String(required=True)
    from_ = fields.Date(required=True, data_key="from", attribute="date_from")
    to = fields.Date(required=True, attribute="date_to")
    admitted = fields.Integer(required=True)
    readmitted = fields.Integer(required=True)
    transferred_in = fields.Integer(required=True)
    transferred_out = fields.Integer(required=True)
    recognized = fields.Integer(required=True)
    expelled = fields.Integer(required=True)
    struck_off = fields.Integer(required=True)
    died = fields.Integer(required=True)
    annulled = fields.Integer(required=True)
    admission_rate = Percent(
        allow_none=True,
        required=True,
        metadata={"description": "admissions per 100 members on the roll at the start"},
    )


class ShareSchema(Schema):
    count = fields.Integer(required=True)
    percent = Percent(allow_none=True, required=True)


class CompositionSchema(Schema):
    total = fields.Integer(required=True)
    women = fields.Nested(ShareSchema, required=True)
    ethnic_minority = fields.Nested(ShareSchema, required=True)
    religious = fields.Nested(ShareSchema, required=True)
    youth_union = fields.Nested(ShareSchema, required=True)
    under_30 = fields.Nested(ShareSchema, required=True)
    college_or_higher = fields.Nested(ShareSchema, required=True)
    postgraduate = fields.Nested(ShareSchema, required=True)
    private_enterprise = fields.Nested(ShareSchema, required=True)


class IndicatorsSchema(Schema):
    org = fields.String(required=True)
    from_ = fields.Date(required=True, data_key="from", attribute="date_from")
    to = fields.Date(required=True, attribute="date_to")
    admitted = fields.Integer(required=True)
    women = fields.Nested(ShareSchema, required=True)
    ethnic_minority = fields.Nested(ShareSchema, required=True)
    religious = fields.Nested(ShareSchema, required=True)
    youth_union = fields.Nested(ShareSchema, required=True)
    under_30 = fields.Nested(ShareSchema, required=True)
    college_or_higher = fields.Nested(ShareSchema, required=True)
    postgraduate = fields.Nested(ShareSchema, required=True)
    private_enterprise = fields.Nested(ShareSchema, required=True)
    roll = fields.Nested(
        CompositionSchema, metadata={"description": "the same shares over the whole roll on as_of"}
    )


class PlanSchema(Schema):
    assigned_by = fields.String(required=True)
    target = fields.Integer(required=True)
    percent = Percent(allow_none=True, required=True)


class ChildStandingSchema(Schema):
    org = fields.String(required=True)
    admitted = fields.Integer(required=True)
    plans = fields.List(fields.Nested(PlanSchema), required=True)


class StandingSchema(Schema):
    org = fields.String(required=True)
    period = fields.String(required=True)
    as_of = fields.Date(required=True)
    admitted = fields.Integer(required=True)
    plans = fields.List(fields.Nested(PlanSchema), required=True)
    expected_percent = Percent(
        allow_none=True,
        required=True,
        metadata={"description": "share of the period elapsed on as_of"},
    )
    at_risk = fields.Boolean(required=True)
    without_admissions = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "grassroots organizations of the subtree with no admission yet"},
    )
    idle_cells = fields.List(
        fields.String(), metadata={"description": "cells without an admission for years"}
    )
    children = fields.List(fields.Nested(ChildStandingSchema), required=True)
    children_targets_sum = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "per assigning body: the sum of the children's targets"},
    )
    children_add_up = fields.Boolean()


class DiffEventSchema(Schema):
    event_id = fields.UUID(required=True)
    type = fields.String(
        required=True,
        metadata={"description": "a roll event's type, or moved | ended | renamed | successor_of"},
    )
    org = fields.String(required=True)
    member_id = fields.UUID(
        allow_none=True,
        required=True,
        metadata={"description": "null for a change of structure (kind reorganization)"},
    )
    effective_on = fields.Date(required=True)
    recorded_at = fields.DateTime(required=True)
    recorded_by = fields.String(required=True)
    kind = fields.String(
        required=True,
        metadata={"description": "late_entry | correction | retraction | reorganization"},
    )
    effect = fields.Integer(required=True, metadata={"description": "change to the roll total"})


class DiffSchema(Schema):
    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    known_at_1 = fields.DateTime(required=True)
    known_at_2 = fields.DateTime(required=True)
    total_1 = fields.Integer(required=True)
    total_2 = fields.Integer(required=True)
    events = fields.List(fields.Nested(DiffEventSchema), required=True)


class MemberEventSchema(Schema):
    event_id = fields.UUID(required=True)
    type = fields.String(required=True)
    org = fields.String(required=True)
    effective_on = fields.Date(required=True, metadata={"description": "valid time"})
    recorded_at = fields.DateTime(required=True, metadata={"description": "transaction time"})
    recorded_by = fields.String(required=True)
    details = Plain()


class MemberViewSchema(Schema):
    member_id = fields.UUID(required=True)
    full_name = fields.String(required=True)
    profile = Plain(
        metadata={
            "description": "the latest known attributes, corrections applied; general_education,"
            " qualification and occupation are left out when unknown"
        }
    )
    org = fields.String(allow_none=True, metadata={"description": "the roll they are on today"})
    status = fields.String(allow_none=True)
    events = fields.List(fields.Nested(MemberEventSchema), required=True)


class SeriesPointSchema(Schema):
    day = fields.Date(required=True)
    total = fields.Integer(required=True)
    probationary = fields.Integer(required=True)
    official = fields.Integer(required=True)
    admitted = fields.Integer(required=True)


class SeriesSchema(Schema):
    org = fields.String(required=True)
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)
    step = fields.String(required=True)
    points = fields.List(fields.Nested(SeriesPointSchema), required=True)
