"""The Organization aggregate: one event stream per Party organization (tổ chức đảng).

Over 300 lines on purpose: its events are nested classes whose `module:Class` topics are stored in
the log, and the commands that trigger them stay beside them. Its guards live in
organization_rules.py, its reorganizations in domain/structure/reorganization.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import NotFound, RuleViolation
from domain.quota import check_target, parse_period
from domain.roll.history import Entry, effective
from domain.roll.ledger import RollLedger
from domain.roll.organization_rules import (
    OrganizationRules,
    check_kind,
    check_kind_in_force,
    check_name,
    check_parent,
)
from domain.roll.values import EventType, OrgKind, check_code
from domain.structure.reorganization import Reorganizable


class Organization(Reorganizable, OrganizationRules, Aggregate):
    """A Party organization, its dated place in the hierarchy and every roll event that happened in it.

    Reorganizations (rename, move, merge, split, dissolve, succession) come from `Reorganizable`.
    The roll events are kept in `roll` (domain/roll/ledger.py): loaded from a snapshot, they are
    decoded only when a rule reads `entries`, so a command that only appends (an intake, a move)
    costs the same in a cell of thirty years as in a new one.
    """

    class Founded(Aggregate.Created):
        """Founded (thành lập)."""

        code: str
        name: str
        kind: str
        parent: str | None
        founded_on: date
        recorded_by: str

    class ChildAttached(Aggregate.Event):
        """An organization placed under this one from a date (trực thuộc)."""

        child: str
        attached_on: date

        def apply(self, aggregate: Organization) -> None:
            aggregate.children.append({"code": self.child, "from": self.attached_on, "until": None})

    class RollEvent(Aggregate.Event):
        """An event about one member on this organization's roll."""

        type: ClassVar[EventType]
        event_id: UUID
        member_id: UUID
        effective_on: date
        recorded_by: str
        details: dict[str, Any]

        def entry(self, org: str) -> Entry:
            return Entry(
                event_id=self.event_id,
                type=self.type.value,
                org=org,
                member_id=self.member_id,
                effective_on=self.effective_on,
                recorded_at=self.timestamp,
                recorded_by=self.recorded_by,
                details=self.details,
            )

        def apply(self, aggregate: Organization) -> None:
            aggregate.roll.append(self.entry(aggregate.code))

    class Admitted(RollEvent):
        """Admitted as a probationary member (kết nạp); effective on the ceremony date."""

        type = EventType.ADMITTED

    class Readmitted(RollEvent):
        """Readmitted (kết nạp lại)."""

        type = EventType.READMITTED

    class TransferredIn(RollEvent):
        """Received by official transfer (chuyển sinh hoạt đảng chính thức đến)."""

        type = EventType.TRANSFERRED_IN

    class Recognized(RollEvent):
        """Recognized as an official member (công nhận đảng viên chính thức)."""

        type = EventType.RECOGNIZED

    class TransferredOut(RollEvent):
        """Left by official transfer (chuyển sinh hoạt đảng chính thức đi)."""

        type = EventType.TRANSFERRED_OUT

    class Expelled(RollEvent):
        """Expelled (khai trừ); official members only."""

        type = EventType.EXPELLED

    class StruckOff(RollEvent):
        """Struck off the roll (xóa tên)."""

        type = EventType.STRUCK_OFF

    class Died(RollEvent):
        """Died (từ trần)."""

        type = EventType.DIED

    class AdmissionAnnulled(RollEvent):
        """A wrongful admission annulled (hủy quyết định kết nạp)."""

        type = EventType.ADMISSION_ANNULLED

    class Corrected(RollEvent):
        """An earlier event corrected (đính chính); it stays stored as it was."""

        type = EventType.CORRECTION

    class Retracted(RollEvent):
        """An earlier event retracted (hủy bỏ): treated as never having happened from now on."""

        type = EventType.RETRACTION

    class QuotaSet(Aggregate.Event):
        """An admission target for a period, assigned by this organization or one above it.

        A later QuotaSet for the same (period, assigned_by) supersedes it from its recording time.
        """

        period: str
        target: int
        assigned_by: str
        starts_on: date
        ends_on: date
        recorded_by: str

        def apply(self, aggregate: Organization) -> None:
            aggregate.quotas.append(
                {
                    "period": self.period,
                    "target": self.target,
                    "assigned_by": self.assigned_by,
                    "starts_on": self.starts_on,
                    "ends_on": self.ends_on,
                    "recorded_at": self.timestamp,
                    "recorded_by": self.recorded_by,
                }
            )

    EVENT_CLASSES: ClassVar[dict[EventType, type[RollEvent]]] = {}

    # Version 2 keeps roll entries as `Entry` records; snapshots of version 1 hold dicts.
    # Version 3 keeps them in a `RollLedger` (read when a rule needs them), under `roll`.
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["entries"] = [Entry.from_dict(e) for e in state["entries"]]

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["roll"] = RollLedger.of(state.pop("entries"))

    def __init__(
        self,
        code: str,
        name: str,
        kind: str,
        parent: str | None,
        founded_on: date,
        recorded_by: str,
    ) -> None:
        self.code = code
        self.name = name
        self.kind = kind
        self.founded_on = founded_on
        # Parent links are dated from the start: reorganizations add to this list.
        self.parents: list[dict[str, Any]] = [{"from": founded_on, "parent": parent}]
        self.children: list[dict[str, Any]] = []
        self.roll = RollLedger.of([])
        self.quotas: list[dict[str, Any]] = []

    @classmethod
    def found(
        cls,
        *,
        id: UUID,
        code: str,
        name: str,
        kind: OrgKind,
        parent: Organization | None,
        founded_on: date,
        today: date,
        recorded_by: str,
        timestamp: datetime,
    ) -> Organization:
        """Found an organization (thành lập) under its parent."""
        kind = check_kind(kind)
        check_code(code)
        check_name(name)
        check_parent(kind, parent, founded_on)
        check_kind_in_force(kind, founded_on)
        if founded_on > today:
            raise RuleViolation("future_date", f"founded_on {founded_on} is in the future")
        return cls._create(
            cls.Founded,
            id=id,
            code=code,
            name=name.strip(),
            kind=kind.value,
            parent=parent.code if parent else None,
            founded_on=founded_on,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )

    # -- reads --------------------------------------------------------------------

    @property
    def org_kind(self) -> OrgKind:
        return OrgKind(self.kind)

    @property
    def entries(self) -> list[Entry]:
        """Every roll event of this organization, in recording order (read only)."""
        return self.roll.entries

    @property
    def parent(self) -> str | None:
        return self.parents[-1]["parent"]

    def parent_on(self, day: date) -> str | None:
        """The parent link valid on a day."""
        current = None
        for link in self.parents:
            if link["from"] <= day:
                current = link["parent"]
        return current

    def children_on(self, day: date) -> list[str]:
        """Codes of the organizations directly under this one on a day."""
        return [
            c["code"]
            for c in self.children
            if c["from"] <= day and (c["until"] is None or day < c["until"])
        ]

    def roll_on(self, as_of: date, known_at: datetime | None = None) -> set[UUID]:
        """Members on this organization's roll on `as_of`, as known at `known_at` (a naive replay)."""
        members: set[UUID] = set()
        for entry in effective(self.entries, known_at):
            if entry.effective_on > as_of:
                break
            kind = EventType(entry.type)
            if kind.joins_roll:
                members.add(entry.member_id)
            elif kind.leaves_roll:
                members.discard(entry.member_id)
        return members

    def find_entry(self, event_id: UUID) -> Entry:
        for entry in self.entries:
            if entry.event_id == event_id:
                return entry
        raise NotFound("event", f"{event_id} in {self.code}")

    # -- commands -----------------------------------------------------------------

    def attach_child(self, child: str, on: date, timestamp: datetime) -> None:
        """Place a newly founded organization under this one."""
        self.check_not_ended(on)
        self.trigger_event(self.ChildAttached, child=child, attached_on=on, timestamp=timestamp)

    def record(
        self,
        kind: EventType,
        *,
        event_id: UUID,
        member_id: UUID,
        effective_on: date,
        today: date,
        recorded_by: str,
        timestamp: datetime,
        details: dict[str, Any],
    ) -> Entry:
        """Record an intake, recognition or removal on this roll; returns the stored entry."""
        self.check_recordable(kind)
        self.check_holds_members()
        self.check_effective_date(effective_on, today)
        self.trigger_event(
            self.EVENT_CLASSES[kind],
            event_id=event_id,
            member_id=member_id,
            effective_on=effective_on,
            recorded_by=recorded_by,
            details=details,
            timestamp=timestamp,
        )
        return self.roll.last

    def correct(
        self,
        *,
        event_id: UUID,
        corrects: UUID,
        reason: str,
        changes: dict[str, Any],
        today: date,
        recorded_by: str,
        timestamp: datetime,
    ) -> Entry:
        """Correct an earlier event of this stream by a new event that points at it."""
        target = self.check_can_amend(corrects, reason)
        self.check_not_a_carry(target)
        self.check_changes(target, changes, today)
        self.trigger_event(
            self.Corrected,
            event_id=event_id,
            member_id=target.member_id,
            effective_on=changes.get("effective_on", target.effective_on),
            recorded_by=recorded_by,
            details={"corrects": corrects, "reason": reason.strip(), "changes": changes},
            timestamp=timestamp,
        )
        return self.roll.last

    def retract(
        self,
        *,
        event_id: UUID,
        retracts: UUID,
        reason: str,
        recorded_by: str,
        timestamp: datetime,
    ) -> Entry:
        """Retract an earlier event of this stream by a new event that points at it."""
        target = self.check_can_amend(retracts, reason)
        self.check_retraction_keeps_roll_closed(target)
        self.trigger_event(
            self.Retracted,
            event_id=event_id,
            member_id=target.member_id,
            effective_on=target.effective_on,
            recorded_by=recorded_by,
            details={"retracts": retracts, "reason": reason.strip()},
            timestamp=timestamp,
        )
        return self.roll.last

    def set_quota(
        self,
        *,
        period: str,
        target: int,
        assigned_by: str,
        starts_on: date | None = None,
        ends_on: date | None = None,
        recorded_by: str,
        timestamp: datetime,
    ) -> dict[str, Any]:
        """Set an admission target (chỉ tiêu) for a year or a term; returns the stored plan."""
        parsed = parse_period(period, starts_on, ends_on)
        check_target(target)
        check_code(assigned_by)
        self.check_quota_period_started(parsed.ends_on)
        self.check_not_ended(parsed.starts_on)
        self.trigger_event(
            self.QuotaSet,
            period=parsed.label,
            target=target,
            assigned_by=assigned_by,
            starts_on=parsed.starts_on,
            ends_on=parsed.ends_on,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )
        return self.quotas[-1]


for _cls in (
    Organization.Admitted,
    Organization.Readmitted,
    Organization.TransferredIn,
    Organization.Recognized,
    Organization.TransferredOut,
    Organization.Expelled,
    Organization.StruckOff,
    Organization.Died,
    Organization.AdmissionAnnulled,
    Organization.Corrected,
    Organization.Retracted,
):
    Organization.EVENT_CLASSES[_cls.type] = _cls
