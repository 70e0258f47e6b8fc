"""The compiled forms as a printable PDF (bản in): A4, one form after another, the rows in a
table, the stamp, and the signature block with the names.

Drawn with fpdf2 in DejaVu Sans, shipped in services/reports/fonts (its licence beside it):
the Vietnamese letters print on any machine, whatever fonts it has. The document's date is
the approval instant (or the instant the figures are known at), so the same report prints to
the same bytes: `sodang verify-report` prints it again from the log and compares.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from projections.forms.compiled import CompiledForm, CompiledForms, Value
from services.reports.forms_workbook import HEAD, STRUCTURES, period_text, stamp_lines
from services.reports.signed import NOT_APPROVED, ApprovalStamp

PDF_TYPE = "application/pdf"
FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
WIDTHS = (16, 84, 26, 30, 26)  # 182 mm of the 190 between A4's 10 mm margins


def _shown(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


@cache
def _document_class() -> Any:
    """The A4 document in DejaVu Sans. fpdf2 (with fontTools and Pillow) is imported when a
    PDF is first printed, not with this module: every web worker and every `sodang` command
    imports the module, and those libraries cost each of them ~0.2 s and 25 MB."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class Document(FPDF):
        def __init__(self) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
            self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
            self.set_margins(10, 10, 10)
            self.set_auto_page_break(auto=True, margin=12)

        def line_of(self, text: str, bold: bool = False, size: float = 9, align: str = "L") -> None:
            self.set_font(FAMILY, "B" if bold else "", size)
            self.multi_cell(0, 4.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        def cell_then_next_line(self, width: float, text: str) -> None:
            self.cell(width, 5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    return Document


def to_pdf(
    forms: CompiledForms, tree_head: str | None = None, approval: ApprovalStamp | None = None
) -> bytes:
    """The three forms, printable; with `approval`, the signed export (stamp, names, code and
    metadata); without, every page says the forms are not approved."""
    pdf = _document_class()()
    pdf.set_creation_date(approval.approved_at if approval else forms.known_at)
    pdf.set_title(f"Biểu thống kê đảng viên {forms.org} {forms.period.key}")
    pdf.set_creator("Sổ Đảng")
    pdf.set_author(forms.org_name)
    if approval is not None:
        pdf.set_subject(f"Mã xác minh {approval.code}")
        pdf.set_keywords(f"digest={approval.digest} {approval.metadata()}")
    else:
        pdf.set_subject(NOT_APPROVED)
        pdf.set_keywords(f"digest={forms.digest()}")
    for number, form in enumerate(forms.forms, start=1):
        pdf.add_page()
        _form(pdf, forms, form, number, tree_head, approval)
    return bytes(pdf.output())


def _form(
    pdf: Any,
    forms: CompiledForms,
    form: CompiledForm,
    number: int,
    tree_head: str | None,
    approval: ApprovalStamp | None,
) -> None:
    pdf.line_of(forms.org_name.upper(), bold=True)
    pdf.line_of(f"Mã tổ chức: {forms.org}")
    pdf.line_of("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, align="R")
    if approval is None:
        pdf.line_of(f"{NOT_APPROVED}: không có mã xác minh", bold=True, size=11, align="R")
    else:
        pdf.line_of(f"Đã duyệt. Mã xác minh: {approval.code}", bold=True, align="R")
    pdf.ln(2)
    pdf.line_of(f"BIỂU {number}: {form.title.upper()}", bold=True, size=12, align="C")
    pdf.line_of(form.subtitle, align="C")
    pdf.line_of(f"Kỳ báo cáo: {period_text(forms)}")
    structure = STRUCTURES[forms.structure]
    pdf.line_of(f"Cơ cấu tổ chức: {structure} ({forms.structure_on:%d/%m/%Y})")
    pdf.ln(1)
    pdf.set_font(FAMILY, "", 8)
    with pdf.table(col_widths=WIDTHS, text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT")) as t:
        head = t.row()
        for title in HEAD:
            head.cell(title)
        for line in form.rows:
            row = t.row()
            row.cell(line.code)
            row.cell("   " * line.level + line.label)
            for value in line.values:
                row.cell(_shown(value))
    pdf.ln(2)
    for check in form.checks:
        column = "kỳ báo cáo" if check.column == "this_period" else "cùng kỳ năm trước"
        verdict = "khớp" if check.holds else "KHÔNG KHỚP"
        pdf.line_of(f"Kiểm tra {check.label} ({column}): {check.left} = {check.right}: {verdict}")
    for unknown in form.unknown:
        if unknown.count:
            pdf.line_of(f"{unknown.label}: chưa có dữ liệu của {unknown.count} đảng viên")
    pdf.ln(1)
    lines = stamp_lines(forms, tree_head) + (approval.lines() if approval else [])
    for key, value in lines:
        pdf.line_of(f"{key}: {value}", size=8)
    _signatures(pdf, approval)


def _signatures(pdf: Any, approval: ApprovalStamp | None) -> None:
    if pdf.will_page_break(32):
        pdf.add_page()
    pdf.ln(4)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    rows = [
        (("Người lập biểu", "Trưởng ban tổ chức"), True),
        (("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"), False),
    ]
    for (left, right), bold in rows:
        pdf.set_font(FAMILY, "B" if bold else "", 9)
        pdf.cell(half, 5, left, align="C")
        pdf.cell_then_next_line(half, right)
    pdf.ln(14)
    if approval is not None:
        pdf.set_font(FAMILY, "B", 9)
        pdf.cell(half, 5, approval.prepared_by, align="C")
        pdf.cell_then_next_line(half, approval.approved_by)
