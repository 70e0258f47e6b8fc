"""The admission pipeline's service functions: get, change, save, in one transaction each.

The one entry point for the adapters (web, CLI, demo): commands here, reads re-exported
from services/admission/queries.py.

Each function runs `registry.run(...)`: the dossier, its indexes and, for the ceremony,
the recognition and the striking off, the organization's roll and the member's stream are
saved together, so the pipeline and the roll can never disagree. A refusal (RuleViolation,
InvalidValue, NotFound) stores nothing at all.

Competence (who may decide) is modelled in domain/admission/facts.py: the committee directly
above the cell's grassroots organization on the decision date (the district committee
before 1 July 2025, the commune-level committee from then on; a bloc or the province where
that is the parent), or the grassroots committee itself while authorised to admit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.admission.dossier import Dossier, Step
from domain.admission.facts import grassroots_of, introducer_facts
from domain.admission.settings import PipelineSettings
from domain.errors import RuleViolation
from domain.roll.values import EventType, OrgKind, StrikeOffReason, probation_end
from services.admission.commands import (
    AssignIntroducers,
    CompleteCourse,
    DecideAdmission,
    DecideRecognition,
    DecideStrikeOff,
    EndorseByYouthUnion,
    ExtendDeadline,
    HoldCeremony,
    OpenDossier,
    ReceiveDossier,
    RefuseAdmission,
    ResolveInCell,
    ResolveInCommittee,
    ResumeDossier,
    ReviewProbation,
    StepCommand,
    SubmitApplication,
    SuspendDossier,
    VerifyBackground,
    WithdrawDossier,
)
from services.admission.facts import (
    UowHierarchy,
    candidate_facts,
    competent_in,
    dossier_of_key,
    former_membership_left_in,
    former_membership_left_on,
    index_in,
    load_dossier,
    member_id_of,
    org_index_id,
    person_index_id,
    settings_id,
    settings_in,
)
from services.admission.queries import (
    Scope,
    admitted_count,
    competent_for,
    dossiers_of,
    dossiers_of_person,
    forecast,
    get_dossier,
    scope,
    settings_for,
    workdays_calendar,
    yearly_plans,
)
from services.registry import Registry
from services.roll.client_keys import unless_stored_meanwhile
from services.roll.commands import Admit, Decision, MemberRef, Readmit, Recognize, Remove
from services.roll.handlers import handle
from services.unit_of_work import UnitOfWork

__all__ = [  # the reads are re-exported: services.admission.pipeline is the one entry point
    "Scope",
    "Step",
    "admitted_count",
    "change_settings",
    "competent_for",
    "dossier_for_key",
    "dossiers_of",
    "dossiers_of_person",
    "forecast",
    "get_dossier",
    "grant_admission_authority",
    "open_dossier",
    "record_step",
    "revoke_admission_authority",
    "scope",
    "set_certificate_validity",
    "set_service_target",
    "settings_for",
    "workdays_calendar",
    "yearly_plans",
]


# -- commands ---------------------------------------------------------------------------


def open_dossier(
    registry: Registry, command: OpenDossier, recorded_by: str, key_scope: str | None = None
) -> Dossier:
    """Put a candidate on a cell's source list; indexed by cell and by person in the same save.

    `key_scope` is the requester's organization: the command's key is theirs alone."""

    def change(uow: UnitOfWork) -> Dossier:
        key = command.client_key
        if key is None:
            return opened(uow, uuid4())
        dossier_id, existing = dossier_of_key(uow, key, key_scope, recorded_by)
        if existing is not None:
            return replayed_open(existing, command)
        with unless_stored_meanwhile(uow, dossier_id):
            return opened(uow, dossier_id)

    def opened(uow: UnitOfWork, dossier_id: UUID) -> Dossier:
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

    return registry.run(change)


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


def record_step(
    registry: Registry, dossier_id: UUID, command: StepCommand, recorded_by: str
) -> Dossier:
    """Record one step of a dossier (any step but the opening), by the command's type."""
    step = STEPS.get(type(command))
    if step is None:
        raise TypeError(f"not a dossier step: {type(command).__name__}")

    def change(uow: UnitOfWork) -> Dossier:
        dossier = load_dossier(uow, dossier_id)
        common = {
            "actor": command.actor,
            "document_no": command.document_no,
            "note": command.note,
            "recorded_by": recorded_by,
            "timestamp": uow.now,
            "today": uow.today,
            "on": command.on,
        }
        step(uow, dossier, command, common)
        return dossier

    return registry.run(change)


Common = dict[str, Any]


def complete_course(uow: UnitOfWork, d: Dossier, c: CompleteCourse, common: Common) -> None:
    years = settings_in(uow, d.cell, c.on).certificate_years
    d.complete_course(certificate_no=c.certificate_no, valid_years=years, **common)


