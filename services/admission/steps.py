"""A dossier's steps after the opening: one function per step, a table from command to step.

Each step loads the dossier, reads what its rule needs from other aggregates (the hierarchy,
the settings in force, the candidate's or introducers' standing) and records itself; the
ceremony and the probation's end also write the roll (services/admission/ceremony.py).

Competence (who may decide) is modelled in domain/admission/facts.py: the committee directly
above the cell's grassroots organization on the decision date (the district committee
before 1 July 2025, the commune-level committee from then on; a bloc or the province where
that is the parent), or the grassroots committee itself while authorised to admit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.admission.dossier import Dossier
from domain.admission.facts import grassroots_of, introducer_facts
from services.admission.ceremony import Common, conclude_probation, hold_ceremony
from services.admission.commands import (
    AssignIntroducers,
    CompleteCourse,
    DecideAdmission,
    DecideRecognition,
    DecideStrikeOff,
    EndorseByYouthUnion,
    ExtendDeadline,
    HoldCeremony,
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
    competent_in,
    former_membership_left_in,
    former_membership_left_on,
    load_dossier,
    member_id_of,
    settings_in,
)
from services.unit_of_work import UnitOfWork


def step_in(uow: UnitOfWork, dossier_id: UUID, command: StepCommand, recorded_by: str) -> Dossier:
    """Record one step of a dossier (any step but the opening), by the command's type."""
    step = STEPS.get(type(command))
    if step is None:
        raise TypeError(f"not a dossier step: {type(command).__name__}")
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


def review_probation(uow: UnitOfWork, d: Dossier, c: ReviewProbation, common: Common) -> None:
    d.review_probation(votes=c.votes, outcome=c.outcome, **common)


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
