"""Tests write through the front door: one command by its verb.

Each function builds the command (a roll event, a founding, a dossier's opening or step, a
pipeline setting, a reorganization decision) and sends it through
services.front_door.bus.handle, as the API and the CLI do; a roll event's receipt carries the
save's log position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from uuid import UUID

from domain.admission.dossier import Dossier
from domain.admission.settings import PipelineSettings
from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from services.admission.commands import OpenDossier, StepCommand
from services.front_door.bus import Runner, handle
from services.front_door.commands import (
    DissolveOrganization,
    FoundOrganization,
    GrantAdmissionAuthority,
    MergeOrganizations,
    MoveOrganization,
    OpenAdmissionDossier,
    RecordDossierStep,
    RecordEvent,
    RenameOrganization,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetQuota,
    SetServiceTarget,
    SplitOrganization,
)
from services.quotas import QuotaReceipt, quota_receipt
from services.roll.commands import (
    Command,
    Decision,
    Receipt,
)
from services.structure.decision import NewOrganization, Outcome


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


# One verb per roll command, as the tests read: the command itself says what happens.
admit = readmit = transfer_in = recognize = transfer_out = remove = correct = retract = execute


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


def set_quota(
    registry: Runner,
    org: str,
    period: str,
    target: int,
    assigned_by: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    recorded_by: str = "system",
) -> QuotaReceipt:
    """An admission plan; a later one for the same (period, assigned_by) supersedes it."""
    quota = SetQuota(org, period, target, assigned_by, starts_on, ends_on)
    handled = handle(registry, quota, recorded_by=recorded_by)
    return quota_receipt(org, handled.results[0], handled.position)


# -- the admission pipeline -------------------------------------------------------------


def open_dossier(
    registry: Runner, command: OpenDossier, recorded_by: str, key_scope: str | None = None
) -> Dossier:
    opening = OpenAdmissionDossier(command)
    dossier: Dossier = handle(
        registry, opening, recorded_by=recorded_by, key_scope=key_scope
    ).results[0]
    return dossier


def record_step(
    registry: Runner, dossier_id: UUID, command: StepCommand, recorded_by: str
) -> Dossier:
    step = RecordDossierStep(dossier_id, command)
    dossier: Dossier = handle(registry, step, recorded_by=recorded_by).results[0]
    return dossier


def set_service_target(
    registry: Runner,
    code: str,
    days: int | None,
    *,
    working_days: bool = True,
    document_no: str | None = None,
    recorded_by: str,
) -> PipelineSettings:
    command = SetServiceTarget(code, days, working_days, document_no)
    settings: PipelineSettings = handle(registry, command, recorded_by=recorded_by).results[0]
    return settings


def set_certificate_validity(
    registry: Runner,
    code: str,
    years: int | None,
    *,
    document_no: str | None = None,
    recorded_by: str,
) -> PipelineSettings:
    command = SetCertificateValidity(code, years, document_no)
    settings: PipelineSettings = handle(registry, command, recorded_by=recorded_by).results[0]
    return settings


def grant_admission_authority(
    registry: Runner, code: str, *, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    command = GrantAdmissionAuthority(code, from_on, document_no)
    settings: PipelineSettings = handle(registry, command, recorded_by=recorded_by).results[0]
    return settings


def revoke_admission_authority(
    registry: Runner, code: str, *, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    command = RevokeAdmissionAuthority(code, from_on, document_no)
    settings: PipelineSettings = handle(registry, command, recorded_by=recorded_by).results[0]
    return settings


# -- reorganization decisions -----------------------------------------------------------


def decided(
    registry: Runner,
    command: MergeOrganizations
    | SplitOrganization
    | DissolveOrganization
    | RenameOrganization
    | MoveOrganization,
    recorded_by: str,
) -> Outcome:
    outcome: Outcome = handle(registry, command, recorded_by=recorded_by).results[0]
    return outcome


def rename(
    registry: Runner, code: str, name: str, on: date, decision: Decision, recorded_by: str
) -> Outcome:
    return decided(registry, RenameOrganization(code, name, on, decision), recorded_by)


def move(
    registry: Runner, code: str, to: str, on: date, decision: Decision, recorded_by: str
) -> Outcome:
    return decided(registry, MoveOrganization(code, to, on, decision), recorded_by)


def merge(
    registry: Runner,
    sources: Iterable[str],
    into: str,
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    found: NewOrganization | None = None,
    quotas: bool = True,
) -> Outcome:
    command = MergeOrganizations(tuple(sources), into, on, decision, found, quotas)
    return decided(registry, command, recorded_by)


def split(
    registry: Runner,
    source: str,
    successors: Iterable[str],
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    members: Mapping[UUID, str] | None = None,
    children: Mapping[str, str] | None = None,
    default: str | None = None,
    found: Iterable[NewOrganization] = (),
    quota_shares: Mapping[str, int] | None = None,
) -> Outcome:
    command = SplitOrganization(
        source,
        tuple(successors),
        on,
        decision,
        members or {},
        children or {},
        default,
        tuple(found),
        quota_shares,
    )
    return decided(registry, command, recorded_by)


def dissolve(
    registry: Runner,
    code: str,
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    carry_to: str | None = None,
    members: Mapping[UUID, str] | None = None,
    children: Mapping[str, str] | None = None,
) -> Outcome:
    command = DissolveOrganization(code, on, decision, carry_to, members or {}, children or {})
    return decided(registry, command, recorded_by)
