"""Tests write through the front door: one roll command or one founding, by its verb.

Each function builds the command and sends it through services.front_door.bus.handle, as the
API does; the receipt carries the save's log position.
"""

from __future__ import annotations

from datetime import date

from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from services.front_door.bus import Runner, handle
from services.front_door.commands import FoundOrganization, RecordEvent
from services.roll.commands import (
    Admit,
    Command,
    Correct,
    Readmit,
    Receipt,
    Recognize,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)


def execute(
    registry: Runner,
    org: str,
    command: Command,
    recorded_by: str,
    key: str | None = None,
    *,
    key_scope: str | None = None,
) -> Receipt:
    """One roll event in `org`'s stream; `key_scope` is the requester's organization."""
    handled = handle(
        registry, RecordEvent(org, command, key), recorded_by=recorded_by, key_scope=key_scope
    )
    return handled.receipts()[0]


def admit(
    registry: Runner, org: str, command: Admit, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def readmit(
    registry: Runner, org: str, command: Readmit, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def transfer_in(
    registry: Runner, org: str, command: TransferIn, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def recognize(
    registry: Runner, org: str, command: Recognize, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def transfer_out(
    registry: Runner, org: str, command: TransferOut, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def remove(
    registry: Runner, org: str, command: Remove, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def correct(
    registry: Runner, org: str, command: Correct, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def retract(
    registry: Runner, org: str, command: Retract, recorded_by: str, key: str | None = None
) -> Receipt:
    return execute(registry, org, command, recorded_by, key)


def found_organization(
    registry: Runner,
    code: str,
    name: str,
    kind: OrgKind,
    parent: str | None,
    founded_on: date,
    recorded_by: str,
) -> Organization:
    """Found an organization under its parent (both streams in one save)."""
    founding = FoundOrganization(code, name, kind, parent, founded_on)
    organization: Organization = handle(registry, founding, recorded_by=recorded_by).results[0]
    return organization
