"""The table from command type to handler, and which organizations each command writes.

Each route has two halves that must agree: `handle` changes aggregates inside a unit of work,
`touches` names the organizations whose streams that change writes. The web layer authorizes
from `touches` alone (web.permissions.writes), so the rule for who may write the other side
of a transfer lives here, once, for the API and the pages alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from domain.admission.dossier import Dossier
from domain.errors import NotFound
from domain.roll.organization import Organization
from domain.structure.reorganization import MOVED, RENAMED
from services.admission.pipeline import step_in
from services.config import TIMEZONE
from services.front_door.commands import (
    Command,
    FoundOrganization,
    MoveOrganization,
    RecordDossierStep,
    RecordEvent,
    RecordEventAt,
    RenameOrganization,
    SetQuota,
)
from services.quotas import plan_quota
from services.roll import handlers as roll
from services.roll.commands import Correct, Receipt, Retract, TransferIn, TransferOut
from services.structure.reorganization import Reorganization
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Context:
    """Who sends the commands: their name is recorded, their organization scopes their keys."""

    recorded_by: str
    key_scope: str | None = None


class Reader(Protocol):
    """What `touches` reads of the registry (services.registry.Registry)."""

    @property
    def repository(self) -> Any: ...  # read-only: the Registry's is a property

    def get_organization(self, code: str) -> Organization: ...

    def event_of_key(self, key: str, key_scope: str | None, requester: str) -> UUID | None: ...


Handle = Callable[[UnitOfWork, Any, Context], Any]
Touches = Callable[[Reader, Any, Context], frozenset[str]]


@dataclass(frozen=True)
class Route:
    handle: Handle
    touches: Touches


# -- roll events --------------------------------------------------------------------


def record_event(uow: UnitOfWork, command: RecordEvent, context: Context) -> Receipt:
    return roll.handle(
        uow,
        command.org,
        command.event,
        recorded_by=context.recorded_by,
        client_key=command.client_key,
        key_scope=context.key_scope,
    )


def record_event_at(uow: UnitOfWork, command: RecordEventAt, context: Context) -> Receipt:
    if command.recorded_at is not None:
        uow.now = command.recorded_at
        uow.today = command.recorded_at.astimezone(TIMEZONE).date()
    return record_event(uow, command, context)


def event_touches(reader: Reader, command: RecordEvent, context: Context) -> frozenset[str]:
    """The organization, and the other side of a transfer or of the paired event amended."""
    event = command.event
    other: str | None = None
    if isinstance(event, TransferIn):
        other = event.source.code
    elif isinstance(event, TransferOut):
        other = event.destination.code
    elif isinstance(event, (Correct, Retract)):
        other = amended_pair(reader, command.org, event, context)
    return frozenset(c for c in (command.org, other) if c)


def amended_pair(
    reader: Reader, org: str, event: Correct | Retract, context: Context
) -> str | None:
    """The other side of the event a correction or retraction amends, if it was paired.

    Unknown events and keys touch nothing more: the handler answers them with NotFound."""
    target, key = (
        (event.corrects, event.corrects_key)
        if isinstance(event, Correct)
        else (event.retracts, event.retracts_key)
    )
    if target is None:
        target = reader.event_of_key(key or "", context.key_scope, context.recorded_by)
    if target is None:
        return None
    try:
        entry = reader.get_organization(org).find_entry(target)
    except NotFound:
        return None
    if not entry.get("pair"):
        return None
    return entry.get("to") or entry.get("from")


# -- organizations, quotas, dossiers, reorganization decisions ----------------------------


def found_organization(
    uow: UnitOfWork, command: FoundOrganization, context: Context
) -> Organization:
    return roll.found(
        uow,
        command.code,
        command.name,
        command.kind,
        command.parent,
        command.founded_on,
        context.recorded_by,
    )


def founding_touches(
    reader: Reader, command: FoundOrganization, context: Context
) -> frozenset[str]:
    """The parent, whose stream records the child: the new stream is nobody's yet.

    A top-level organization names its own (absent) code, which no one may write: it is
    founded from the command line (`sodang org create`), never through the web."""
    return frozenset({command.parent or command.code})


def set_quota(uow: UnitOfWork, command: SetQuota, context: Context) -> dict[str, Any]:
    return plan_quota(
        uow,
        command.org,
        command.period,
        command.target,
        command.assigned_by,
        command.starts_on,
        command.ends_on,
        context.recorded_by,
    )


def quota_touches(reader: Reader, command: SetQuota, context: Context) -> frozenset[str]:
    return frozenset({command.org})


def dossier_step(uow: UnitOfWork, command: RecordDossierStep, context: Context) -> Dossier:
    return step_in(uow, command.dossier_id, command.step, context.recorded_by)


def dossier_touches(reader: Reader, command: RecordDossierStep, context: Context) -> frozenset[str]:
    """The dossier's cell: its steps, and the ceremony's admission on the cell's roll."""
    dossier = reader.repository.get(command.dossier_id)
    if not isinstance(dossier, Dossier):
        raise NotFound("dossier", command.dossier_id)
    return frozenset({dossier.cell})


def rename(uow: UnitOfWork, command: RenameOrganization, context: Context) -> Any:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, RENAMED)
    step.rename(command.code, command.name)
    return step.outcome


def rename_touches(reader: Reader, command: RenameOrganization, context: Context) -> frozenset[str]:
    return frozenset({command.code})


def move(uow: UnitOfWork, command: MoveOrganization, context: Context) -> Any:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, MOVED)
    step.move(command.code, command.to, MOVED)
    return step.outcome


def move_touches(reader: Reader, command: MoveOrganization, context: Context) -> frozenset[str]:
    """The child, its new parent and the parent it leaves on the day."""
    old = reader.get_organization(command.code).parent_on(command.on)
    return frozenset(c for c in (command.code, command.to, old) if c)


HANDLERS: dict[type[Command], Route] = {
    RecordEvent: Route(record_event, event_touches),
    RecordEventAt: Route(record_event_at, event_touches),
    FoundOrganization: Route(found_organization, founding_touches),
    SetQuota: Route(set_quota, quota_touches),
    RecordDossierStep: Route(dossier_step, dossier_touches),
    RenameOrganization: Route(rename, rename_touches),
    MoveOrganization: Route(move, move_touches),
}


def route(command: Command) -> Route:
    found = HANDLERS.get(type(command))
    if found is None:
        raise TypeError(f"no handler for {type(command).__name__}")
    return found


def dispatch(uow: UnitOfWork, command: Command, context: Context) -> Any:
    """Apply one command inside the caller's unit of work (the import applies its lines so)."""
    return route(command).handle(uow, command, context)


def touches(reader: Reader, command: Command, context: Context) -> frozenset[str]:
    """The organizations whose streams the command writes: what a writer must be allowed."""
    return route(command).touches(reader, command, context)
