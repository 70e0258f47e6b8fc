"""Admission quotas (chỉ tiêu kết nạp): plans set on an organization by itself or a superior.

Set through the front door (services.front_door: SetQuota), which calls `plan_quota`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.errors import RuleViolation
from domain.quota import parse_period
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class QuotaReceipt:
    org: str
    period: str
    assigned_by: str
    target: int
    starts_on: date
    ends_on: date
    recorded_at: datetime
    position: int | None


def plan_quota(
    uow: UnitOfWork,
    org: str,
    period: str,
    target: int,
    assigned_by: str,
    starts_on: date | None,
    ends_on: date | None,
    recorded_by: str,
) -> dict[str, Any]:
    """The plan, set inside a unit of work (the front door's SetQuota handler calls this)."""
    target_org = uow.organization(org)
    assigner = uow.organization(assigned_by)
    start = parse_period(period, starts_on, ends_on).starts_on
    check_assigner(uow, target_org.code, assigner.code, start)
    return target_org.set_quota(
        period=period,
        target=target,
        assigned_by=assigner.code,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=recorded_by,
        timestamp=uow.now,
    )


def quota_receipt(org: str, plan: dict[str, Any], position: int | None) -> QuotaReceipt:
    return QuotaReceipt(
        org,
        plan["period"],
        plan["assigned_by"],
        plan["target"],
        plan["starts_on"],
        plan["ends_on"],
        plan["recorded_at"],
        position,
    )


def check_assigner(uow: UnitOfWork, org: str, assigner: str, on: date) -> None:
    """Plans come from the organization itself or one above it (on the period's first day)."""
    code: str | None = org
    while code is not None:
        if code == assigner:
            return
        code = uow.organization(code).parent_on(on)
    raise RuleViolation(
        "quota_assigner",
        f"{assigner} is neither {org} nor above it on {on.isoformat()}: it cannot assign its plan",
        org=org,
    )
