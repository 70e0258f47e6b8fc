"""Routes of the admission pipeline: opening a dossier, its steps, the pipeline settings."""

from __future__ import annotations

from domain.admission.dossier import Dossier
from domain.admission.settings import PipelineSettings
from domain.errors import NotFound
from services.admission import settings_changes
from services.admission.ceremony import probation_org, probationer_id
from services.admission.commands import DecideRecognition, DecideStrikeOff
from services.admission.opening import open_in
from services.admission.steps import step_in
from services.front_door.commands import (
    GrantAdmissionAuthority,
    OpenAdmissionDossier,
    RecordDossierStep,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetServiceTarget,
)
from services.front_door.routing import Context, Reader
from services.unit_of_work import UnitOfWork


def open_dossier(uow: UnitOfWork, command: OpenAdmissionDossier, context: Context) -> Dossier:
    return open_in(uow, command.opening, context.recorded_by, context.key_scope)


def opening_touches(
    reader: Reader, command: OpenAdmissionDossier, context: Context
) -> frozenset[str]:
    """The cell: the dossier and its indexes are the cell's."""
    return frozenset({command.opening.cell})


def dossier_step(uow: UnitOfWork, command: RecordDossierStep, context: Context) -> Dossier:
    return step_in(uow, command.dossier_id, command.step, context.recorded_by)


def dossier_touches(reader: Reader, command: RecordDossierStep, context: Context) -> frozenset[str]:
    """The dossier's cell: its steps, and the ceremony's admission on the cell's roll; the end
    of the probation writes the roll the member is on now, which may be another's."""
    dossier = reader.repository.get(command.dossier_id)
    if not isinstance(dossier, Dossier):
        raise NotFound("dossier", command.dossier_id)
    if not isinstance(command.step, (DecideRecognition, DecideStrikeOff)):
        return frozenset({dossier.cell})
    try:
        member = reader.get_member(probationer_id(reader.ids, dossier))
    except NotFound:
        member = None
    return frozenset({dossier.cell, probation_org(dossier, member)})


def set_service_target(
    uow: UnitOfWork, command: SetServiceTarget, context: Context
) -> PipelineSettings:
    return settings_changes.set_service_target(
        uow,
        command.code,
        command.days,
        command.working_days,
        command.document_no,
        context.recorded_by,
    )


def set_certificate_validity(
    uow: UnitOfWork, command: SetCertificateValidity, context: Context
) -> PipelineSettings:
    return settings_changes.set_certificate_validity(
        uow, command.code, command.years, command.document_no, context.recorded_by
    )


def grant_authority(
    uow: UnitOfWork, command: GrantAdmissionAuthority, context: Context
) -> PipelineSettings:
    return settings_changes.grant_admission_authority(
        uow, command.code, command.from_on, command.document_no, context.recorded_by
    )


def revoke_authority(
    uow: UnitOfWork, command: RevokeAdmissionAuthority, context: Context
) -> PipelineSettings:
    return settings_changes.revoke_admission_authority(
        uow, command.code, command.from_on, command.document_no, context.recorded_by
    )


def settings_touches(
    reader: Reader,
    command: SetServiceTarget
    | SetCertificateValidity
    | GrantAdmissionAuthority
    | RevokeAdmissionAuthority,
    context: Context,
) -> frozenset[str]:
    """The organization whose settings change (they apply to its whole subtree)."""
    return frozenset({command.code})
