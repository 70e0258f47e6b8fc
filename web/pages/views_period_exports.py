"""The report of a period as files (báo cáo xuất ra tệp): the approved report signed, as known
at its approval, in XLSX and PDF; a report not approved yet, the forms as known now marked
"Chưa duyệt", without a verification code. Read like the period page: the reader's reach on
the day the report's tree stands, an unknown or foreign code answering 404 alike."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from services.reports.approved import ReportExport, report_export
from services.reports.forms_pdf import PDF_TYPE
from services.reports.forms_workbook import XLSX_TYPE
from web.pages.context import page_login_required, readable, registry
from web.pages.views_periods import period_of, reading_day, structure_of

bp = Blueprint("pages_period_exports", __name__)


def _export(code: str, period: str) -> ReportExport:
    the_period = period_of(period)
    structure = structure_of(request.args.get("structure"))
    readable(code, reading_day(the_period, structure))
    return report_export(registry(), code, the_period, structure)


def _file(body: bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/orgs/<code>/periods/<period>/report.xlsx")
@page_login_required
def report_xlsx(code: str, period: str) -> ResponseReturnValue:
    """The report's workbook: signed when approved, marked not approved otherwise."""
    export = _export(code, period)
    return _file(export.workbook(), XLSX_TYPE, f"{export.filename}.xlsx")


@bp.get("/orgs/<code>/periods/<period>/report.pdf")
@page_login_required
def report_pdf(code: str, period: str) -> ResponseReturnValue:
    """The report printable (A4), signed when approved, marked not approved otherwise."""
    export = _export(code, period)
    return _file(export.pdf(), PDF_TYPE, f"{export.filename}.pdf")
