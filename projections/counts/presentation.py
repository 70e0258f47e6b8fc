"""Vietnamese labels and flat rows of the query results, for tables, CSV and JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from projections.results import Flows, Indicators, Roll, RollupNode, Standing
from projections.store.metrics import FLAGS

KIND = {
    "province": "Đảng bộ tỉnh",
    "district": "Đảng bộ huyện",
    "commune_level": "Đảng bộ xã/phường",
    "bloc": "Đảng bộ khối",
    "grassroots_committee": "Đảng bộ cơ sở",
    "grassroots_cell": "Chi bộ cơ sở",
    "sub_committee": "Đảng bộ bộ phận",
    "cell": "Chi bộ trực thuộc",
}
STATUS = {"probationary": "Dự bị", "official": "Chính thức"}
FLOW = {
    "admitted": "Kết nạp mới",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "transferred_out": "Chuyển đi",
    "recognized": "Công nhận chính thức",
    "expelled": "Khai trừ",
    "struck_off": "Xóa tên",
    "died": "Từ trần",
    "annulled": "Hủy quyết định kết nạp",
}
FLAG = {
    "women": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số",
    "religious": "Có đạo",
    "youth_union": "Đoàn viên",
    "under_30": "Dưới 30 tuổi",
    "college_or_higher": "Cao đẳng trở lên",
    "postgraduate": "Trên đại học",
    "private_enterprise": "Doanh nghiệp tư nhân, FDI",
}


def to_json(result: Any) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, UUID):
            return str(value)
        raise TypeError(type(value).__name__)

    return json.dumps(dataclasses.asdict(result), default=plain, ensure_ascii=False, indent=2)


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def roll_rows(roll: Roll) -> tuple[list[str], list[list[Any]]]:
    head = ["STT", "Họ và tên", "Trạng thái", "Ngày vào sinh hoạt", "Chi bộ", "Mã đảng viên"]
    rows = [
        [
            i,
            m.full_name,
            STATUS.get(m.status, m.status),
            m.since.isoformat(),
            m.org,
            str(m.member_id),
        ]
        for i, m in enumerate(roll.members, 1)
    ]
    return head, rows


def rollup_rows(node: RollupNode, level: int = 0) -> list[list[Any]]:
    rows = [
        [
            level,
            node.code,
            node.name,
            KIND.get(node.kind, node.kind),
            node.total,
            node.probationary,
            node.official,
        ]
    ]
    for child in node.children:
        rows.extend(rollup_rows(child, level + 1))
    return rows


ROLLUP_HEAD = ["Cấp", "Mã", "Tổ chức", "Loại", "Tổng số", "Dự bị", "Chính thức"]


RESTATED_HEAD = ["Cấp", "Mã", "Tổ chức", "Loại", "Ngày quy đổi", "Hiện nay", "Tăng/giảm"]


def restated_rows(then: RollupNode, now: RollupNode, level: int = 0) -> list[list[Any]]:
    """The restated past total beside today's, node by node (both trees have one shape)."""
    change = now.total - then.total
    rows = [
        [
            level,
            then.code,
            now.name,
            KIND.get(now.kind, now.kind),
            then.total,
            now.total,
            f"{change:+d}",
        ]
    ]
    for before, after in zip(then.children, now.children, strict=True):
        rows.extend(restated_rows(before, after, level + 1))
    return rows


def flow_rows(flows: Flows) -> list[list[Any]]:
    rows: list[list[Any]] = [[FLOW[name], getattr(flows, name)] for name in FLOW]
    rows.append(["Tỷ lệ kết nạp so với đảng viên cuối năm trước (%)", pct(flows.admission_rate)])
    return rows


INDICATOR_HEAD = ["Chỉ tiêu", "Kết nạp: số", "Kết nạp: %", "Toàn đảng bộ: số", "Toàn đảng bộ: %"]


def indicator_rows(ind: Indicators) -> list[list[Any]]:
    rows: list[list[Any]] = [["Tổng số", ind.admitted, "", ind.roll.total, ""]]
    for flag in FLAGS:
        admitted, roll = getattr(ind, flag), getattr(ind.roll, flag)
        rows.append(
            [FLAG[flag], admitted.count, pct(admitted.percent), roll.count, pct(roll.percent)]
        )
    return rows


STANDING_HEAD = ["Tổ chức", "Đã kết nạp", "Cấp giao", "Chỉ tiêu", "Đạt (%)"]


def standing_rows(st: Standing) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for org, admitted, plans in [(st.org, st.admitted, st.plans)] + [
        (c.org, c.admitted, c.plans) for c in st.children
    ]:
        if not plans:
            rows.append([org, admitted, "-", "-", "-"])
        for plan in plans:
            rows.append([org, admitted, plan.assigned_by, plan.target, pct(plan.percent)])
    return rows