def submit_application(uow: UnitOfWork, d: Dossier, c: SubmitApplication, common: Common) -> None:
    d.submit_application(**common)


def assign_introducers(uow: UnitOfWork, d: Dossier, c: AssignIntroducers, common: Common) -> None:
    hierarchy = UowHierarchy(uow)
    grassroots = grassroots_of(hierarchy, d.cell, c.on)
    facts = []
    for ref in c.introducers:
        member_id = member_id_of(uow.ids, ref)
        member = uow.member(member_id)
        history = member.history() if member is not None else None
        facts.append(introducer_facts(member_id, history, hierarchy, grassroots, c.on, d.cell))
    candidate_id = uow.ids.member(d.candidate.national_id)
    d.assign_introducers(
        introducers=facts, candidate_id=candidate_id, grassroots=grassroots, **common
    )


def verify_background(uow: UnitOfWork, d: Dossier, c: VerifyBackground, common: Common) -> None:
    d.verify_background(conclusion=c.conclusion, satisfactory=c.satisfactory, **common)


def endorse(uow: UnitOfWork, d: Dossier, c: EndorseByYouthUnion, common: Common) -> None:
    d.endorse_by_youth_union(**common)


def resolve_in_cell(uow: UnitOfWork, d: Dossier, c: ResolveInCell, common: Common) -> None:
    member = uow.member(uow.ids.member(d.candidate.national_id))
    d.resolve_in_cell(
        votes=c.votes,
        grassroots=grassroots_of(UowHierarchy(uow), d.cell, c.on),
        left_on=former_membership_left_on(member),
        left_in=former_membership_left_in(member),
        provincial_approval=c.provincial_approval,
        **common,
    )


def resolve_in_committee(
    uow: UnitOfWork, d: Dossier, c: ResolveInCommittee, common: Common
) -> None:
    d.resolve_in_committee(votes=c.votes, **common)


def receive(uow: UnitOfWork, d: Dossier, c: ReceiveDossier, common: Common) -> None:
    d.receive(**common)


def extend(uow: UnitOfWork, d: Dossier, c: ExtendDeadline, common: Common) -> None:
    d.extend_deadline(reason=c.reason, **common)


def decide(uow: UnitOfWork, d: Dossier, c: DecideAdmission, common: Common) -> None:
    member = uow.member(uow.ids.member(d.candidate.national_id))
    d.decide(
        decided_by=c.decided_by,
        competent=competent_in(uow, d.cell, c.on),
        left_on=former_membership_left_on(member),
        left_in=former_membership_left_in(member),
        received_on=c.received_on,
        **common,
    )


def refuse(uow: UnitOfWork, d: Dossier, c: RefuseAdmission, common: Common) -> None:
    competent = competent_in(uow, d.cell, c.on)
    d.refuse(decided_by=c.decided_by, competent=competent, reason=c.reason, **common)


def hold_ceremony(uow: UnitOfWork, d: Dossier, c: HoldCeremony, common: Common) -> None:
    """The ceremony and the admission on the roll (Admit, or Readmit for a former member)."""
    d.check_can_hold_ceremony(c.on, uow.today, c.late_approval, workdays_calendar())
    decided = d.latest(Step.DECIDED) or {}
    resolved = d.latest(Step.CELL_RESOLVED) or {}
    values: dict[str, Any] = {
        "member": MemberRef(profile=d.candidate),
        "effective_on": c.on,
        "decision": Decision(decided["document_no"], decided["on"], decided["decided_by"]),
        "note": f"dossier {d.id}",
        "provincial_approval": resolved.get("provincial_approval"),
        "considered_on": resolved.get("on"),
    }
    member = uow.member(uow.ids.member(d.candidate.national_id))
    admit = Readmit(**values) if former_membership_left_on(member) else Admit(**values)
    receipt = handle(
        uow,
        d.cell,
        admit,
        recorded_by=common["recorded_by"],
        client_key=f"dossier/{d.id}/{Step.CEREMONY_HELD.value}",
    )
    assert receipt.member_id is not None
    d.hold_ceremony(
        roll_event_id=receipt.event_id,
        member_id=receipt.member_id,
        late_approval=c.late_approval,
        **common,
    )


def review_probation(uow: UnitOfWork, d: Dossier, c: ReviewProbation, common: Common) -> None:
    d.review_probation(votes=c.votes, outcome=c.outcome, **common)


