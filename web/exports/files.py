"""A table of the pages written as CSV or XLSX, stamped with the moment its figures describe.

A stamp names the organization, `as_of` (valid time), `known_at` (knowledge time, or "now")
and the log position the read side had reached when the figures were read, so a printed
table can be traced back to exactly the events behind it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.config import TIMEZONE
from services.reports.spreadsheet_cells import csv_row
from web.translations import translate
from web.translations.formats import day_in, moment_in

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Stamp:
    """What the figures of a table describe and where in the log they were read."""

    org: str
    as_of: date | None
    known_at: datetime | None
    position: int | None
    generated_at: datetime
    extra: dict[str, str] = field(default_factory=dict)

    def rows(self, lang: str) -> list[tuple[str, str]]:
        """The stamp's lines in the file's language: Vietnamese labels and dd/mm/yyyy in a
        Vietnamese file, English labels and ISO dates in an English one."""
        t = lambda text: translate(text, lang)  # noqa: E731
        known = _plain(self.known_at, lang) if self.known_at else t("hiện tại")
        return [
            (t("Tổ chức đảng"), self.org),
            (t("Số liệu đến ngày"), _plain(self.as_of, lang)),
            (t("Theo dữ liệu đã ghi đến"), known),
            (t("Vị trí trong sổ ghi"), "" if self.position is None else str(self.position)),
            (t("Thời điểm xuất"), _plain(self.generated_at, lang)),
            *(
                (t(STAMP_EXTRAS.get(key, key)), _plain(_as_time(value), lang))
                if key in TIME_EXTRAS
                else (t(STAMP_EXTRAS.get(key, key)), value)
                for key, value in self.extra.items()
            ),
        ]


# Labels of the stamp's extra lines (the Vietnamese source text of each).
STAMP_EXTRAS = {
    "member_id": "Mã đảng viên",
    "period": "Kỳ chỉ tiêu",
    "from": "Từ ngày",
    "to": "Đến ngày",
    "known_at_2": "So với dữ liệu đã ghi đến",
    "log_size": "Số sự kiện trong sổ ghi",
    "tree_head": "Mã kiểm tra sổ ghi",
}
TIME_EXTRAS = {"from", "to", "known_at_2"}


def _as_time(value: str) -> Any:
    """An ISO day or time given as text, as a date or datetime (other text unchanged)."""
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Table:
    """A titled grid of values, ready to be written out."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    stamp: Stamp


def to_csv(table: Table, lang: str) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Vietnamese right); the stamp comes first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row([table.title]))
    for key, value in table.stamp.rows(lang):
        writer.writerow(csv_row([key, value]))
    writer.writerow([])
    writer.writerow(csv_row(table.columns))
    for row in table.rows:
        writer.writerow(csv_row(_plain(v, lang) for v in row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, lang: str) -> bytes:
    """One sheet: title, stamp, then the table with a bold frozen header."""
    # Imported on first use: openpyxl costs every worker and command ~0.13 s and 15 MB.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    for key, value in table.stamp.rows(lang):
        sheet.append([key, value])
    sheet.append([])
    sheet.append(table.columns)
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    _text_stays_text(sheet)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    for index, column in enumerate(table.columns, start=1):
        widest = max(
            [len(str(column)), *(len(str(_plain(r[index - 1], lang))) for r in table.rows)]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, widest + 2))
    book.properties.title = table.title
    book.properties.keywords = " ".join(f"{k}={v}" for k, v in table.stamp.rows(lang))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_stays_text(sheet: Any) -> None:
    """openpyxl makes every str starting with `=` a formula: store them all as text instead."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _plain(value: Any, lang: str = "en") -> Any:
    """A value as text: days dd/mm/yyyy and times 24-hour in Vietnam's time in a Vietnamese
    file (`web.translations.formats`); ISO in an English one."""
    day_first = lang == "vi"
    if isinstance(value, datetime):
        return moment_in(value, lang) if day_first else value.astimezone(TIMEZONE).isoformat()
    if isinstance(value, date):
        return day_in(value, lang) if day_first else value.isoformat()
    if value is None:
        return ""
    return getattr(value, "value", value)


def _cell(value: Any) -> Any:
    """Numbers and dates stay typed in the spreadsheet; aware times become local, naive."""
    if isinstance(value, datetime):
        return value.astimezone(TIMEZONE).replace(tzinfo=None)
    if isinstance(value, (int, float, date)) or value is None:
        return value
    return str(getattr(value, "value", value))
