"""The admission pipeline's answers (web API, CLI --json): schemas that dump what
services/admission/views.py returns; the bodies they answer are in bodies.py.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.admission.deadlines import DeadlineKind
from domain.admission.dossier import Stage, Step
from services.roll.member_bodies import MemberSchema


class StepRecordSchema(Schema):
    """One recorded step: what every step has, and what some steps add."""

    step = fields.String(validate=validate.OneOf([s.value for s in Step]))
    on = fields.Date()
    actor = fields.String()
    document_no = fields.String(allow_none=True)
    recorded_by = fields.String()
    note = fields.String()
    certificate_no = fields.String()
    valid_until = fields.Date()
    introducers = fields.List(fields.UUID())
    grassroots = fields.String()
    conclusion = fields.String()
    satisfactory = fields.Boolean()
    votes = fields.Dict(keys=fields.String(), values=fields.Integer())
    provincial_approval = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    working_days = fields.Integer()
    decided_by = fields.String()
    received_on = fields.Date()
    late_approval = fields.String(allow_none=True)
    roll_event_id = fields.UUID()
    member_id = fields.UUID()
    outcome = fields.String()
    effective_on = fields.Date()
    org = fields.String()


class DeadlineSchema(Schema):
    kind = fields.String(validate=validate.OneOf([k.value for k in DeadlineKind]))
    starts_on = fields.Date()
    due_on = fields.Date()
    days_left = fields.Integer(metadata={"description": "calendar days; negative when overdue"})
    overdue = fields.Boolean()
    basis = fields.String()


class DossierSchema(Schema):
    """A dossier, as `services.admission.views.describe` gives it."""

    id = fields.UUID()
    cell = fields.String()
    candidate = fields.Nested(MemberSchema)
    readmission = fields.Boolean()
    stage = fields.String(validate=validate.OneOf([s.value for s in Stage]))
    opened_on = fields.Date()
    steps = fields.List(fields.Nested(StepRecordSchema))
    next_steps = fields.List(fields.String())
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    version = fields.Integer()


class DeadlineRowSchema(Schema):
    """A row of the overdue and due-soon lists (a DeadlineRow)."""

    dossier_id = fields.UUID()
    cell = fields.String()
    candidate = fields.String()
    stage = fields.String()
    kind = fields.Function(lambda row: row.deadline.kind.value)
    starts_on = fields.Function(lambda row: row.deadline.starts_on.isoformat())
    due_on = fields.Function(lambda row: row.deadline.due_on.isoformat())
    days_left = fields.Integer()
    basis = fields.Function(lambda row: row.deadline.basis)


class DeadlineListsSchema(Schema):
    overdue = fields.List(fields.Nested(DeadlineRowSchema))
    due_soon = fields.List(fields.Nested(DeadlineRowSchema))


class StepAverageSchema(Schema):
    step = fields.String()
    count = fields.Integer()
    mean_days = fields.Float()
    mean_working_days = fields.Float()


class AgendaItemSchema(Schema):
    dossier_id = fields.UUID()
    cell = fields.String()
    candidate = fields.String()
    ready_on = fields.Date()
    decision_due_on = fields.Date()
    days_waiting = fields.Integer()


class PlanForecastSchema(Schema):
    plan = fields.String()
    target = fields.Integer()
    forecast = fields.Integer()
    percent = fields.Float()
    gap = fields.Integer()


class ForecastSchema(Schema):
    """Admitted so far + decided awaiting ceremony + awaiting decision, against each plan."""

    admitted = fields.Integer()
    awaiting_ceremony = fields.Integer()
    awaiting_decision = fields.Integer()
    preparing = fields.Integer()
    suspended = fields.Integer()
    forecast = fields.Integer()
    forecast_with_preparing = fields.Integer()
    plans = fields.List(fields.Nested(PlanForecastSchema))


class StageCountsSchema(Schema):
    """Dossiers by stage: one row per cell and a `total` row."""

    rows = fields.Dict(
        keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer())
    )
