"""Routes of reorganization decisions: rename, move, merge, split, dissolve.

Each decision is one Reorganization applied in the unit of work (services/structure). What it
writes: the organizations it names, the parent each ended or moved organization leaves, the
children it hands over (each moves under a successor) and the parent of every successor the
decision founds. Members carried are written in their own streams, which belong to no one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from domain.structure.reorganization import DISSOLVED, MERGED, MOVED, RENAMED, SPLIT, day_before
from services.front_door.commands import (
    DissolveOrganization,
    MergeOrganizations,
    MoveOrganization,
    RenameOrganization,
    SplitOrganization,
)
from services.front_door.routing import Context, Reader, organization_or_none
from services.structure.decision import NewOrganization, Outcome, Reorganization
from services.structure.reorganization import dissolve_in, merge_in, split_in
from services.unit_of_work import UnitOfWork


def rename(uow: UnitOfWork, command: RenameOrganization, context: Context) -> Outcome:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, RENAMED)
    step.rename(command.code, command.name)
    return step.outcome


def rename_touches(reader: Reader, command: RenameOrganization, context: Context) -> frozenset[str]:
    return frozenset({command.code})


def move(uow: UnitOfWork, command: MoveOrganization, context: Context) -> Outcome:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, MOVED)
    step.move(command.code, command.to, MOVED)
    return step.outcome


def move_touches(reader: Reader, command: MoveOrganization, context: Context) -> frozenset[str]:
    """The child, its new parent and the parent it leaves on the day."""
    old = reader.get_organization(command.code).parent_on(command.on)
    return frozenset(c for c in (command.code, command.to, old) if c)


def merge(uow: UnitOfWork, command: MergeOrganizations, context: Context) -> Outcome:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, MERGED)
    merge_in(step, command.sources, command.into, command.found, command.quotas)
    return step.outcome


def merge_touches(reader: Reader, command: MergeOrganizations, context: Context) -> frozenset[str]:
    founded = [command.found] if command.found else []
    return decision_touches(reader, command.on, command.sources, [command.into], founded)


def merge_founds(command: MergeOrganizations) -> Mapping[str, str]:
    """The successor founded by the merger itself, under its parent."""
    return {command.found.code: command.found.parent} if command.found else {}


def split(uow: UnitOfWork, command: SplitOrganization, context: Context) -> Outcome:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, SPLIT)
    split_in(
        step,
        command.source,
        command.successors,
        command.members,
        command.children,
        command.default,
        command.found,
        command.quota_shares,
    )
    return step.outcome


def split_touches(reader: Reader, command: SplitOrganization, context: Context) -> frozenset[str]:
    return decision_touches(reader, command.on, [command.source], command.successors, command.found)


def split_founds(command: SplitOrganization) -> Mapping[str, str]:
    """The successors founded by the split itself, each under its parent."""
    return {new.code: new.parent for new in command.found}


def dissolve(uow: UnitOfWork, command: DissolveOrganization, context: Context) -> Outcome:
    step = Reorganization(uow, command.on, command.decision, context.recorded_by, DISSOLVED)
    dissolve_in(step, command.code, command.carry_to, command.members, command.children)
    return step.outcome


def dissolve_touches(
    reader: Reader, command: DissolveOrganization, context: Context
) -> frozenset[str]:
    receivers = {*command.members.values(), *command.children.values()}
    receivers |= {command.carry_to} if command.carry_to else set()
    return decision_touches(reader, command.on, [command.code], receivers, [])


def decision_touches(
    reader: Reader,
    on: date,
    ended: Iterable[str],
    receivers: Iterable[str],
    founded: Iterable[NewOrganization],
) -> frozenset[str]:
    """Organizations ended, with the parent each leaves and the children each hands over; the
    receivers; the parents of the successors founded."""
    written = {*receivers, *(new.parent for new in founded)}
    for code in ended:
        written.add(code)
        org = organization_or_none(reader, code)
        if org is None:
            continue
        parent = org.parent_on(day_before(on))
        written |= {parent} if parent else set()
        written |= set(org.children_on(on))
    return frozenset(written)
