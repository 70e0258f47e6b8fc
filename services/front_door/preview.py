"""A reorganization decision tried before it is stored (xem trước): what it would move, carry,
end and found, and whether the affected subtree keeps every member (before = after).

The decision runs through the front door's own route in a unit of work that is never
committed, so the preview applies exactly the rules the stored decision will (a refusal is
the same refusal); the aggregates it changed in memory are dropped with the unit of work.
The same figures are read again after the decision is stored (`stored_check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.roll.organization import Organization
from services.front_door.commands import Command
from services.front_door.handlers import Context, dispatch
from services.registry import Registry
from services.structure.conservation import DayCheck, OrgBook, check_day, scope_of
from services.structure.decision import Outcome
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class MemberCarried:
    """One member carried from a predecessor's roll to a successor's."""

    member_id: UUID
    national_id: str
    full_name: str
    from_org: str
    to_org: str


@dataclass(frozen=True)
class Preview:
    """What the decision would change, and the conservation check on its effective day."""

    outcome: Outcome
    members: list[MemberCarried]
    check: DayCheck


def preview(registry: Registry, command: Command, recorded_by: str) -> Preview:
    """Apply the decision in a unit of work that is dropped, never committed: nothing stored."""
    uow = UnitOfWork(registry)
    outcome: Outcome = dispatch(uow, command, Context(recorded_by))
    members = carried_members(uow)
    book = OrgBook(registry)
    book.uow = uow  # read the organizations as the decision left them in memory
    return Preview(outcome, members, conservation(book, outcome))


def stored_check(registry: Registry, outcome: Outcome) -> DayCheck:
    """The conservation check of a stored decision, read back from the store."""
    return conservation(OrgBook(registry), outcome)


def conservation(book: OrgBook, outcome: Outcome) -> DayCheck:
    """Members of the lowest subtree holding everything the decision touched, on its eve and
    once it is done."""
    affected = {*outcome.founded, *outcome.ended, *outcome.carried, *outcome.received}
    for code, old, new in outcome.moved:
        affected |= {code, new, *([old] if old else [])}
    if not affected:  # a rename touches one organization only; its subtree is the scope
        affected = {code for code, aggregate in _orgs(book.uow) if aggregate.pending_events}
    return check_day(book, outcome.on, scope_of(book, affected, outcome.on))


def carried_members(uow: UnitOfWork) -> list[MemberCarried]:
    """Each member the pending decision carries, read from the events it would store."""
    found = []
    for code, org in _orgs(uow):
        for event in org.pending_events:
            if not isinstance(event, Organization.CarriedOut):
                continue
            member = uow.member(event.member_id)
            profile = (member.profile if member else None) or {}
            national_id = member.national_id if member else ""
            to = str(event.details["to"])
            name = str(profile.get("full_name", ""))
            found.append(MemberCarried(event.member_id, national_id, name, code, to))
    return sorted(found, key=lambda m: (m.from_org, m.to_org, m.full_name, m.national_id))


def _orgs(uow: UnitOfWork) -> list[tuple[str, Organization]]:
    return [(a.code, a) for a in uow.aggregates.values() if isinstance(a, Organization)]
