"""The compiled forms as an XLSX workbook laid out like the paper forms: one sheet per form.

Each sheet carries the organization and the period at the top, the form's title, its rows
(code, indicator, this period, the same period last year, the ratio), the checks it states
(A + B − C = D) and how many members are not recorded for each breakdown, then the stamp
(the instant the figures are known at, the log position and tree head, the content's digest)
and the two signatures the guideline asks for: who prepared it, and the head of the
organization board. Text is written as text: a label that looks like a formula never runs.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING, Any

from domain.reporting.period import PeriodKind, Structure
from projections.forms.compiled import CompiledForm, CompiledForms
from services.config import TIMEZONE
from services.reports.signed import NOT_APPROVED, ApprovalStamp
from services.reports.spreadsheet_cells import looks_like_formula

if TYPE_CHECKING:
    from openpyxl.styles import Border
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = ("Mã số", "Chỉ tiêu", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tỷ lệ so với cùng kỳ (%)")
STRUCTURES = {
    Structure.AS_STRUCTURED: "Theo tổ chức tại thời điểm cuối kỳ",
    Structure.RESTATED: "Quy đổi về tổ chức hiện nay",
}


def period_text(forms: CompiledForms) -> str:
    period = forms.period
    span = f"từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
    if period.kind is PeriodKind.YEAR:
        return f"Năm {period.start.year} ({span})"
    if period.kind is PeriodKind.FIRST_HALF:
        return f"6 tháng đầu năm {period.start.year} ({span})"
    return span[0].upper() + span[1:]


def stamp_lines(forms: CompiledForms, tree_head: str | None = None) -> list[tuple[str, str]]:
    known = forms.known_at.astimezone(TIMEZONE)
    lines = [
        ("Số liệu theo dữ liệu đã ghi đến", f"{known:%d/%m/%Y %H:%M:%S}"),
        ("Vị trí trong sổ ghi", str(forms.position)),
        ("Mã kiểm tra nội dung (SHA-256)", forms.digest()),
    ]
    if tree_head:
        lines.append(("Mã kiểm tra sổ ghi", tree_head))
    return lines


FIRST_ROW = 10  # the first row of figures on each sheet (below the head at row 9)
METADATA_SHEET = "xac_minh"


def to_workbook(
    forms: CompiledForms, tree_head: str | None = None, approval: ApprovalStamp | None = None
) -> bytes:
    """The workbook; with `approval`, the approved report's signed export (its stamp, names
    and verification code on each sheet, its metadata in the properties and a hidden sheet);
    without, every sheet says the forms are not approved."""
    # openpyxl is imported when a workbook is first written, not with this module: every web
    # worker and every `sodang` command imports the module, few of them write a workbook.
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    for index, form in enumerate(forms.forms):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = f"Biểu {index + 1}"
        _sheet(sheet, forms, form, index + 1, tree_head, approval)
    book.properties.title = f"Biểu thống kê đảng viên {forms.org} {forms.period.key}"
    book.properties.keywords = f"digest={forms.digest()}"
    if approval is not None:
        book.properties.keywords += f" {approval.metadata()}"
        book.properties.subject = f"Mã xác minh {approval.code}"
        hidden = book.create_sheet(METADATA_SHEET)
        hidden.sheet_state = "hidden"
        hidden.cell(row=1, column=1, value=approval.metadata())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(
    sheet: Worksheet,
    forms: CompiledForms,
    form: CompiledForm,
    number: int,
    tree_head: str | None,
    approval: ApprovalStamp | None,
) -> None:
    from openpyxl.styles import Alignment

    box = _box()
    _put(sheet, 1, 1, f"{forms.org_name}".upper(), bold=True)
    _put(sheet, 2, 1, f"Mã tổ chức: {forms.org}")
    _put(sheet, 1, 4, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True)
    if approval is None:
        _put(sheet, 2, 4, f"{NOT_APPROVED}: không có mã xác minh", bold=True)
    else:
        _put(sheet, 2, 4, f"Đã duyệt. Mã xác minh: {approval.code}", bold=True)
    _put(sheet, 4, 1, f"BIỂU {number}: {form.title.upper()}", bold=True, size=13)
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=5)
    sheet.cell(row=4, column=1).alignment = Alignment(horizontal="center")
    _put(sheet, 5, 1, form.subtitle)
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=5)
    sheet.cell(row=5, column=1).alignment = Alignment(horizontal="center")
    _put(sheet, 6, 1, f"Kỳ báo cáo: {period_text(forms)}")
    structure = STRUCTURES[forms.structure]
    _put(sheet, 7, 1, f"Cơ cấu tổ chức: {structure} ({forms.structure_on:%d/%m/%Y})")
    row = FIRST_ROW - 1
    for column, title in enumerate(HEAD, start=1):
        cell = _put(sheet, row, column, title, bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for line in form.rows:
        row += 1
        heading = line.kind in ("heading", "sum") or line.level == 0
        _put(sheet, row, 1, line.code, bold=heading).border = box
        label = _put(sheet, row, 2, line.label, bold=heading)
        label.border = box
        label.alignment = Alignment(indent=2 * line.level, wrap_text=True)
        for offset, value in enumerate(line.values):
            cell = sheet.cell(row=row, column=3 + offset, value=value)
            cell.border = box
            if isinstance(value, float):
                cell.number_format = "0.0"
    row += 2
    for check in form.checks:
        column = "kỳ báo cáo" if check.column == "this_period" else "cùng kỳ năm trước"
        verdict = "khớp" if check.holds else "KHÔNG KHỚP"
        _put(
            sheet,
            row,
            1,
            f"Kiểm tra {check.label} ({column}): {check.left} = {check.right}: {verdict}",
        )
        row += 1
    for unknown in form.unknown:
        if unknown.count:
            _put(sheet, row, 1, f"{unknown.label}: chưa có dữ liệu của {unknown.count} đảng viên")
            row += 1
    row += 1
    lines = stamp_lines(forms, tree_head) + (approval.lines() if approval else [])
    for key, value in lines:
        _put(sheet, row, 1, key)
        _put(sheet, row, 2, value)
        row += 1
    row += 1
    _put(sheet, row, 1, "NGƯỜI LẬP BIỂU", bold=True)
    _put(sheet, row, 4, "T/M BAN TỔ CHỨC", bold=True)
    _put(sheet, row + 1, 1, "(Ký, ghi rõ họ tên)")
    _put(sheet, row + 1, 4, "TRƯỞNG BAN (Ký, ghi rõ họ tên)")
    if approval is not None:
        _put(sheet, row + 4, 1, approval.prepared_by)
        _put(sheet, row + 4, 4, approval.approved_by)
    for column, width in zip("ABCDE", (10, 60, 14, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=1)


@cache
def _box() -> Border:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _put(
    sheet: Worksheet, row: int, column: int, text: str, bold: bool = False, size: int = 11
) -> Any:
    cell = sheet.cell(row=row, column=column, value=text)
    if looks_like_formula(text):
        cell.data_type = "s"  # openpyxl reads a leading `=` as a formula; it stays text
    if bold or size != 11:
        from openpyxl.styles import Font

        cell.font = Font(bold=bold, size=size)
    return cell
