"""Corrections and retractions (đính chính, thu hồi): new events naming the one they amend.

A correction or retraction of one side of a paired event (a transfer inside the deployment, a
member carried by a reorganization) amends the other side in the same save, so the two rolls
never disagree about the move.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from domain.errors import InvalidValue, NotFound
from domain.roll.history import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.profile import MemberProfile, derived
from services.roll.client_keys import event_of_key
from services.roll.commands import Correct, Retract
from services.unit_of_work import UnitOfWork


def amended(
    uow: UnitOfWork, given: UUID | None, key: str | None, scope: str | None, requester: str
) -> UUID:
    """The event a correction or retraction points at: by its id, or by the requester's key."""
    if given is not None:
        return given
    return event_of_key(uow, key or "", scope, requester)


def correct(
    uow: UnitOfWork,
    org: Organization,
    command: Correct,
    event_id: UUID,
    recorded_by: str,
    key_scope: str | None = None,
) -> Entry:
    target_id = amended(uow, command.corrects, command.corrects_key, key_scope, recorded_by)
    target = org.find_entry(target_id)
    changes = normalized_changes(target, command.changes)
    entry = org.correct(
        event_id=event_id,
        corrects=target_id,
        reason=command.reason,
        changes=changes,
        today=uow.today,
        recorded_by=recorded_by,
        timestamp=uow.now,
    )
    member = required_member(uow, target["member_id"])
    member.note(entry, uow.now)
    if target.get("pair") and "effective_on" in changes:
        pair_org, pair_target = paired(uow, target)
        pair_entry = pair_org.correct(
            event_id=uuid5(event_id, "pair"),
            corrects=pair_target,
            reason=command.reason,
            changes={"effective_on": changes["effective_on"]},
            today=uow.today,
            recorded_by=recorded_by,
            timestamp=uow.now,
        )
        member.note(pair_entry, uow.now)
    return entry


def retract(
    uow: UnitOfWork,
    org: Organization,
    command: Retract,
    event_id: UUID,
    recorded_by: str,
    key_scope: str | None = None,
) -> Entry:
    target_id = amended(uow, command.retracts, command.retracts_key, key_scope, recorded_by)
    target = org.find_entry(target_id)
    entries = [
        org.retract(
            event_id=event_id,
            retracts=target_id,
            reason=command.reason,
            recorded_by=recorded_by,
            timestamp=uow.now,
        )
    ]
    if target.get("pair"):
        pair_org, pair_target = paired(uow, target)
        entries.append(
            pair_org.retract(
                event_id=uuid5(event_id, "pair"),
                retracts=pair_target,
                reason=command.reason,
                recorded_by=recorded_by,
                timestamp=uow.now,
            )
        )
    member = required_member(uow, target["member_id"])
    for entry in entries:
        member.note(entry, uow.now)
    return entries[0]


def paired(uow: UnitOfWork, target: Entry) -> tuple[Organization, UUID]:
    other_code = target.get("to") or target.get("from")
    return uow.organization(other_code), target["pair"]


def required_member(uow: UnitOfWork, member_id: UUID) -> Member:
    member = uow.member(member_id)
    if member is None:
        raise NotFound("member", member_id)
    return member


def normalized_changes(target: Entry, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate corrected member attributes against the whole corrected profile."""
    if "member" not in changes:
        return dict(changes)
    if not target.get("member"):
        raise InvalidValue(
            "changes.member", "this event carried no member attributes: correct the intake event"
        )
    stored = target["member"]
    current = MemberProfile.from_dict(stored)
    corrected = current.corrected(changes["member"]).as_dict()
    # Compared with the profile as read: an attribute only derived from the old ones
    # (domain/roll/profile.py) is not a change, unless the correction changes it.
    read = {**stored, **derived(stored)}
    changed = {k: v for k, v in corrected.items() if v != read.get(k)}
    return {**changes, "member": changed}
