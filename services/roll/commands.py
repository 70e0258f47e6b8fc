"""Commands the registry accepts: plain values, built by the adapters (CLI, web, import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.roll.profile import MemberProfile
from domain.roll.values import EventType, MemberStatus, StrikeOffReason


@dataclass(frozen=True)
class MemberRef:
    """Names a member by id or by national ID; intakes may carry the full profile."""

    member_id: UUID | None = None
    national_id: str | None = None
    profile: MemberProfile | None = None


@dataclass(frozen=True)
class Decision:
    """The decision behind an event (quyết định): number, date and deciding body."""

    number: str | None = None
    on: date | None = None
    by: str | None = None

    def details(self) -> dict[str, Any]:
        return {"decision_no": self.number, "decision_on": self.on, "decided_by": self.by}


@dataclass(frozen=True)
class Counterpart:
    """The other side of a transfer: an organization of the deployment or one outside it."""

    code: str | None = None
    outside: str | None = None


@dataclass(frozen=True)
class RollCommand:
    """Base: one event on one member of one organization's roll."""

    member: MemberRef
    effective_on: date | None
    decision: Decision = field(default_factory=Decision)
    note: str | None = None


@dataclass(frozen=True)
class Admit(RollCommand):
    provincial_approval: str | None = None
    # The day the cell considered the admission: the Charter counts the age on it.
    considered_on: date | None = None
    type: ClassVar[EventType] = EventType.ADMITTED


@dataclass(frozen=True)
class Readmit(RollCommand):
    provincial_approval: str | None = None
    considered_on: date | None = None
    type: ClassVar[EventType] = EventType.READMITTED


@dataclass(frozen=True)
class TransferIn(RollCommand):
    source: Counterpart = field(default_factory=Counterpart)
    status: MemberStatus | None = None
    admitted_on: date | None = None
    type: ClassVar[EventType] = EventType.TRANSFERRED_IN


@dataclass(frozen=True)
class Recognize(RollCommand):
    type: ClassVar[EventType] = EventType.RECOGNIZED


@dataclass(frozen=True)
class TransferOut(RollCommand):
    destination: Counterpart = field(default_factory=Counterpart)
    type: ClassVar[EventType] = EventType.TRANSFERRED_OUT


@dataclass(frozen=True)
class Remove(RollCommand):
    """Expelled, struck off, died or admission annulled: `removal` says which."""

    removal: EventType = EventType.DIED
    reason: str | StrikeOffReason | None = None

    @property
    def type(self) -> EventType:  # type: ignore[override]
        return self.removal


@dataclass(frozen=True)
class Correct:
    corrects: UUID | None
    reason: str
    changes: dict[str, Any]
    corrects_key: str | None = None
    type: ClassVar[EventType] = EventType.CORRECTION


@dataclass(frozen=True)
class Retract:
    retracts: UUID | None
    reason: str
    retracts_key: str | None = None
    type: ClassVar[EventType] = EventType.RETRACTION


Command = Admit | Readmit | TransferIn | Recognize | TransferOut | Remove | Correct | Retract


@dataclass(frozen=True)
class Receipt:
    """What a recorded event answers: its id, the member, when it was recorded, its log position."""

    event_id: UUID
    member_id: UUID | None
    recorded_at: Any
    position: int | None
    org: str
    replayed: bool = False
