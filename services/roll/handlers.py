"""How each roll command becomes events, inside one unit of work.

Founding an organization, and recording one roll event with its idempotency key: the member
found or identified, the paired side of a transfer inside the deployment written in the same
save. Corrections and retractions are in services/roll/amendments.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4, uuid5

from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.roll.history import Entry
from domain.roll.member import ClientKey, Member
from domain.roll.organization import Organization
from domain.roll.values import EventType, OrgKind, probation_end
from services.roll.amendments import correct, retract
from services.roll.client_keys import (
    fingerprint,
    key_ids,
    replayed,
    unless_stored_meanwhile,
    used_key,
)
from services.roll.commands import (
    Admit,
    Command,
    Correct,
    Readmit,
    Receipt,
    Recognize,
    Remove,
    Retract,
    RollCommand,
    TransferIn,
    TransferOut,
)
from services.unit_of_work import UnitOfWork

__all__ = ["candidate_ids", "fingerprint", "found", "handle"]


def found(
    uow: UnitOfWork,
    code: str,
    name: str,
    kind: OrgKind,
    parent: str | None,
    founded_on: date,
    recorded_by: str,
    *,
    replay_same: bool = False,
) -> Organization:
    """Found an organization under its parent: both streams change in the same transaction.

    With `replay_same`, an organization founded before with the same values is answered as it
    is, storing nothing (an import run again); any other existing code is refused."""
    existing = uow.get(uow.ids.organization(code), Organization)
    if existing is not None:
        if replay_same and founded_alike(existing, name, kind, parent, founded_on):
            return existing
        raise RuleViolation("code_taken", f"the organization code {code} is already taken")
    parent_org = uow.organization(parent) if parent else None
    org = Organization.found(
        id=uow.ids.organization(code),
        code=code,
        name=name,
        kind=kind,
        parent=parent_org,
        founded_on=founded_on,
        today=uow.today,
        recorded_by=recorded_by,
        timestamp=uow.now,
    )
    if parent_org is not None:
        parent_org.attach_child(code, founded_on, uow.now)
    uow.add(org)
    return org


def founded_alike(
    org: Organization, name: str, kind: OrgKind, parent: str | None, founded_on: date
) -> bool:
    """Whether the organization was founded with these values (renames and moves since then
    leave its founding as it was)."""
    return (
        org.founded_on == founded_on
        and org.kind == OrgKind(kind).value
        and org.parents[0]["parent"] == parent
        and org.name_on(founded_on) == name.strip()
    )


def candidate_ids(
    uow: UnitOfWork, commands: list[tuple[Command, str | None]], scope: str | None = None
) -> set[UUID]:
    """Members and client keys a batch may create: checked for existence in one go."""
    ids: set[UUID] = set()
    for command, key in commands:
        if key is not None:
            ids |= key_ids(uow, key, scope)
        ref = getattr(command, "member", None)
        if ref is not None and ref.profile is not None and ref.member_id is None:
            ids.add(uow.ids.member(ref.profile.national_id))
    return ids


def handle(
    uow: UnitOfWork,
    org_code: str,
    command: Command,
    *,
    recorded_by: str,
    client_key: str | None = None,
    key_scope: str | None = None,
) -> Receipt:
    """Apply one command; a reused idempotency key returns the first receipt and stores nothing.

    `key_scope` is the requester's organization: keys are theirs alone (services.roll.client_keys).
    """
    if client_key is None:
        return apply(uow, org_code, command, uuid4(), recorded_by, key_scope)
    used = used_key(uow, client_key, key_scope, recorded_by)
    if used is not None:
        return replayed(used, org_code, command)
    key_id = uow.ids.client_key(client_key, key_scope)
    # A random id: an event id derived from the key would tell whoever guessed the key.
    event_id = uuid4()
    with unless_stored_meanwhile(uow, key_id):
        receipt = apply(uow, org_code, command, event_id, recorded_by, key_scope)
    uow.add(
        ClientKey.use(
            id=key_id,
            key=client_key,
            fingerprint=fingerprint(org_code, command),
            event_id=event_id,
            member_id=receipt.member_id,
            org=org_code,
            timestamp=uow.now,
        )
    )
    return receipt


def apply(
    uow: UnitOfWork,
    org_code: str,
    command: Command,
    event_id: UUID,
    recorded_by: str,
    key_scope: str | None,
) -> Receipt:
    org = uow.organization(org_code)
    if isinstance(command, Correct):
        entry = correct(uow, org, command, event_id, recorded_by, key_scope)
    elif isinstance(command, Retract):
        entry = retract(uow, org, command, event_id, recorded_by, key_scope)
    else:
        entry = record(uow, org, command, event_id, recorded_by)
    return Receipt(event_id, entry["member_id"], entry["recorded_at"], None, org_code)


def record(
    uow: UnitOfWork, org: Organization, command: RollCommand, event_id: UUID, recorded_by: str
) -> Entry:
    member = resolve_member(uow, command)
    details = roll_details(command)
    effective_on = command.effective_on
    if isinstance(command, Recognize) and effective_on is None:
        effective_on = recognition_date(member)
    if effective_on is None:
        raise InvalidValue("effective_on", "is required")
    kind = command.type
    counterpart = counterpart_org(uow, org, command)
    if counterpart is not None:
        pair_id = uuid5(event_id, "pair")
        details["pair"] = pair_id
        pair_details = {"pair": event_id, "decision_no": details.get("decision_no")}
        if isinstance(command, TransferIn):
            # The origin's transfer-out comes first, so the member is never on two rolls.
            pair_details["to"] = org.code
            write(
                uow,
                counterpart,
                member,
                EventType.TRANSFERRED_OUT,
                pair_id,
                effective_on,
                recorded_by,
                pair_details,
            )
            return write(uow, org, member, kind, event_id, effective_on, recorded_by, details)
        pair_details["from"] = org.code
        entry = write(uow, org, member, kind, event_id, effective_on, recorded_by, details)
        write(
            uow,
            counterpart,
            member,
            EventType.TRANSFERRED_IN,
            pair_id,
            effective_on,
            recorded_by,
            pair_details,
        )
        return entry
    return write(uow, org, member, kind, event_id, effective_on, recorded_by, details)


def write(
    uow: UnitOfWork,
    org: Organization,
    member: Member,
    kind: EventType,
    event_id: UUID,
    effective_on: Any,
    recorded_by: str,
    details: dict[str, Any],
) -> Entry:
    entry = org.record(
        kind,
        event_id=event_id,
        member_id=member.id,
        effective_on=effective_on,
        today=uow.today,
        recorded_by=recorded_by,
        timestamp=uow.now,
        details={k: v for k, v in details.items() if v is not None},
    )
    member.note(entry, uow.now)
    return entry


def resolve_member(uow: UnitOfWork, command: RollCommand) -> Member:
    ref = command.member
    national_id = ref.national_id or (ref.profile.national_id if ref.profile else None)
    if ref.member_id is not None:
        member_id = ref.member_id
        if national_id and uow.ids.member(national_id) != member_id:
            raise InvalidValue("member.national_id", "does not match member_id")
    elif national_id:
        member_id = uow.ids.member(national_id)
    else:
        raise InvalidValue("member", "name the member by member_id or national_id")
    member = uow.member(member_id)
    if member is not None:
        return member
    if command.type.is_intake and ref.profile is not None:
        member = Member.identify(
            id=member_id, national_id=ref.profile.national_id, timestamp=uow.now
        )
        uow.add(member)
        return member
    if command.type.is_intake:
        raise InvalidValue(
            "member", "this person is not yet in the registry: give all their attributes"
        )
    raise NotFound("member", national_id or member_id)


def roll_details(command: RollCommand) -> dict[str, Any]:
    details: dict[str, Any] = {**command.decision.details(), "note": command.note}
    if command.member.profile is not None:
        details["member"] = command.member.profile.as_dict()
    if isinstance(command, Admit) and command.member.profile is None:
        raise InvalidValue("member", "an admission needs all the member's attributes")
    if isinstance(command, (Admit, Readmit)):
        details["provincial_approval"] = command.provincial_approval
        details["considered_on"] = command.considered_on
    if isinstance(command, TransferIn):
        details["from"] = command.source.code
        details["from_outside"] = command.source.outside
        details["status"] = command.status.value if command.status else None
        details["admitted_on"] = command.admitted_on
    if isinstance(command, TransferOut):
        details["to"] = command.destination.code
        details["to_outside"] = command.destination.outside
    if isinstance(command, Remove):
        details["reason"] = getattr(command.reason, "value", command.reason)
    return details


def counterpart_org(
    uow: UnitOfWork, org: Organization, command: RollCommand
) -> Organization | None:
    side = None
    if isinstance(command, TransferIn):
        side = command.source
    elif isinstance(command, TransferOut):
        side = command.destination
    if side is None or side.code is None:
        return None
    other = uow.organization(side.code)
    if other.code == org.code:
        raise RuleViolation("transfer_to_itself", "a transfer needs two different organizations")
    return other


def recognition_date(member: Member) -> Any:
    history = member.history()
    if history.probation_from is None:
        raise RuleViolation(
            "not_probationary", "the member is not a probationary member", member_id=str(member.id)
        )
    return probation_end(history.probation_from)
