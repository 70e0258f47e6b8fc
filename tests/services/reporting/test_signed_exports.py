"""Signed exports of an approved report (XLSX and PDF) and their verification against the log."""

from __future__ import annotations

import base64
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from domain.reporting.period import Period, Structure
from services.reports.approved import report_export
from services.reports.forms_workbook import FIRST_ROW, METADATA_SHEET
from services.reports.signed import MARKER, read_metadata, verification_code
from services.reports.verification import BadFile, verify

YEAR = Period.year(2024)
AS = Structure.AS_STRUCTURED


@pytest.fixture
def approved(desk, province):
    """Two admitted to the cell in 2024, its 2024 report approved on 10 January 2025."""
    desk.on(date(2024, 3, 5))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.on(date(2025, 1, 10))
    desk.prepare_and_approve(province.cell, YEAR)
    return province


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _texts(book) -> set[str]:
    return {
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_the_verification_code_is_the_digest_head_in_groups():
    assert verification_code("0123456789abcdef" + "0" * 48) == "0123-4567-89AB-CDEF"


def test_an_approved_workbook_carries_the_names_time_position_tree_head_and_code(
    desk, approved, registry
):
    export = report_export(registry, approved.cell, YEAR, AS)
    stamp = export.approval
    assert stamp is not None
    book = _book(export.workbook())

    texts = _texts(book)
    assert f"Đã duyệt. Mã xác minh: {stamp.code}" in texts
    assert {f"officer of {approved.cell}", f"clerk of {approved.cell}", "10/01/2025 10:00"} <= texts
    assert {str(stamp.position), stamp.digest, stamp.tree_text} <= texts
    assert stamp.tree_text.startswith(stamp.tree_root[:16])
    assert book[METADATA_SHEET].sheet_state == "hidden"
    metadata = read_metadata(book[METADATA_SHEET]["A1"].value)
    assert (metadata["org"], metadata["period"], metadata["structure"]) == (
        approved.cell,
        "2024",
        "as_structured",
    )
    assert metadata["digest"] == stamp.digest == export.forms.digest()
    assert metadata["position"] == stamp.position
    assert MARKER in book.properties.keywords


def test_an_approved_pdf_is_a4_and_carries_the_metadata(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    data = export.pdf()

    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    metadata = read_metadata(data.decode("latin-1"))
    assert metadata["report_id"] == export.approval.report_id
    assert metadata["digest"] == export.approval.digest
    assert export.pdf() == data  # the print is deterministic: verification prints it again


def test_forms_not_approved_export_marked_without_a_code(desk, approved, registry):
    export = report_export(registry, approved.other_cell, YEAR, AS)

    assert export.approval is None
    book = _book(export.workbook())
    assert "CHƯA DUYỆT: không có mã xác minh" in _texts(book)
    assert METADATA_SHEET not in book.sheetnames
    assert MARKER.encode() not in export.pdf()
    with pytest.raises(BadFile):
        verify(registry, export.workbook())


def test_a_fresh_export_verifies(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)

    for data in (export.workbook(), export.pdf()):
        verdict = verify(registry, data)
        assert verdict.valid, verdict
        assert verdict.today is not None and not verdict.today.changed


def test_a_late_entry_leaves_the_export_valid_and_is_counted(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    desk.on(date(2025, 3, 1))
    desk.admit(approved.cell, date(2024, 10, 1))

    verdict = verify(registry, export.workbook())

    assert verdict.valid and verdict.reproduced
    assert verdict.today.changed and verdict.later_events == 1
    again = report_export(registry, approved.cell, YEAR, AS)
    assert again.workbook() and again.forms.digest() == export.forms.digest()


def test_an_edited_figure_cell_fails(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    book = _book(export.workbook())
    sheet = book["Biểu 1"]
    cell = next(
        sheet.cell(row=r, column=3)
        for r in range(FIRST_ROW, sheet.max_row)
        if isinstance(sheet.cell(row=r, column=3).value, int)
    )
    cell.value += 1
    out = io.BytesIO()
    book.save(out)

    verdict = verify(registry, out.getvalue())

    assert not verdict.valid and not verdict.figures_match
    assert verdict.digest_matches and verdict.reproduced
    assert len(verdict.differences) == 1


def test_a_tampered_metadata_digest_fails(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    data = export.pdf()
    digest = export.approval.digest
    forged = export.approval.__class__(**{**export.approval.__dict__, "digest": "f" * 64})
    tampered = data.replace(
        export.approval.metadata().encode(), forged.metadata().encode()
    ).replace(digest.encode(), ("f" * 64).encode())
    assert tampered != data

    verdict = verify(registry, tampered)

    assert not verdict.valid and not verdict.digest_matches and not verdict.figures_match


def test_an_edited_pdf_fails(desk, approved, registry):
    data = report_export(registry, approved.cell, YEAR, AS).pdf()
    at = data.index(b"stream") + 40
    edited = data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]

    assert not verify(registry, edited).valid


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"hello",
        b"PK\x03\x04not a zip",
        b"%PDF-1.7\n%%EOF",
        b"%PDF " + MARKER.encode() + b"!!",
        # metadata that decodes but names no period, structure or organization
        b"%PDF ("
        + MARKER.encode()
        + base64.urlsafe_b64encode(b'{"report_id":"x","period":5}')
        + b")",
    ],
)
def test_garbage_is_refused_as_unreadable(registry, garbage):
    with pytest.raises(BadFile):
        verify(registry, garbage)


def test_a_file_naming_an_unknown_report_is_refused(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    forged = export.approval.__class__(**{**export.approval.__dict__, "period": "2023"})
    data = export.pdf().replace(export.approval.metadata().encode(), forged.metadata().encode())

    with pytest.raises(BadFile):
        verify(registry, data)


def test_a_workbook_whose_metadata_digest_was_changed_fails(desk, approved, registry):
    export = report_export(registry, approved.cell, YEAR, AS)
    book = _book(export.workbook())
    forged = export.approval.__class__(**{**export.approval.__dict__, "digest": "0" * 64})
    book[METADATA_SHEET]["A1"] = forged.metadata()
    out = io.BytesIO()
    book.save(out)

    verdict = verify(registry, out.getvalue())

    assert not verdict.valid and not verdict.digest_matches and verdict.figures_match
