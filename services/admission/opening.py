"""Opening a dossier (đưa vào danh sách cảm tình Đảng): the dossier and its two indexes.

The dossier, the cell's index and the person's index are saved together; a client key makes a
retry of the same opening answer the dossier already opened and store nothing.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.admission.dossier import Dossier
from domain.errors import RuleViolation
from services.admission.commands import OpenDossier
from services.admission.facts import (
    candidate_facts,
    dossier_of_key,
    index_in,
    org_index_id,
    person_index_id,
)
from services.roll.client_keys import unless_stored_meanwhile
from services.unit_of_work import Registry, UnitOfWork


def open_in(
    uow: UnitOfWork, command: OpenDossier, recorded_by: str, key_scope: str | None = None
) -> Dossier:
    """Put a candidate on a cell's source list, inside a unit of work.

    `key_scope` is the requester's organization: the command's key is theirs alone."""
    key = command.client_key
    if key is None:
        return opened(uow, command, uuid4(), recorded_by)
    dossier_id, existing = dossier_of_key(uow, key, key_scope, recorded_by)
    if existing is not None:
        return replayed_open(existing, command)
    with unless_stored_meanwhile(uow, dossier_id):
        return opened(uow, command, dossier_id, recorded_by)


def opened(uow: UnitOfWork, command: OpenDossier, dossier_id: UUID, recorded_by: str) -> Dossier:
    cell = uow.organization(command.cell)
    national_id = command.candidate.national_id
    dossier = Dossier.open(
        id=dossier_id,
        cell=cell.code,
        cell_kind=cell.org_kind,
        candidate=command.candidate,
        facts=candidate_facts(uow, national_id),
        on=command.on,
        today=uow.today,
        actor=command.actor,
        document_no=command.document_no,
        recorded_by=recorded_by,
        timestamp=uow.now,
        education_exemption=command.education_exemption,
        note=command.note,
        cell_founded_on=cell.founded_on,
    )
    uow.add(dossier)
    index_in(uow, org_index_id(uow.ids, cell.code), f"org/{cell.code}").add(dossier.id, uow.now)
    index_in(uow, person_index_id(uow.ids, national_id), f"person/{national_id}").add(
        dossier.id, uow.now
    )
    return dossier


def dossier_for_key(
    registry: Registry, client_key: str, key_scope: str | None, requester: str
) -> Dossier | None:
    """The dossier the requester already opened with this key, if any."""
    return dossier_of_key(UnitOfWork(registry), client_key, key_scope, requester)[1]


def replayed_open(existing: Dossier, command: OpenDossier) -> Dossier:
    if existing.cell != command.cell or existing.candidate != command.candidate:
        raise RuleViolation(
            "idempotency_key_reused",
            f"the key {command.client_key!r} was already used for another dossier",
        )
    return existing
