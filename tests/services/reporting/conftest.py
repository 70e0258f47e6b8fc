"""Report fixtures: a clerk recording roll events at chosen days, and the report commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from domain.reporting.period import Period, Structure
from domain.reporting.report import Report
from domain.roll.profile import MemberProfile
from domain.roll.values import EventType
from services.config import TIMEZONE
from services.front_door.bus import handle
from services.front_door.commands import (
    ApproveReport,
    MarkNotReporting,
    PrepareReport,
    ReturnReport,
)
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef, Receipt, Remove
from tests import writes

CLERK = "clerk@test"
AS_STRUCTURED = Structure.AS_STRUCTURED


def moment(day: date, hour: int = 10) -> datetime:
    """An instant on a Vietnamese calendar day (10:00 local by default), in UTC."""
    return datetime.combine(day, time(hour), TIMEZONE).astimezone(UTC)


class Desk:
    """Records roll events and report steps through the front door, the clock set to a day."""

    def __init__(
        self, registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]
    ) -> None:
        self.registry, self.clock, self.make_profile = registry, clock, make_profile

    def on(self, day: date, hour: int = 10) -> None:
        self.clock.set(moment(day, hour))

    def admit(self, org: str, on: date) -> Receipt:
        command = Admit(
            MemberRef(profile=self.make_profile()), on, Decision("01-QĐ", on, "Đảng ủy")
        )
        return writes.admit(self.registry, org, command, CLERK)

    def died(self, org: str, member_id: Any, on: date) -> Receipt:
        command = Remove(MemberRef(member_id=member_id), on, removal=EventType.DIED)
        return writes.remove(self.registry, org, command, CLERK)

    def prepare(
        self,
        org: str,
        period: Period,
        by_org: str | None = None,
        structure: Structure = AS_STRUCTURED,
    ) -> Report:
        command = PrepareReport(org, period, structure, by_org or org)
        found: Report = handle(self.registry, command, recorded_by=f"clerk of {org}").results[0]
        return found

    def approve(
        self,
        org: str,
        period: Period,
        by_org: str | None = None,
        structure: Structure = AS_STRUCTURED,
    ) -> Report:
        command = ApproveReport(org, period, structure, by_org or org)
        found: Report = handle(self.registry, command, recorded_by=f"officer of {org}").results[0]
        return found

    def prepare_and_approve(
        self, org: str, period: Period, structure: Structure = AS_STRUCTURED
    ) -> Report:
        self.prepare(org, period, structure=structure)
        return self.approve(org, period, structure=structure)

    def return_(self, org: str, period: Period, by_org: str, reason: str = "sai số liệu") -> Report:
        command = ReturnReport(org, period, AS_STRUCTURED, by_org, reason)
        found: Report = handle(self.registry, command, recorded_by=f"officer of {by_org}").results[
            0
        ]
        return found

    def not_reporting(
        self, org: str, period: Period, by_org: str, reason: str = "đang giải thể"
    ) -> Report:
        command = MarkNotReporting(org, period, AS_STRUCTURED, by_org, reason)
        found: Report = handle(self.registry, command, recorded_by=f"officer of {by_org}").results[
            0
        ]
        return found


@pytest.fixture
def desk(registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]) -> Desk:
    """Roll events and report steps through the front door, on the test clock."""
    return Desk(registry, clock, make_profile)
