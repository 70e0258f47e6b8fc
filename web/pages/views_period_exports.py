"""The report of a period as files (báo cáo xuất ra tệp): the approved report signed, as known
at its approval, in XLSX and PDF; a report not approved yet, the forms as known now marked
"Chưa duyệt", without a verification code. Read like the period page: the reader's reach on
the day the report's tree stands, an unknown or foreign code answering 404 alike.

The verification page takes a downloaded file back and checks it against the log
(services.reports.verification), only for the organization and period of its address: a file
naming another is refused before any report is looked up, so nothing of another tenant's
reports is told."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from services.reports.approved import ReportExport, report_export
from services.reports.forms_pdf import PDF_TYPE
from services.reports.forms_workbook import XLSX_TYPE
from services.reports.verification import BadFile, Verdict, named_in, verify
from web.pages.context import org_info, page_login_required, readable, registry
from web.pages.i18n import _
from web.pages.views_periods import period_of, period_title, reading_day, structure_of

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


def _checked(code: str, period_key: str) -> Verdict | str:
    """The uploaded file's verdict, or why it cannot be checked here."""
    upload = request.files.get("file")
    data = upload.read() if upload is not None else b""
    if not data:
        return _("Chọn tệp XLSX hoặc PDF đã tải về.")
    try:
        if named_in(data) != (code, period_key):
            return _("Tệp không phải báo cáo đã duyệt của tổ chức và kỳ này.")
        return verify(registry(), data)
    except BadFile:
        return _("Tệp không phải báo cáo đã duyệt của tổ chức và kỳ này.")


@bp.route("/orgs/<code>/periods/<period>/verify", methods=["GET", "POST"])
@page_login_required
def verify_page(code: str, period: str) -> ResponseReturnValue:
    """Whether a downloaded report file still says what was approved, as the log knows it."""
    the_period = period_of(period)
    structure = structure_of(request.values.get("structure"))
    readable(code, reading_day(the_period, structure))
    outcome = _checked(code, the_period.key) if request.method == "POST" else None
    problem = outcome if isinstance(outcome, str) else None
    page = render_template(
        "pages/verify_report.html",
        org=org_info(code),
        period=the_period,
        title=period_title(the_period),
        structure=structure.value,
        verdict=outcome if isinstance(outcome, Verdict) else None,
        problem=problem,
    )
    return page, 422 if problem else 200
