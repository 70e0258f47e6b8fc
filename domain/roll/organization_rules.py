"""The rules of an Organization's roll (tổ chức đảng): what it refuses, each refusal naming its rule.

`Organization` (domain/roll/organization.py) inherits the guards of its roll events, corrections,
retractions and quotas from `OrganizationRules`; founding checks its kind, name and parent here
before the aggregate exists.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.errors import InvalidValue, RuleViolation
from domain.roll.entry import Entry
from domain.roll.values import (
    ALLOWED_PARENTS,
    COMMUNE_LEVEL_STARTED_ON,
    DISTRICT_LEVEL_ENDED_ON,
    EventType,
    OrgKind,
)

CORRECTABLE = frozenset(
    {"effective_on", "decision_no", "decision_on", "decided_by", "reason", "member", "note"}
)


class OrganizationRules:
    """Guards over an organization's roll, its amendments and its quotas."""

    if TYPE_CHECKING:
        code: str
        kind: str
        founded_on: date
        entries: list[Entry]

        @property
        def org_kind(self) -> OrgKind: ...
        def find_entry(self, event_id: UUID) -> Entry: ...
        def check_not_ended(self, day: date) -> None: ...

    def check_holds_members(self) -> None:
        if not self.org_kind.holds_members:
            raise RuleViolation(
                "org_holds_no_members",
                f"{self.code} is a {self.kind}: members are registered only in cells "
                "(chi bộ) and grassroots cells (chi bộ cơ sở)",
                org=self.code,
            )

    def check_quota_period_started(self, ends_on: date) -> None:
        if ends_on < self.founded_on:
            raise RuleViolation(
                "before_founding",
                f"{self.code} was founded on {self.founded_on.isoformat()}, after the period ends",
                org=self.code,
            )

    def check_effective_date(self, day: date, today: date) -> None:
        if day > today:
            raise RuleViolation(
                "future_date",
                f"the effective date {day.isoformat()} is in the future",
                org=self.code,
            )
        if day < self.founded_on:
            raise RuleViolation(
                "before_founding",
                f"{self.code} was founded on {self.founded_on.isoformat()}, after {day.isoformat()}",
                org=self.code,
            )
        self.check_not_ended(day)

    def check_can_amend(self, event_id: UUID, reason: str) -> Entry:
        if not reason or not reason.strip():
            raise InvalidValue("reason", "a correction or retraction must give a reason")
        target = self.find_entry(event_id)
        if target.type in (EventType.CORRECTION, EventType.RETRACTION):
            raise RuleViolation(
                "amend_an_amendment",
                "corrections and retractions cannot themselves be amended: amend the original event",
                org=self.code,
            )
        retracted = {e.details["retracts"] for e in self.entries if e.type == EventType.RETRACTION}
        if event_id in retracted:
            raise RuleViolation(
                "already_retracted", f"event {event_id} was already retracted", org=self.code
            )
        return target

    def check_changes(self, target: Entry, changes: dict[str, Any], today: date) -> None:
        if not changes:
            raise InvalidValue("changes", "a correction must change at least one field")
        for key in changes:
            if key not in CORRECTABLE:
                raise InvalidValue(f"changes.{key}", "this field cannot be corrected")
        if "member" in changes and not EventType(target.type).is_intake:
            raise InvalidValue(
                "changes.member", "member attributes are corrected on the intake event"
            )
        if "effective_on" in changes:
            self.check_effective_date(changes["effective_on"], today)


def check_kind(kind: OrgKind | str) -> OrgKind:
    try:
        return OrgKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in OrgKind)
        raise InvalidValue("kind", f"must be one of: {allowed}") from None


def check_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidValue("name", "must be 1-200 characters")


def check_parent(kind: OrgKind, parent: OrganizationRules | None, founded_on: date) -> None:
    """`parent`: the Organization the new one is founded under (none for a province)."""
    allowed = ALLOWED_PARENTS[kind]
    parent_kind = parent.org_kind if parent else None
    if parent_kind not in allowed:
        names = ", ".join(sorted(k.value if k else "none" for k in allowed))
        raise RuleViolation(
            "parent_kind",
            f"a {kind.value} must be placed under: {names} (not {parent_kind or 'nothing'})",
        )
    if parent is not None and parent.founded_on > founded_on:
        raise RuleViolation(
            "before_founding",
            f"the parent {parent.code} was founded on {parent.founded_on.isoformat()}, "
            f"after {founded_on.isoformat()}",
        )


def check_kind_in_force(kind: OrgKind, founded_on: date) -> None:
    """District committees ended on 30 June 2025; commune-level ones exist from 1 July 2025."""
    if kind == OrgKind.DISTRICT and founded_on > DISTRICT_LEVEL_ENDED_ON:
        raise RuleViolation(
            "kind_not_in_force", "district-level committees ended on 30 June 2025 (QĐ 294-QĐ/TW)"
        )
    if kind == OrgKind.COMMUNE_LEVEL and founded_on < COMMUNE_LEVEL_STARTED_ON:
        raise RuleViolation(
            "kind_not_in_force", "commune-level committees exist from 1 July 2025 (QĐ 294-QĐ/TW)"
        )
