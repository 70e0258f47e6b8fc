"""The table from command type to handler, and which organizations each command writes.

Each route has two halves that must agree: `handle` changes aggregates inside a unit of work,
`touches` names the organizations whose streams that change writes. The web layer authorizes
from `touches` alone (web.permissions.writes), so the rule for who may write the other side
of a transfer lives here, once, for the API and the pages alike. The routes live beside this
table by wing: roll_routes.py, admission_routes.py, structure_routes.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.front_door import admission_routes as admission
from services.front_door import report_routes as report
from services.front_door import roll_routes as roll
from services.front_door import structure_routes as structure
from services.front_door.commands import (
    Command,
    DissolveOrganization,
    FoundOrganization,
    GrantAdmissionAuthority,
    MergeOrganizations,
    MoveOrganization,
    OpenAdmissionDossier,
    RecordDossierStep,
    RecordEvent,
    RecordEventAt,
    RenameOrganization,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetQuota,
    SetServiceTarget,
    SplitOrganization,
)
from services.front_door.routing import Context, Reader, Route
from services.unit_of_work import UnitOfWork

__all__ = ["HANDLERS", "Context", "Reader", "Route", "dispatch", "founds", "route", "touches"]

HANDLERS: dict[type[Command], Route] = {
    RecordEvent: Route(roll.record_event, roll.event_touches),
    RecordEventAt: Route(roll.record_event_at, roll.event_touches),
    FoundOrganization: Route(roll.found_organization, roll.founding_touches),
    SetQuota: Route(roll.set_quota, roll.quota_touches),
    OpenAdmissionDossier: Route(admission.open_dossier, admission.opening_touches),
    RecordDossierStep: Route(admission.dossier_step, admission.dossier_touches),
    SetServiceTarget: Route(admission.set_service_target, admission.settings_touches),
    SetCertificateValidity: Route(admission.set_certificate_validity, admission.settings_touches),
    GrantAdmissionAuthority: Route(admission.grant_authority, admission.settings_touches),
    RevokeAdmissionAuthority: Route(admission.revoke_authority, admission.settings_touches),
    RenameOrganization: Route(structure.rename, structure.rename_touches),
    MoveOrganization: Route(structure.move, structure.move_touches),
    MergeOrganizations: Route(structure.merge, structure.merge_touches, structure.merge_founds),
    SplitOrganization: Route(structure.split, structure.split_touches, structure.split_founds),
    DissolveOrganization: Route(structure.dissolve, structure.dissolve_touches),
    **report.ROUTES,
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


def founds(command: Command) -> Mapping[str, str]:
    """The codes among `touches` the command founds, each with its parent: a writer is asked
    for the parent, as nobody may write a code that does not exist yet."""
    return route(command).founds(command)
