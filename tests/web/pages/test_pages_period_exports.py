"""The period page's report files: the approved report signed (XLSX and PDF, the code on the
page and in both), a report not approved marked so, a foreign organization not found."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from services.reports.forms_workbook import METADATA_SHEET
from services.reports.signed import read_metadata
from services.reports.verification import verify
from tests.web.pages.test_pages_periods import PATH, approve_as_its_own


def test_the_approved_report_downloads_signed_with_the_code_shown(browse, peopled, registry):
    approve_as_its_own(registry, peopled.cell)
    cell = browse("cb01.officer", peopled.cell, "officer")

    page = cell.text(PATH.format(code=peopled.cell))
    code = page.split('id="verification-code">')[1].split("<")[0]
    xlsx = cell.get(PATH.format(code=peopled.cell) + "/report.xlsx")
    pdf = cell.get(PATH.format(code=peopled.cell) + "/report.pdf")

    assert xlsx.status_code == pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    book = load_workbook(io.BytesIO(xlsx.data))
    assert read_metadata(book[METADATA_SHEET]["A1"].value)["org"] == peopled.cell
    assert f"Đã duyệt. Mã xác minh: {code}" == book["Biểu 1"]["D2"].value
    assert (
        read_metadata(pdf.data.decode("latin-1"))["digest"]
        .upper()
        .startswith(code.replace("-", ""))
    )
    assert verify(registry, xlsx.data).valid and verify(registry, pdf.data).valid


def test_a_report_not_approved_downloads_marked_without_a_code(browse, peopled):
    cell = browse("cb01.officer", peopled.cell, "officer")

    page = cell.text(PATH.format(code=peopled.cell))
    xlsx = cell.get(PATH.format(code=peopled.cell) + "/report.xlsx")

    assert "verification-code" not in page and "Chưa duyệt" in page
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book["Biểu 1"]["D2"].value == "CHƯA DUYỆT: không có mã xác minh"
    assert METADATA_SHEET not in book.sheetnames


def test_a_foreign_organization_report_file_is_not_found(browse, peopled, registry):
    approve_as_its_own(registry, peopled.cell)
    foreign = browse("h02.officer", peopled.committee2, "officer")

    for suffix in ("/report.xlsx", "/report.pdf"):
        assert foreign.get(PATH.format(code=peopled.cell) + suffix).status_code == 404
        assert foreign.get(PATH.format(code="NO.SUCH") + suffix).status_code == 404


def _upload(browser, code: str, data: bytes, name: str):
    path = PATH.format(code=code) + "/verify"
    token = browser.hidden(path)["csrf_token"]
    return browser.client.post(
        path,
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_the_verification_page_checks_an_uploaded_file(browse, peopled, registry):
    approve_as_its_own(registry, peopled.cell)
    cell = browse("cb01.officer", peopled.cell, "officer")
    pdf = cell.get(PATH.format(code=peopled.cell) + "/report.pdf").data
    xlsx = cell.get(PATH.format(code=peopled.cell) + "/report.xlsx").data
    book = load_workbook(io.BytesIO(xlsx))
    book["Biểu 1"]["C10"] = 12345
    edited = io.BytesIO()
    book.save(edited)

    valid = _upload(cell, peopled.cell, pdf, "bao-cao.pdf")
    invalid = _upload(cell, peopled.cell, edited.getvalue(), "bao-cao.xlsx")
    garbage = _upload(cell, peopled.cell, b"not a report", "x.pdf")

    assert valid.status_code == 200 and 'data-valid="yes"' in valid.get_data(as_text=True)
    assert invalid.status_code == 200 and 'data-valid="no"' in invalid.get_data(as_text=True)
    assert "12345" in invalid.get_data(as_text=True)
    assert garbage.status_code == 422


def test_the_verification_page_refuses_a_file_of_another_organization(browse, peopled, registry):
    approve_as_its_own(registry, peopled.cell)
    commune = browse("du01.officer", peopled.committee, "officer")
    pdf = commune.get(PATH.format(code=peopled.cell) + "/report.pdf").data

    answer = _upload(commune, peopled.committee, pdf, "bao-cao.pdf")

    assert answer.status_code == 422
    assert "không phải báo cáo đã duyệt của tổ chức và kỳ này" in answer.get_data(as_text=True)
