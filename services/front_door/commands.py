"""Everything the front door accepts: each write is one command, a plain value.

The roll's own commands (services.roll.commands) say what happens to a member; `RecordEvent`
says where (the organization) and under which idempotency key. The other commands wrap the
values the wings' service functions already take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.roll.values import OrgKind
from services.admission.commands import StepCommand
from services.roll.commands import Command as RollEvent
from services.roll.commands import Decision


@dataclass(frozen=True)
class Command:
    """Base of every write the front door handles (services.front_door.handlers.HANDLERS)."""


@dataclass(frozen=True)
class RecordEvent(Command):
    """One roll event (admission, transfer, correction...) in an organization's stream."""

    org: str
    event: RollEvent
    client_key: str | None = None


@dataclass(frozen=True)
class RecordEventAt(RecordEvent):
    """Tooling only (the demo's generated history): the event keeps its simulated recording
    time. Adapters for people never build it: their commands take the clock's time."""

    recorded_at: datetime | None = None


@dataclass(frozen=True)
class FoundOrganization(Command):
    code: str
    name: str
    kind: OrgKind
    parent: str | None
    founded_on: date


@dataclass(frozen=True)
class SetQuota(Command):
    """An admission target (chỉ tiêu kết nạp) for a period, assigned by the org or a superior."""

    org: str
    period: str
    target: int
    assigned_by: str
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class RecordDossierStep(Command):
    """One step of an admission dossier (any step but the opening)."""

    dossier_id: UUID
    step: StepCommand


@dataclass(frozen=True)
class RenameOrganization(Command):
    """A reorganization decision: rename from a day (đổi tên)."""

    code: str
    name: str
    on: date
    decision: Decision


@dataclass(frozen=True)
class MoveOrganization(Command):
    """A reorganization decision: place an organization, and its subtree, under another."""

    code: str
    to: str
    on: date
    decision: Decision
