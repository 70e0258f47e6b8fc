"""The statistics forms of an organization for a period (biểu thống kê, issue 14)."""

from __future__ import annotations

from flask.views import MethodView

from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from web import reads
from web.api.common import CODE_PARAM, blueprint
from web.api.forms_schemas import CompiledFormsSchema, FormsArgs, FormsQuery
from web.permissions.access import require_known_at

blp = blueprint("forms", "The statistics forms compiled from the log.", "/api/v1/orgs")

PERIOD_PARAM = {
    "in": "path",
    "name": "period",
    "description": "2024 (the year), 2025-H1 (its first half) or 2024-01-01..2024-03-31",
    "schema": {"type": "string"},
}


@blp.route("/<code>/forms/<period>", parameters=[CODE_PARAM, PERIOD_PARAM])
class Forms(MethodView):
    @blp.arguments(FormsArgs, location="query")
    @blp.response(200, CompiledFormsSchema)
    def get(self, args: FormsQuery, code: str, period: str) -> CompiledForms:
        """Increases and decreases, new admissions and the whole membership, for the period
        and the same period last year; each form states its checks (A + B − C = D)."""
        require_known_at(args.get("known_at"))
        chosen = Period.parse(period)
        return reads.forms(code, chosen, Structure(args["structure"]), args.get("known_at"))
