"""Flat rows of the query results for tables, CSV and JSON, named in the domain's words."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.vocabulary import FLOWS, INDICATORS, MEMBER_STATUSES, ORG_KINDS, word
from projections.results import Flows, Indicators, Roll, RollupNode, Standing
from projections.store.metrics import FLAGS


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
            word(MEMBER_STATUSES, m.status),
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
            word(ORG_KINDS, node.kind),
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
            word(ORG_KINDS, now.kind),
            then.total,
            now.total,
            f"{change:+d}",
        ]
    ]
    for before, after in zip(then.children, now.children, strict=True):
        rows.extend(restated_rows(before, after, level + 1))
    return rows


def flow_rows(flows: Flows) -> list[list[Any]]:
    rows: list[list[Any]] = [[FLOWS[name], getattr(flows, name)] for name in FLOWS]
    rows.append(["Tỷ lệ kết nạp so với đảng viên cuối năm trước (%)", pct(flows.admission_rate)])
    return rows


INDICATOR_HEAD = ["Chỉ tiêu", "Kết nạp: số", "Kết nạp: %", "Toàn đảng bộ: số", "Toàn đảng bộ: %"]


def indicator_rows(ind: Indicators) -> list[list[Any]]:
    rows: list[list[Any]] = [["Tổng số", ind.admitted, "", ind.roll.total, ""]]
    for flag in FLAGS:
        admitted, roll = getattr(ind, flag), getattr(ind.roll, flag)
        rows.append(
            [INDICATORS[flag], admitted.count, pct(admitted.percent), roll.count, pct(roll.percent)]
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
