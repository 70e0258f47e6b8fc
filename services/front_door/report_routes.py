"""Routes of the report periods: prepare, approve, return, mark not reporting (issue 14).

Every step writes the one report stream of the organization named, so it touches that
organization: its own officer approves, a superior's officer (who may write its subtree)
returns it or marks it not reporting; the report's guards tell the two apart by `by_org`.
"""

from __future__ import annotations

from domain.reporting.report import Report
from services.front_door.commands import (
    ApproveReport,
    MarkNotReporting,
    PrepareReport,
    ReportCommand,
    ReturnReport,
)
from services.front_door.routing import Context, Reader, Route
from services.reporting import approval
from services.unit_of_work import UnitOfWork


def prepare(uow: UnitOfWork, command: PrepareReport, context: Context) -> Report:
    return approval.prepare(
        uow, command.org, command.period, command.structure, context.recorded_by, command.by_org
    )


def approve(uow: UnitOfWork, command: ApproveReport, context: Context) -> Report:
    return approval.approve(
        uow, command.org, command.period, command.structure, context.recorded_by, command.by_org
    )


def return_(uow: UnitOfWork, command: ReturnReport, context: Context) -> Report:
    return approval.return_(
        uow,
        command.org,
        command.period,
        command.structure,
        context.recorded_by,
        command.by_org,
        command.reason,
    )


def mark_not_reporting(uow: UnitOfWork, command: MarkNotReporting, context: Context) -> Report:
    return approval.mark_not_reporting(
        uow,
        command.org,
        command.period,
        command.structure,
        context.recorded_by,
        command.by_org,
        command.reason,
    )


def report_touches(reader: Reader, command: ReportCommand, context: Context) -> frozenset[str]:
    """The organization whose report it is."""
    return frozenset({command.org})


ROUTES = {
    PrepareReport: Route(prepare, report_touches),
    ApproveReport: Route(approve, report_touches),
    ReturnReport: Route(return_, report_touches),
    MarkNotReporting: Route(mark_not_reporting, report_touches),
}
