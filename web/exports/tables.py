"""Every table of the pages, built from the read side's answers in the reader's language.

Each builder names its columns in Vietnamese source text and the values in the domain's words
(`domain.vocabulary`), both translated for an English file; `web.exports.files` writes them out.
Where an organization's code appears, its name follows in the next column, as it stood on the
figure's day and told by the pages' own `Names` (issue 13 item 8): the code stays, as machines
and spreadsheets join on it, and an organization the reader could not read that day is unnamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from domain.vocabulary import FLOWS, INDICATORS
from web.exports.files import Stamp, Table
from web.translations import translate
from web.translations.labels import label

if TYPE_CHECKING:
    from projections import results


class Named(Protocol):
    """A name as the pages show it (`web.pages.history_names.Named`)."""

    @property
    def name(self) -> str: ...

    @property
    def code(self) -> str: ...


class Names(Protocol):
    """How the pages name organizations and recorders (`web.pages.history_names.HistoryNames`):
    the exports take it as given, so a file never names more than the page it comes from."""

    def org(self, code: object, day: date) -> Named: ...

    def recorder(self, who: str) -> Named: ...


def _recorder(names: Names, who: str) -> tuple[str, str]:
    """Who recorded an event as the member page shows them: an account by its role and
    organization beside its sign-in name, the sign-in name left out where the page leaves it
    out (an account of an organization the reader does not read)."""
    shown = names.recorder(who)
    return shown.name, shown.code


def _t(lang: str, *texts: str) -> list[str]:
    return [translate(text, lang) for text in texts]


def roll_table(roll: results.Roll, stamp: Stamp, lang: str, names: Names) -> Table:
    """The members on a roll (danh sách đảng viên), each cell named as on the roll's day."""
    day = roll.as_of
    rows = [
        [
            i,
            str(m.member_id),
            m.full_name,
            label("status", m.status, lang),
            m.since,
            m.org,
            names.org(m.org, day).name,
        ]
        for i, m in enumerate(roll.members, start=1)
    ]
    columns = _t(
        lang, "STT", "Mã đảng viên", "Họ và tên", "Loại", "Từ ngày", "Chi bộ", "Tên chi bộ"
    )
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


# The counts of a period and the shares of new members, in the order their tables list them.
FLOW_FIELDS = tuple(FLOWS)
INDICATOR_FIELDS = tuple(INDICATORS)


def flows_table(flows: results.Flows, stamp: Stamp, lang: str) -> Table:
    """Intakes and removals over a period (biến động đảng viên)."""
    rows: list[list[Any]] = [[label("flow", f, lang), getattr(flows, f)] for f in FLOW_FIELDS]
    rows.append([translate("Tỷ lệ kết nạp (%)", lang), flows.admission_rate])
    columns = _t(lang, "Nội dung", "Số lượng")
    return Table("flows", translate("Biến động đảng viên", lang), columns, rows, stamp)


def indicators_table(indicators: results.Indicators, stamp: Stamp, lang: str) -> Table:
    """Who the new members are (cơ cấu đảng viên mới kết nạp)."""
    rows: list[list[Any]] = [[translate("Tổng số kết nạp", lang), indicators.admitted, 100.0]]
    for name in INDICATOR_FIELDS:
        share = getattr(indicators, name)
        rows.append([label("indicator", name, lang), share.count, share.percent])
    columns = _t(lang, "Nội dung", "Số lượng", "Tỷ lệ (%)")
    return Table("indicators", translate("Cơ cấu đảng viên mới", lang), columns, rows, stamp)


def standings_table(standing: results.Standing, stamp: Stamp, lang: str, names: Names) -> Table:
    """Admissions against the quotas, the organization then each one under it; each organization
    and each assigning one named as on the standing's day."""
    day = standing.as_of
    rows: list[list[Any]] = []

    def row(org: str, admitted: int, plan: Any) -> list[Any]:
        by = _get(plan, "assigned_by", "")
        return [
            org,
            names.org(org, day).name,
            admitted,
            by,
            names.org(by, day).name,
            _get(plan, "target", None),
            _get(plan, "percent", None),
        ]

    own: list[Any] = list(standing.plans)
    for plan in own or [None]:
        rows.append(row(standing.org, standing.admitted, plan))
    for child in standing.children:
        org, admitted, plans = _child_parts(child)
        for plan in plans or [None]:
            rows.append(row(org, admitted, plan))
    columns = _t(
        lang,
        "Tổ chức đảng",
        "Tên tổ chức đảng",
        "Đã kết nạp",
        "Giao bởi",
        "Tên cấp giao",
        "Chỉ tiêu",
        "Đạt (%)",
    )
    return Table("standings", translate("Thực hiện chỉ tiêu kết nạp", lang), columns, rows, stamp)


def _get(value: Any, name: str, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def _child_parts(child: Any) -> tuple[str, int, list[Any]]:
    return _get(child, "org", ""), _get(child, "admitted", 0), list(_get(child, "plans", []))


def diff_table(diff: results.Diff, stamp: Stamp, lang: str, names: Names) -> Table:
    """The events that explain why two reports of the same day differ, each organization named
    as on the event's day and each recorder as the member page shows them."""
    rows = [
        [
            str(e.event_id),
            label("event", e.type, lang),
            e.org,
            names.org(e.org, e.effective_on).name,
            str(e.member_id) if e.member_id else "",
            e.effective_on,
            e.recorded_at,
            *_recorder(names, e.recorded_by),
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
        "Tên tổ chức đảng",
        "Mã đảng viên",
        "Ngày có hiệu lực",
        "Thời điểm ghi",
        "Người ghi",
        "Tài khoản ghi",
        "Tính chất",
        "Ảnh hưởng",
    )
    return Table("diff", translate("Sự kiện giải thích chênh lệch", lang), columns, rows, stamp)


def series_table(points: Sequence[results.SeriesPoint], stamp: Stamp, lang: str) -> Table:
    """The roll month by month, with the admissions of each month."""
    rows = [[p.day, p.total, p.official, p.probationary, p.admitted] for p in points]
    columns = _t(lang, "Ngày", "Tổng số", "Chính thức", "Dự bị", "Kết nạp trong kỳ")
    return Table("series", translate("Đảng viên theo thời gian", lang), columns, rows, stamp)


def history_table(
    events: Sequence[results.MemberEntry], stamp: Stamp, lang: str, names: Names
) -> Table:
    """Every event about one member, with both of its times; the organization named as on the
    event's day and the recorder as the member page shows them."""
    rows = [
        [
            label("event", e.type, lang),
            e.org,
            names.org(e.org, e.effective_on).name,
            e.effective_on,
            e.recorded_at,
            *_recorder(names, e.recorded_by),
            str(e.event_id),
        ]
        for e in events
    ]
    columns = _t(
        lang,
        "Sự kiện",
        "Tổ chức đảng",
        "Tên tổ chức đảng",
        "Ngày có hiệu lực",
        "Thời điểm ghi",
        "Người ghi",
        "Tài khoản ghi",
        "Mã sự kiện",
    )
    return Table("history", translate("Lịch sử đảng viên", lang), columns, rows, stamp)
