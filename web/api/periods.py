"""Report periods (kỳ báo cáo): a subtree's reports and their approval up the tree (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.views import MethodView
from marshmallow import EXCLUDE

from domain.reporting.approval import ReportState
from domain.reporting.period import Period, Structure
from services.front_door.bus import handle
from services.front_door.commands import (
    ApproveReport,
    MarkNotReporting,
    PrepareReport,
    ReturnReport,
)
from services.reporting.locked import locked, reconciliation
from services.reporting.states import period_tree
from services.store.users import User
from web.api.common import CODE_PARAM, blueprint
from web.api.period_schemas import (
    PeriodTreeSchema,
    ReportActionBody,
    ReportActionValues,
    ReportPeriodPath,
    ReportPeriodPathValues,
    ReportStepSchema,
    StructureArgs,
    StructureQuery,
)
from web.extensions import get_registry
from web.permissions.access import can_read, require_officer, require_read, require_write
from web.permissions.writes import require_writable

blp = blueprint(
    "periods",
    "Report periods: each organization's statistics report prepared, approved up the tree "
    "once every child has, returned by a superior; approved reports locked as known.",
    "/api/v1/orgs",
)


def reading_day(period: Period, structure: Structure, today: date) -> date:
    """The day whose reach a reader needs: the tree the report follows, never after today."""
    return min(period.end, today) if structure is Structure.AS_STRUCTURED else today


def answer(user: User, code: str, period: Period, structure: Structure) -> dict[str, Any]:
    """The subtree's reports the user may read, the root's approval and its reconciliation."""
    registry = get_registry()
    tree = period_tree(registry, code, period, structure)
    day = reading_day(period, structure, registry.today())
    rows = [row for row in tree.rows if can_read(user, row.code, day)]
    root = rows[0]
    return {
        "org": code,
        "period": period.key,
        "structure": structure.value,
        "structure_on": tree.structure_on,
        "due_on": tree.due_on,
        "today": tree.today,
        "state": root.state.value,
        "late": [row.code for row in rows if row.late],
        "reports": rows,
        "locked": locked(registry, code, period, structure)
        if root.state is ReportState.APPROVED
        else None,
        "reconciliation": reconciliation(registry, code, period, structure),
    }


def command_of(
    user: User, code: str, period: Period, structure: Structure, body: ReportActionValues
) -> PrepareReport | ApproveReport | ReturnReport | MarkNotReporting:
    """The step asked for, once the user may take it: preparing is a writer's, the rest an
    officer's (the report's guards then tell its own officer from a superior's)."""
    action = body["action"]
    if action == "prepare":
        require_write(code)
        return PrepareReport(code, period, structure, user.org)
    require_officer(code)
    if action == "approve":
        return ApproveReport(code, period, structure, user.org)
    if action == "return":
        return ReturnReport(code, period, structure, user.org, body["reason"])
    return MarkNotReporting(code, period, structure, user.org, body["reason"])


@blp.route("/<code>/periods/<period>", parameters=[CODE_PARAM])
class Reports(MethodView):
    @blp.arguments(ReportPeriodPath, location="path", unknown=EXCLUDE)
    @blp.arguments(StructureArgs, location="query")
    @blp.response(200, PeriodTreeSchema)
    def get(
        self, path: ReportPeriodPathValues, args: StructureQuery, code: str, period: str
    ) -> dict[str, Any]:
        """Each organization's report for the period, who is late, and the organization's own
        approved report beside today's figures with the events of each difference."""
        the_period, structure = path["period"], Structure(args["structure"])
        user = require_read(code, reading_day(the_period, structure, get_registry().today()))
        return answer(user, code, the_period, structure)

    @blp.arguments(ReportPeriodPath, location="path", unknown=EXCLUDE)
    @blp.arguments(ReportActionBody)
    @blp.response(200, ReportStepSchema)
    def post(
        self, path: ReportPeriodPathValues, body: ReportActionValues, code: str, period: str
    ) -> dict[str, Any]:
        """Prepare, approve, return (superior, with a reason) or mark not reporting (superior,
        with a reason) the organization's report; 409 names the rule that refused."""
        structure = Structure(body["structure"])
        user = require_read(code)
        command = command_of(user, code, path["period"], structure, body)
        require_writable(user, command)
        handled = handle(get_registry(), command, recorded_by=user.name, key_scope=user.org)
        report = handled.results[0]
        return {
            "org": code,
            "period": path["period"].key,
            "structure": structure.value,
            "state": report.state.value,
            "position": handled.position,
        }
