"""Idempotency keys: each requester's own namespace, the keys stored before scoping, twins.

A key is scoped to the requester's organization (`scope`): the same key sent by two
organizations names two different requests, and nothing about one answers the other. `None`
is the deployment's own namespace (the command line, the demo, the pipeline's keys).

Keys stored before scoping live in the deployment's namespace. They keep answering their
original requester, the user who recorded the event they produced: for anyone else such a key
is unknown, and their request is new in their own scope.

Event ids are never derived from a key any more (they are random, kept in the key's record),
so knowing someone's key and organization tells nothing about their events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from domain.errors import DomainError, NotFound, RuleViolation
from domain.roll.member import ClientKey
from services.roll.commands import Command, Receipt
from services.unit_of_work import UnitOfWork


class StoredMeanwhile(Exception):
    """A twin request stored this key while this one ran: start again and replay its receipt.

    Deliberately not a DomainError: it must reach the registry's retry loop through every
    handler that turns domain errors into answers (the import, the pipeline)."""


def fingerprint(org: str, command: Command) -> str:
    """Same org and same command values give the same fingerprint (for idempotency keys)."""
    return hashlib.sha256(f"{org}|{command!r}".encode()).hexdigest()


def used_key(uow: UnitOfWork, key: str, scope: str | None, requester: str) -> ClientKey | None:
    """The record of this key in the requester's namespace, or their own key from before scoping."""
    used = uow.get(uow.ids.client_key(key, scope), ClientKey)
    if used is not None or scope is None:
        return used
    legacy = uow.get(uow.ids.client_key(key), ClientKey)
    if legacy is not None and recorded_by(uow, legacy) == requester:
        return legacy
    return None


def recorded_by(uow: UnitOfWork, used: ClientKey) -> str | None:
    try:
        return uow.organization(used.org).find_entry(used.event_id).recorded_by
    except NotFound:
        return None


def key_ids(uow: UnitOfWork, key: str, scope: str | None) -> set[UUID]:
    """Every record a lookup of this key may read (for bulk absence checks)."""
    return {uow.ids.client_key(key, scope), uow.ids.client_key(key)}


def event_of_key(uow: UnitOfWork, key: str, scope: str | None, requester: str) -> UUID:
    """The event a key of the requester's produced (corrections and retractions name it so)."""
    used = used_key(uow, key, scope, requester)
    if used is None:
        raise NotFound("event", key)
    return used.event_id


def replayed(used: ClientKey, org_code: str, command: Command) -> Receipt:
    """The first receipt again; the same key with another command is refused, naming nothing."""
    if used.fingerprint != fingerprint(org_code, command):
        raise RuleViolation(
            "idempotency_key_reused",
            f"the key {used.key!r} was already used for a different request",
        )
    return Receipt(used.event_id, used.member_id, used.created_on, None, used.org, replayed=True)


@contextmanager
def unless_stored_meanwhile(uow: UnitOfWork, key_id: UUID) -> Iterator[None]:
    """A refusal is not the answer when a twin request stored the same key meanwhile.

    Sixteen identical requests sent at once all find the key unused; the first to commit
    stores the event, and the others may then read a roll that already has it and be refused
    (`on_two_rolls`). Before such a refusal is reported the key is looked up again, in the
    store itself: if it is there now, the command starts again on fresh state and replays."""
    try:
        yield
    except DomainError:
        if uow.registry.existing({key_id}):
            raise StoredMeanwhile() from None
        raise
