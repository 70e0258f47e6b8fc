"""A report period's page (kỳ báo cáo): the tree with each organization's report state, who
is late, the organization's approved report beside today's figures, and the buttons for the
steps the signed-in person may take (issue 14).

The steps go through the one front door (services.front_door: PrepareReport, ApproveReport,
ReturnReport, MarkNotReporting); the report's guards refuse what the rules forbid, and the
buttons only save a refused click: preparing is a writer's, approving the organization's own
officer's, returning and marking not reporting a superior's officer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.reporting.approval import ReportState
from domain.reporting.period import Period, PeriodKind, Structure
from services.front_door.bus import handle
from services.front_door.commands import (
    ApproveReport,
    MarkNotReporting,
    PrepareReport,
    ReturnReport,
)
from services.reporting.locked import Locked, Reconciliation, locked, reconciliation
from services.reporting.states import PeriodTree, ReportRow, period_tree
from services.reports.signed import verification_code
from services.store.users import User
from web.pages.context import org_info, page_login_required, readable, registry, today, user
from web.pages.i18n import _
from web.permissions import access
from web.permissions.writes import require_writable

bp = Blueprint("pages_periods", __name__)

ACTIONS = ("prepare", "approve", "return", "not_reporting")
OPEN = (ReportState.NOT_STARTED, ReportState.PREPARED, ReportState.RETURNED)


@dataclass(frozen=True)
class Row:
    """One organization's report as the page shows it, with the steps the person may take."""

    report: ReportRow
    actions: tuple[str, ...]


def latest_period(day: date) -> Period:
    """The latest report period over by `day`: the first half from July, else last year."""
    if (day.month, day.day) > (6, 30):
        return Period.first_half(day.year)
    return Period.year(day.year - 1)


@bp.app_template_global()
def report_period_key() -> str:
    """The period the pages link to (the dashboard's "Báo cáo thống kê"); called only by the
    pages that show the link, so an error page never reads the clock's registry."""
    return latest_period(today()).key


def period_of(text: str) -> Period:
    try:
        return Period.parse(text)
    except InvalidValue:
        abort(404)


def structure_of(text: str | None) -> Structure:
    try:
        return Structure(text or Structure.AS_STRUCTURED.value)
    except ValueError:
        abort(404)


def period_title(period: Period) -> str:
    if period.kind is PeriodKind.YEAR:
        return _("Năm {year}", year=period.start.year)
    if period.kind is PeriodKind.FIRST_HALF:
        return _("6 tháng đầu năm {year}", year=period.start.year)
    return _(
        "Từ {start} đến {end}",
        start=period.start.strftime("%d/%m/%Y"),
        end=period.end.strftime("%d/%m/%Y"),
    )


def reading_day(period: Period, structure: Structure) -> date:
    """The day whose reach the person needs: the tree the reports follow, never after today."""
    return min(period.end, today()) if structure is Structure.AS_STRUCTURED else today()


def allowed(person: User, row: ReportRow) -> tuple[str, ...]:
    """The steps the person may take on this organization's report now."""
    if not access.can_write(person, row.code):
        return ()
    found: list[str] = []
    if row.state in OPEN:
        found.append("prepare")
    if person.role != "officer":
        return tuple(found)
    own = person.org == row.code
    if own and row.state is ReportState.PREPARED:
        found.append("approve")
    if not own and row.state is ReportState.APPROVED:
        found.append("return")
    if not own and row.state in OPEN:
        found.append("not_reporting")
    return tuple(found)


def command_for(
    person: User, code: str, period: Period, structure: Structure, action: str, reason: str
) -> PrepareReport | ApproveReport | ReturnReport | MarkNotReporting:
    if action == "prepare":
        access.require_write(code)
        return PrepareReport(code, period, structure, person.org)
    access.require_officer(code)
    if action == "approve":
        return ApproveReport(code, period, structure, person.org)
    if action == "return":
        return ReturnReport(code, period, structure, person.org, reason)
    return MarkNotReporting(code, period, structure, person.org, reason)


def take_step(
    code: str, tree: PeriodTree, period: Period, structure: Structure
) -> RuleViolation | str | None:
    """The posted step on one organization of the page's tree: None when stored, else the
    refusal (a rule, or the Vietnamese text of a bad field)."""
    target = request.form.get("org", "").strip()
    action = request.form.get("action", "").strip()
    person = user()
    if target not in {row.code for row in tree.rows} or not access.can_read(
        person, target, reading_day(period, structure)
    ):
        abort(404)
    if action not in ACTIONS:
        return _("Chọn một thao tác.")
    command = command_for(person, target, period, structure, action, request.form.get("reason", ""))
    require_writable(person, command)
    try:
        handle(registry(), command, recorded_by=person.name, key_scope=person.org)
    except RuleViolation as error:
        return error
    except InvalidValue:
        return _("Hãy ghi rõ lý do.")
    except NotFound:
        abort(404)
    return None


@bp.route("/orgs/<code>/periods/<period>", methods=["GET", "POST"])
@page_login_required
def period_page(code: str, period: str) -> ResponseReturnValue:
    """The reports of the organization's subtree for the period, and its own approved report."""
    the_period = period_of(period)
    structure = structure_of(request.values.get("structure"))
    day = reading_day(the_period, structure)
    readable(code, day)
    info = org_info(code)
    tree = period_tree(registry(), code, the_period, structure)
    refusal: RuleViolation | None = None
    problem: str | None = None
    if request.method == "POST":
        outcome = take_step(code, tree, the_period, structure)
        if outcome is None:
            flash(_("Đã ghi."))
            return redirect(
                url_for("pages_periods.period_page", code=code, period=period, structure=structure)
            )
        if isinstance(outcome, RuleViolation):
            refusal = outcome
        else:
            problem = outcome
    person = user()
    rows = [Row(r, allowed(person, r)) for r in tree.rows if access.can_read(person, r.code, day)]
    root = rows[0].report
    approved: Locked | None = None
    if root.state is ReportState.APPROVED:
        approved = locked(registry(), code, the_period, structure)
    carried: Reconciliation = reconciliation(registry(), code, the_period, structure)
    page = render_template(
        "pages/period.html",
        org=info,
        period=the_period,
        title=period_title(the_period),
        structure=structure.value,
        tree=tree,
        rows=rows,
        late=[row.report for row in rows if row.report.late],
        approved=approved,
        approved_code=verification_code(approved.digest) if approved else None,
        carried=carried,
        refusal=refusal,
        problem=problem,
    )
    return page, 422 if (refusal or problem) else 200
