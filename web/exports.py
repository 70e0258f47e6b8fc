"""Every table of the pages as CSV or XLSX, stamped with the moment its figures describe.

A stamp names the organization, `as_of` (valid time), `known_at` (knowledge time, or "now")
and the log position the read side had reached when the figures were read, so a printed
table can be traced back to exactly the events behind it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.config import TIMEZONE
from services.reports.spreadsheet_cells import csv_row
from web.translations import translate
from web.translations.labels import label

if TYPE_CHECKING:
    from projections import results

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
    file; ISO in an English one."""
    day_first = lang == "vi"
    if isinstance(value, datetime):
        local = value.astimezone(TIMEZONE)
        return local.strftime("%d/%m/%Y %H:%M:%S") if day_first else local.isoformat()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if day_first else value.isoformat()
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


# -- the tables --------------------------------------------------------------------------


def _t(lang: str, *texts: str) -> list[str]:
    return [translate(text, lang) for text in texts]


def roll_table(roll: results.Roll, stamp: Stamp, lang: str) -> Table:
    """The members on a roll (danh sách đảng viên)."""
    rows = [
        [i, str(m.member_id), m.full_name, label("status", m.status, lang), m.since, m.org]
        for i, m in enumerate(roll.members, start=1)
    ]
    columns = _t(lang, "STT", "Mã đảng viên", "Họ và tên", "Loại", "Từ ngày", "Chi bộ")
    return Table("roll", translate("Danh sách đảng viên", lang), columns, rows, stamp)


def rollup_rows(node: results.RollupNode, depth: int = 0) -> Iterable[list[Any]]:
    kind = getattr(node.kind, "value", node.kind)
    yield [depth, node.code, node.name, kind, node.total, node.official, node.probationary]
    for child in node.children:
        yield from rollup_rows(child, depth + 1)


def rollup_table(root: results.RollupNode, stamp: Stamp, lang: str) -> Table:
    """Members of each organization of the subtree (tổng hợp đảng viên)."""
    rows = [[r[0], r[1], r[2], label("kind", r[3], lang), *r[4:]] for r in rollup_rows(root)]
    columns = _t(
        lang, "Cấp", "Mã", "Tổ chức đảng", "Loại tổ chức", "Tổng số", "Chính thức", "Dự bị"
    )
    return Table("rollup", translate("Tổng hợp đảng viên", lang), columns, rows, stamp)


FLOW_FIELDS = (
    "admitted",
    "readmitted",
    "transferred_in",
    "transferred_out",
    "recognized",
    "expelled",
    "struck_off",
    "died",
    "annulled",
)


def flows_table(flows: results.Flows, stamp: Stamp, lang: str) -> Table:
    """Intakes and removals over a period (biến động đảng viên)."""
    rows: list[list[Any]] = [[label("flow", f, lang), getattr(flows, f)] for f in FLOW_FIELDS]
    rows.append([translate("Tỷ lệ kết nạp (%)", lang), flows.admission_rate])
    columns = _t(lang, "Nội dung", "Số lượng")
    return Table("flows", translate("Biến động đảng viên", lang), columns, rows, stamp)


INDICATOR_FIELDS = (
    "women",
    "ethnic_minority",
    "religious",
    "youth_union",
    "under_30",
    "college_or_higher",
    "postgraduate",
    "private_enterprise",
)


def indicators_table(indicators: results.Indicators, stamp: Stamp, lang: str) -> Table:
    """Who the new members are (cơ cấu đảng viên mới kết nạp)."""
    rows: list[list[Any]] = [[translate("Tổng số kết nạp", lang), indicators.admitted, 100.0]]
    for name in INDICATOR_FIELDS:
        share = getattr(indicators, name)
        rows.append([label("indicator", name, lang), share.count, share.percent])
    columns = _t(lang, "Nội dung", "Số lượng", "Tỷ lệ (%)")
    return Table("indicators", translate("Cơ cấu đảng viên mới", lang), columns, rows, stamp)


def standings_table(standing: results.Standing, stamp: Stamp, lang: str) -> Table:
    """Admissions against the quotas, the organization then each one under it."""
    rows: list[list[Any]] = []
    for plan in standing.plans:
        rows.append([standing.org, standing.admitted, plan.assigned_by, plan.target, plan.percent])
    if not standing.plans:
        rows.append([standing.org, standing.admitted, "", None, None])
    for child in standing.children:
        org, admitted, plans = _child_parts(child)
        for plan in plans or [None]:
            rows.append(
                [
                    org,
                    admitted,
                    _get(plan, "assigned_by", ""),
                    _get(plan, "target", None),
                    _get(plan, "percent", None),
                ]
            )
    columns = _t(lang, "Tổ chức đảng", "Đã kết nạp", "Giao bởi", "Chỉ tiêu", "Đạt (%)")
    return Table("standings", translate("Thực hiện chỉ tiêu kết nạp", lang), columns, rows, stamp)


def _get(value: Any, name: str, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def _child_parts(child: Any) -> tuple[str, int, list[Any]]:
    return _get(child, "org", ""), _get(child, "admitted", 0), list(_get(child, "plans", []))


def diff_table(diff: results.Diff, stamp: Stamp, lang: str) -> Table:
    """The events that explain why two reports of the same day differ."""
    rows = [
        [
            str(e.event_id),
            label("event", e.type, lang),
            e.org,
            str(e.member_id) if e.member_id else "",
            e.effective_on,
            e.recorded_at,
            e.recorded_by,
            label("diff", e.kind, lang),
            e.effect,
        ]
        for e in diff.events
    ]
    columns = _t(
        lang,
        "Mã sự kiện",
        "Loại sự kiện",
        "Tổ chức đảng",
        "Mã đảng viên",
        "Ngày có hiệu lực",
        "Thời điểm ghi",
        "Người ghi",
        "Tính chất",
        "Ảnh hưởng",
    )
    return Table("diff", translate("Sự kiện giải thích chênh lệch", lang), columns, rows, stamp)


def series_table(points: Sequence[results.SeriesPoint], stamp: Stamp, lang: str) -> Table:
    """The roll month by month, with the admissions of each month."""
    rows = [[p.day, p.total, p.official, p.probationary, p.admitted] for p in points]
    columns = _t(lang, "Ngày", "Tổng số", "Chính thức", "Dự bị", "Kết nạp trong kỳ")
    return Table("series", translate("Đảng viên theo thời gian", lang), columns, rows, stamp)


def history_table(events: Sequence[results.MemberEntry], stamp: Stamp, lang: str) -> Table:
    """Every event about one member, with both of its times."""
    rows = [
        [
            label("event", _get(e, "type", ""), lang),
            _get(e, "org", ""),
            _get(e, "effective_on", None),
            _get(e, "recorded_at", None),
            _get(e, "recorded_by", ""),
            str(_get(e, "event_id", "")),
        ]
        for e in events
    ]
    columns = _t(
        lang,
        "Sự kiện",
        "Tổ chức đảng",
        "Ngày có hiệu lực",
        "Thời điểm ghi",
        "Người ghi",
        "Mã sự kiện",
    )
    return Table("history", translate("Lịch sử đảng viên", lang), columns, rows, stamp)