def conclude_probation(
    uow: UnitOfWork, d: Dossier, c: DecideRecognition | DecideStrikeOff, common: Common
) -> None:
    """Recognition or striking off, on the roll the member is on now (they may have moved)."""
    ceremony = d.latest(Step.CEREMONY_HELD) or {}
    member_id: UUID = ceremony.get("member_id") or uow.ids.member(d.candidate.national_id)
    member = uow.member(member_id)
    current = member.history().current if member is not None else None
    org = current.org if current is not None else d.cell
    competent = competent_in(uow, org, c.on)
    d.check_can_conclude(c.step, c.on, c.decided_by, competent, uow.today)
    decision = Decision(c.document_no, c.on, c.decided_by)
    roll_command: Recognize | Remove
    if isinstance(c, DecideRecognition):
        ends = probation_end(ceremony["on"])
        roll_command = Recognize(MemberRef(member_id=member_id), ends, decision, c.note)
    else:
        roll_command = Remove(
            MemberRef(member_id=member_id),
            c.on,
            decision,
            c.note,
            removal=EventType.STRUCK_OFF,
            reason=StrikeOffReason.FAILED_PROBATION,
        )
    key = f"dossier/{d.id}/{c.step.value}"
    receipt = handle(uow, org, roll_command, recorded_by=common["recorded_by"], client_key=key)
    if isinstance(c, DecideRecognition):
        d.recognize(
            decided_by=c.decided_by,
            competent=competent,
            roll_event_id=receipt.event_id,
            org=org,
            **common,
        )
    else:
        d.strike_off(
            decided_by=c.decided_by,
            competent=competent,
            roll_event_id=receipt.event_id,
            org=org,
            reason=c.reason,
            **common,
        )


def withdraw(uow: UnitOfWork, d: Dossier, c: WithdrawDossier, common: Common) -> None:
    d.withdraw(reason=c.reason, **common)


def suspend(uow: UnitOfWork, d: Dossier, c: SuspendDossier, common: Common) -> None:
    d.suspend(reason=c.reason, **common)


def resume(uow: UnitOfWork, d: Dossier, c: ResumeDossier, common: Common) -> None:
    d.resume(**common)


StepHandler = Callable[[UnitOfWork, Dossier, Any, Common], None]
STEPS: dict[type[StepCommand], StepHandler] = {
    CompleteCourse: complete_course,
    SubmitApplication: submit_application,
    AssignIntroducers: assign_introducers,
    VerifyBackground: verify_background,
    EndorseByYouthUnion: endorse,
    ResolveInCell: resolve_in_cell,
    ResolveInCommittee: resolve_in_committee,
    ReceiveDossier: receive,
    ExtendDeadline: extend,
    DecideAdmission: decide,
    RefuseAdmission: refuse,
    HoldCeremony: hold_ceremony,
    ReviewProbation: review_probation,
    DecideRecognition: conclude_probation,
    DecideStrikeOff: conclude_probation,
    WithdrawDossier: withdraw,
    SuspendDossier: suspend,
    ResumeDossier: resume,
}


# -- settings ---------------------------------------------------------------------------


def change_settings(
    registry: Registry, code: str, change: Callable[[PipelineSettings, OrgKind, UnitOfWork], None]
) -> PipelineSettings:
    """Load (or start) an organization's pipeline settings, change them, save."""

    def run(uow: UnitOfWork) -> PipelineSettings:
        org = uow.organization(code)
        settings = uow.get(settings_id(uow.ids, code), PipelineSettings)
        fresh = settings is None
        if settings is None:
            settings = PipelineSettings.start(
                id=settings_id(uow.ids, code), code=code, timestamp=uow.now
            )
        change(settings, org.org_kind, uow)
        if fresh and len(settings.pending_events) > 1:  # started only if something was set
            uow.add(settings)
        return settings

    return registry.run(run)


def set_service_target(
    registry: Registry,
    code: str,
    days: int | None,
    *,
    working_days: bool = True,
    document_no: str | None = None,
    recorded_by: str,
) -> PipelineSettings:
    """The organization's own target from receipt to decision, for its subtree (None clears)."""
    return change_settings(
        registry,
        code,
        lambda s, _, uow: s.set_service_target(
            days,
            working_days,
            on=uow.today,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=uow.now,
        ),
    )


def set_certificate_validity(
    registry: Registry,
    code: str,
    years: int | None,
    *,
    document_no: str | None = None,
    recorded_by: str,
) -> PipelineSettings:
    """How many years course certificates stay valid in the subtree (None: back to 5)."""
    return change_settings(
        registry,
        code,
        lambda s, _, uow: s.set_certificate_validity(
            years,
            on=uow.today,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=uow.now,
        ),
    )


def grant_admission_authority(
    registry: Registry, code: str, *, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    """Authorise a grassroots committee to decide admissions from a day."""
    return change_settings(
        registry,
        code,
        lambda s, kind, uow: s.grant_admission_authority(
            kind,
            from_on=from_on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=uow.now,
        ),
    )


def revoke_admission_authority(
    registry: Registry, code: str, *, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    """End a grassroots committee's authority to admit from a day."""
    return change_settings(
        registry,
        code,
        lambda s, _, uow: s.revoke_admission_authority(
            from_on=from_on, document_no=document_no, recorded_by=recorded_by, timestamp=uow.now
        ),
    )
