"""Routes of the roll: events on a member's roll, founding an organization, admission quotas."""

from __future__ import annotations

from typing import Any

from domain.errors import NotFound
from domain.roll.organization import Organization
from services.config import TIMEZONE
from services.front_door.commands import FoundOrganization, RecordEvent, RecordEventAt, SetQuota
from services.front_door.routing import Context, Reader
from services.quotas import plan_quota
from services.roll import handlers as roll
from services.roll.commands import Correct, Receipt, Retract, TransferIn, TransferOut
from services.unit_of_work import UnitOfWork


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
    other: str | None = entry.get("to") or entry.get("from")
    return other


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
        replay_same=command.replay_same,
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
