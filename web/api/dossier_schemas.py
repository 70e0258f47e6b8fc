"""Query parameters and answers of the dossier endpoints (web/api/dossiers.py).

The dossier itself, its steps, the step averages, the agenda items and the forecast reuse
services.admission.bodies's output schemas; the rest is declared here, with typed fields so that
the OpenAPI document says what each answer holds.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.admission.deadlines import DeadlineKind
from domain.admission.dossier import Stage
from services.admission.answers import (
    AgendaItemSchema,
    DossierSchema,
    ForecastSchema,
    StepAverageSchema,
)
from web.api.fields import Day

STAGES = [s.value for s in Stage]
TREE_DAY = "the day deadlines are counted to and the tree is read on (default: today)"

# -- query parameters -----------------------------------------------------------------------


class PipelineArgs(Schema):
    as_of = Day(metadata={"description": TREE_DAY})


class ListArgs(PipelineArgs):
    stage = fields.String(
        validate=validate.OneOf(STAGES), metadata={"description": "only the dossiers at this stage"}
    )


class DeadlineArgs(PipelineArgs):
    within = fields.Integer(
        load_default=7,
        validate=validate.Range(min=0, max=90),
        metadata={"description": "due within this many calendar days (default 7)"},
    )


class AgendaArgs(PipelineArgs):
    limit = fields.Integer(validate=validate.Range(min=1, max=500))


# -- answers --------------------------------------------------------------------------------


class DossierDetailSchema(DossierSchema):
    """A dossier with the bodies competent to decide for its cell today."""

    competent = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "codes of the bodies competent to decide (on as_of)"},
    )


class DossierSummarySchema(Schema):
    id = fields.UUID(required=True)
    cell = fields.String(required=True)
    full_name = fields.String(required=True)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    opened_on = fields.Date(required=True)
    last_step = fields.String(required=True)
    last_step_on = fields.Date(required=True)
    due_on = fields.Date(
        allow_none=True, required=True, metadata={"description": "the earliest running deadline"}
    )
    overdue = fields.Boolean(required=True)
    due_soon = fields.Boolean(required=True, metadata={"description": "due within 7 days"})


class CellCountsSchema(Schema):
    cell = fields.String(required=True)
    by_stage = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class PipelineSchema(Schema):
    """Dossiers of a subtree by stage (every stage listed, zeros included) and by cell."""

    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    stage = fields.String(allow_none=True, required=True)
    total = fields.Integer(required=True)
    by_stage = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    cells = fields.List(fields.Nested(CellCountsSchema), required=True)
    dossiers = fields.List(fields.Nested(DossierSummarySchema), required=True)


class DeadlineEntrySchema(Schema):
    """One running deadline of one dossier (a services.admission.views.DeadlineRow)."""

    dossier_id = fields.UUID(required=True)
    cell = fields.String(required=True)
    candidate = fields.String(required=True)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    kind = fields.String(
        required=True,
        attribute="deadline.kind",
        validate=validate.OneOf([k.value for k in DeadlineKind]),
    )
    starts_on = fields.Date(required=True, attribute="deadline.starts_on")
    due_on = fields.Date(required=True, attribute="deadline.due_on")
    days_left = fields.Integer(
        required=True, metadata={"description": "calendar days; negative when overdue"}
    )
    basis = fields.String(required=True, attribute="deadline.basis")


class DeadlinesSchema(Schema):
    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    within = fields.Integer(required=True)
    overdue = fields.List(fields.Nested(DeadlineEntrySchema), required=True)
    due_soon = fields.List(fields.Nested(DeadlineEntrySchema), required=True)


class StepAveragesSchema(Schema):
    """Average time to reach each step from the step before it, in days and working days."""

    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    dossiers = fields.Integer(required=True)
    steps = fields.List(fields.Nested(StepAverageSchema), required=True)


class AgendaEntrySchema(AgendaItemSchema):
    competent = fields.List(fields.String(), required=True)


class AgendaSchema(Schema):
    org = fields.String(required=True)
    as_of = fields.Date(required=True)
    items = fields.List(fields.Nested(AgendaEntrySchema), required=True)


class ForecastReportSchema(ForecastSchema):
    """The forecast of one organization's subtree for the year of `as_of`."""

    org = fields.String(required=True)
    year = fields.Integer(required=True)
    as_of = fields.Date(required=True)


class ServiceTargetSchema(Schema):
    days = fields.Integer(required=True)
    working_days = fields.Boolean(required=True)
    set_by = fields.String(allow_none=True, required=True)


class AuthorityPeriodSchema(Schema):
    from_on = fields.Date(required=True)
    until = fields.Date(allow_none=True, required=True, metadata={"description": "exclusive"})
    document_no = fields.String(required=True)


class SettingsSchema(Schema):
    """The settings in force for an organization, and its own authority to admit."""

    org = fields.String(required=True)
    certificate_years = fields.Integer(required=True)
    service_target = fields.Nested(ServiceTargetSchema, allow_none=True, required=True)
    admission_authority = fields.List(fields.Nested(AuthorityPeriodSchema), required=True)
