"""Reorganizations (sắp xếp, kiện toàn tổ chức đảng): dated structural events of an Organization.

A decision effective on day D keeps the old structure through D-1 and puts the new one in force
from D: a moved organization is under its new parent from D, an ended one exists through D-1,
a successor exists from D. Members carried by a reorganization leave one roll and join another
on D by a pair of `carried_out` / `carried_in` entries: neither admissions nor transfers, they
keep the member's status and probation clock and count in no flow.

`Organization` inherits `Reorganizable`; every command checks named guards first, so a refused
command triggers nothing. The events and reads are here (their topics name this module); the
commands are in `commands`, their guards in `guards`, the decision's vocabulary in `decisions`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.roll.history import Entry, effective
from domain.roll.ledger import RollLedger
from domain.roll.values import EventType, OrgKind
from domain.structure.commands import ReorganizationCommands
from domain.structure.decisions import (  # noqa: F401 (re-exported: the wing's vocabulary)
    DISSOLVED,
    ENDINGS,
    HOWS,
    MERGED,
    MOVED,
    RENAMED,
    SPLIT,
    DecisionFields,
    check_how,
    check_new_name,
    day_before,
)


class Reorganizable(ReorganizationCommands):
    """Reorganization events, commands and guards of an Organization."""

    # Class-level defaults: snapshots taken before reorganizations existed lack these attributes;
    # events replace the sequences instead of mutating them, so the defaults are never shared.
    ended_on: date | None = None  # first day it no longer exists (exclusive end)
    ended_how: str | None = None
    name_history: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    successor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    predecessor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    reorganizations: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()

    if TYPE_CHECKING:
        code: str
        name: str
        kind: str
        founded_on: date
        parents: list[dict[str, Any]]
        children: list[dict[str, Any]]
        entries: list[Entry]
        roll: RollLedger
        quotas: list[dict[str, Any]]

        @property
        def org_kind(self) -> OrgKind: ...
        def parent_on(self, day: date) -> str | None: ...
        def children_on(self, day: date) -> list[str]: ...
        def roll_on(self, as_of: date, known_at: datetime | None = None) -> set[UUID]: ...
        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    # -- events -------------------------------------------------------------------------

    class Reorganized(Aggregate.Event):
        """Base: a structural change made by a decision, in force from `effective_on`."""

        effective_on: date
        decision_no: str | None
        decision_on: date | None
        decided_by: str | None
        recorded_by: str

        def log(self, org: Reorganizable, how: str, related: list[str]) -> None:
            record = {
                "event": type(self).__name__,
                "on": self.effective_on,
                "how": how,
                "related": related,
                "decision_no": self.decision_no,
                "decision_on": self.decision_on,
                "decided_by": self.decided_by,
                "recorded_at": self.timestamp,
            }
            org.reorganizations = [*org.reorganizations, record]

    class Renamed(Reorganized):
        """Renamed (đổi tên) from a day."""

        name: str

        def apply(self, aggregate: Reorganizable) -> None:
            if not aggregate.name_history:
                aggregate.name_history = [{"from": aggregate.founded_on, "name": aggregate.name}]
            aggregate.name_history = [
                *aggregate.name_history,
                {"from": self.effective_on, "name": self.name},
            ]
            aggregate.name = self.name
            self.log(aggregate, RENAMED, [])

    class Moved(Reorganized):
        """Placed under another parent from a day (chuyển trực thuộc); a merge or split moves too."""

        from_parent: str | None
        to_parent: str
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.parents.append({"from": self.effective_on, "parent": self.to_parent})
            related = [p for p in (self.from_parent, self.to_parent) if p]
            self.log(aggregate, self.how, related)

    class ChildDetached(Reorganized):
        """A child is no longer under this organization from a day (moved away or ended)."""

        child: str
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            for link in aggregate.children:
                if link["code"] == self.child and link["until"] is None:
                    link["until"] = self.effective_on
            self.log(aggregate, self.how, [self.child])

    class ChildReceived(Reorganized):
        """An existing organization placed under this one from a day by a reorganization."""

        child: str
        from_parent: str | None
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.children.append(
                {"code": self.child, "from": self.effective_on, "until": None}
            )
            self.log(aggregate, self.how, [self.child])

    class SuccessorOf(Reorganized):
        """Takes over from predecessors from a day: founded as their successor, or absorbing them."""

        predecessors: list[str]
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            links = [
                {"code": c, "on": self.effective_on, "how": self.how} for c in self.predecessors
            ]
            aggregate.predecessor_links = [*aggregate.predecessor_links, *links]
            self.log(aggregate, self.how, list(self.predecessors))

    class Ended(Reorganized):
        """Ended (kết thúc hoạt động) by a merger, a split or a dissolution; exists through the day before."""

        how: str
        successors: list[str]

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.ended_on = self.effective_on
            aggregate.ended_how = self.how
            links = [{"code": c, "on": self.effective_on, "how": self.how} for c in self.successors]
            aggregate.successor_links = [*aggregate.successor_links, *links]
            # No parent from the end on: parent_on() agrees with the parent's children_on().
            aggregate.parents.append({"from": self.effective_on, "parent": None})
            self.log(aggregate, self.how, list(self.successors))

    class QuotaCarried(Reorganized):
        """A share of an ended organization's admission target taken over (recorded with its QuotaSet)."""

        from_org: str
        period: str
        share: int
        assigned_by: str

        def apply(self, aggregate: Reorganizable) -> None:
            self.log(aggregate, "quota", [self.from_org])

    class Carried(Aggregate.Event):
        """Base: a member carried between rolls by a reorganization (a roll entry, like RollEvent)."""

        carried: ClassVar[EventType]
        event_id: UUID
        member_id: UUID
        effective_on: date
        recorded_by: str
        details: dict[str, Any]

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.roll.append(
                Entry(
                    event_id=self.event_id,
                    type=self.type_value(),
                    org=aggregate.code,
                    member_id=self.member_id,
                    effective_on=self.effective_on,
                    recorded_at=self.timestamp,
                    recorded_by=self.recorded_by,
                    details=self.details,
                )
            )

        def type_value(self) -> str:
            return self.carried.value

    class CarriedOut(Carried):
        """Carried off this roll to a successor's (chuyển theo quyết định sắp xếp)."""

        carried = EventType.CARRIED_OUT

    class CarriedIn(Carried):
        """Carried onto this roll from a predecessor's, keeping status and probation."""

        carried = EventType.CARRIED_IN

    # -- reads --------------------------------------------------------------------------

    def exists_on(self, day: date) -> bool:
        """Founded on or before the day and not ended by then."""
        return self.founded_on <= day and (self.ended_on is None or day < self.ended_on)

    def name_on(self, day: date) -> str:
        """The name in force on a day (the founding name before any renaming)."""
        if not self.name_history:
            return self.name
        current: str = self.name_history[0]["name"]
        for record in self.name_history:
            if record["from"] <= day:
                current = record["name"]
        return current

    def predecessors(self) -> list[tuple[str, date, str]]:
        return [(x["code"], x["on"], x["how"]) for x in self.predecessor_links]

    def successors(self) -> list[tuple[str, date, str]]:
        return [(x["code"], x["on"], x["how"]) for x in self.successor_links]

    def roll_after_reorganization(self, day: date) -> set[UUID]:
        """Members on the roll once the day's reorganizations are done, before its other events."""
        known = self.roll.roll_after(day)
        if known is not None:
            return known  # every change before the day: the standings say it unread
        members: set[UUID] = set()
        for entry in effective(self.entries):
            kind = EventType(entry.type)
            if entry.effective_on > day or (entry.effective_on == day and not kind.is_carry):
                continue
            if kind.joins_roll:
                members.add(entry.member_id)
            elif kind.leaves_roll:
                members.discard(entry.member_id)
        return members
