"""Whether a signed export still says what was approved (kiểm tra bản xuất đã duyệt).

The file's metadata names the report (organization, period, structure, approval instant). The
forms are compiled again as known at that instant and checked three ways: the file's digest
is the approval's; the recompilation still gives the approval's digest (the log was not
rewritten since); the figures the file prints are the recompiled ones (a cell edited after
export is caught here, whatever the metadata says). A workbook's figures are read cell by
cell; a PDF is printed again from the recompilation and compared byte for byte (the print is
deterministic). Today's figures are compared too: events recorded after the approval may have
changed them, which leaves the approved report valid and is said, with their count.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from domain.errors import InvalidValue
from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from services.reporting.locked import Locked, locked
from services.reporting.states import stored_report
from services.reports.approved import forms_known_at, stamp_of
from services.reports.forms_pdf import to_pdf
from services.reports.forms_workbook import FIRST_ROW, METADATA_SHEET
from services.reports.signed import ApprovalStamp, NoMetadata, read_metadata


class BadFile(ValueError):
    """Not a file this check can read: not a workbook or PDF, no metadata, unknown report."""


@dataclass(frozen=True)
class Verdict:
    """What the check found; `valid` when the file says what was approved, as the log knows."""

    stamp: ApprovalStamp
    digest_matches: bool  # the file's digest is the approval's
    metadata_matches: bool  # the file's other facts are the approval's (names, time, position)
    reproduced: bool  # compiled again as known at approval, the approval's digest
    figures_match: bool  # what the file prints is the recompilation
    differences: list[str] = field(default_factory=list)
    in_force: bool = True  # not returned since
    today: Locked | None = None

    @property
    def valid(self) -> bool:
        return (
            self.digest_matches and self.metadata_matches and self.reproduced and self.figures_match
        )

    @property
    def later_events(self) -> int:
        if self.today is None:
            return 0
        diffs = (self.today.brought_forward_diff, self.today.at_end_diff)
        return len({e.event_id for d in diffs if d is not None for e in d.events})


@dataclass(frozen=True)
class _Read:
    kind: str  # xlsx | pdf
    metadata: dict[str, Any]
    book: Any = None


def _read(data: bytes) -> _Read:
    if data.startswith(b"%PDF"):
        text = data.decode("latin-1")
        try:
            return _Read("pdf", read_metadata(text))
        except NoMetadata as error:
            raise BadFile(f"tệp PDF không có thông tin báo cáo đã duyệt ({error})") from None
    if not data.startswith(b"PK"):
        raise BadFile("tệp không phải bảng tính XLSX hay PDF")
    from openpyxl import load_workbook  # on first use (see forms_workbook)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise BadFile("tệp không phải bảng tính XLSX đọc được") from None
    text = ""
    if METADATA_SHEET in book.sheetnames:
        text = str(book[METADATA_SHEET].cell(row=1, column=1).value or "")
    text = text or str(book.properties.keywords or "")
    try:
        return _Read("xlsx", read_metadata(text), book)
    except NoMetadata as error:
        raise BadFile(f"bảng tính không có thông tin báo cáo đã duyệt ({error})") from None


def named_in(data: bytes) -> tuple[str, str]:
    """The organization and period key a signed export names; BadFile when it names none."""
    metadata = _read(data).metadata
    return str(metadata.get("org")), str(metadata.get("period"))


def _approval_named(registry: Any, metadata: dict[str, Any]) -> tuple[Any, dict[str, Any], bool]:
    try:
        period = Period.parse(str(metadata.get("period")))
        structure = Structure(str(metadata.get("structure")))
    except (InvalidValue, ValueError):
        raise BadFile("thông tin báo cáo trong tệp không hợp lệ") from None
    org = str(metadata.get("org"))
    report = stored_report(registry, org, period, structure)
    if report is None or not report.approvals:
        raise BadFile("không tìm thấy báo cáo đã duyệt mà tệp nêu")
    at = str(metadata.get("approved_at"))
    for approval in report.approvals:
        if approval["at"].isoformat() == at:
            return report, approval, approval is report.approval
    raise BadFile("không tìm thấy lần duyệt mà tệp nêu")


def verify(registry: Any, data: bytes) -> Verdict:
    """Check a signed export against the log; BadFile when it cannot be checked at all."""
    read = _read(data)
    report, approval, in_force = _approval_named(registry, read.metadata)
    period, structure = Period.parse(report.period), Structure(report.structure)
    stamp = stamp_of(registry, report, approval, period, structure)
    forms = forms_known_at(registry, report.org, period, structure, approval["at"])
    expected = read_metadata(stamp.metadata())
    if read.kind == "xlsx":
        differences = workbook_differences(read.book, forms)
    else:
        printed = to_pdf(forms, stamp.tree_root, stamp)
        differences = [] if printed == data else ["nội dung tệp PDF khác bản in lại từ sổ ghi"]
    return Verdict(
        stamp=stamp,
        digest_matches=read.metadata.get("digest") == approval["digest"],
        metadata_matches=read.metadata == expected,
        reproduced=forms.digest() == approval["digest"],
        figures_match=not differences,
        differences=differences,
        in_force=in_force,
        today=locked(registry, report.org, period, structure) if in_force else None,
    )


def workbook_differences(book: Any, forms: CompiledForms) -> list[str]:
    """Each cell of the workbook's figures that is not the recompiled forms' (code and values,
    row by row from the first row of figures)."""
    found: list[str] = []
    for number, form in enumerate(forms.forms, start=1):
        title = f"Biểu {number}"
        if title not in book.sheetnames:
            found.append(f"{title}: không có trong tệp")
            continue
        sheet = book[title]
        for offset, line in enumerate(form.rows):
            row = FIRST_ROW + offset
            cells = [sheet.cell(row=row, column=c).value for c in range(1, 3 + len(line.values))]
            if cells[0] != line.code:
                found.append(f"{title}, dòng {row}: mã số {cells[0]!r}, lẽ ra {line.code!r}")
                continue
            for column, (got, want) in enumerate(zip(cells[2:], line.values, strict=True)):
                if not _same(got, want):
                    found.append(
                        f"{title}, chỉ tiêu {line.code}, cột {column + 1}: {got!r}, lẽ ra {want!r}"
                    )
    return found


def _same(got: object, want: object) -> bool:
    if want is None:
        return got is None or got == ""
    if isinstance(want, float) and isinstance(got, int | float) and not isinstance(got, bool):
        return abs(got - want) < 1e-9
    return type(got) is type(want) and got == want
