"""The Dossier aggregate: one candidate's admission dossier (hồ sơ kết nạp), in the proposing cell.

Every step is an event with its date (`on`), its actor and its document number, nested here (its
stored topic is `domain.admission.dossier:Dossier.<Event>`). The commands live in
domain/admission/preparation.py (up to the decision) and probation.py (from the ceremony); each
runs named guards first (order.py, conditions.py) and raises `RuleViolation`, storing nothing,
when a rule refuses. Facts about other aggregates (introducers' standing, competent bodies, a
former membership) are computed by the service layer (domain/admission/facts.py) and passed in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.admission.preparation import DossierPreparation
from domain.admission.probation import DossierProbation
from domain.admission.steps import (
    CEREMONY_WORKING_DAYS,
    CLOSED_STAGES,
    PATH,
    RECOGNIZE,
    STALE_MONTHS,
    STRIKE_OFF,
    CandidateFacts,
    Stage,
    Step,
    Votes,
    check_cell,
    check_education,
    check_no_other_dossier,
    check_not_a_member,
    check_not_future,
    check_plausible_date,
)
from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind

__all__ = [
    "CEREMONY_WORKING_DAYS",
    "CLOSED_STAGES",
    "PATH",
    "RECOGNIZE",
    "STALE_MONTHS",
    "STRIKE_OFF",
    "CandidateFacts",
    "Dossier",
    "DossierIndex",
    "Stage",
    "Step",
    "Votes",
]


class Dossier(DossierPreparation, DossierProbation, Aggregate):
    """A candidate's way from the source list to official member (or out of it)."""

    # Each step's event class, filled in below from the nested classes.
    STEP_EVENTS: ClassVar[dict[Step, type[Dossier.StepRecorded]]] = {}

    class Opened(Aggregate.Created):
        """Put on the cell's source list (danh sách cảm tình Đảng)."""

        cell: str
        candidate: dict[str, Any]
        on: date
        actor: str
        document_no: str | None
        recorded_by: str
        readmission: bool
        left_on: date | None
        education_exemption: str | None
        note: str | None

    class StepRecorded(Aggregate.Event):
        """A step of the procedure, on a date, by an actor, under a document number."""

        step: ClassVar[Step]
        on: date
        actor: str
        document_no: str | None
        recorded_by: str
        details: dict[str, Any]

        def apply(self, aggregate: Dossier) -> None:
            aggregate.log.append(
                {
                    **self.details,
                    "step": self.step.value,
                    "on": self.on,
                    "actor": self.actor,
                    "document_no": self.document_no,
                    "recorded_by": self.recorded_by,
                    "recorded_at": self.timestamp,
                }
            )

    class CourseCompleted(StepRecorded):
        step = Step.COURSE_COMPLETED

    class ApplicationSubmitted(StepRecorded):
        step = Step.APPLICATION_SUBMITTED

    class IntroducersAssigned(StepRecorded):
        step = Step.INTRODUCERS_ASSIGNED

    class BackgroundVerified(StepRecorded):
        step = Step.BACKGROUND_VERIFIED

    class YouthUnionEndorsed(StepRecorded):
        step = Step.YOUTH_UNION_ENDORSED

    class CellResolved(StepRecorded):
        step = Step.CELL_RESOLVED

    class CommitteeResolved(StepRecorded):
        step = Step.COMMITTEE_RESOLVED

    class Received(StepRecorded):
        step = Step.RECEIVED

    class DeadlineExtended(StepRecorded):
        step = Step.DEADLINE_EXTENDED

    class Decided(StepRecorded):
        step = Step.DECIDED

    class Refused(StepRecorded):
        step = Step.REFUSED

    class CeremonyHeld(StepRecorded):
        step = Step.CEREMONY_HELD

    class ProbationReviewed(StepRecorded):
        step = Step.PROBATION_REVIEWED

    class Recognized(StepRecorded):
        step = Step.RECOGNIZED

    class StruckOff(StepRecorded):
        step = Step.STRUCK_OFF

    class Withdrawn(StepRecorded):
        step = Step.WITHDRAWN

    class Suspended(StepRecorded):
        step = Step.SUSPENDED

    class Resumed(StepRecorded):
        step = Step.RESUMED

    def __init__(
        self,
        cell: str,
        candidate: dict[str, Any],
        on: date,
        actor: str,
        document_no: str | None,
        recorded_by: str,
        readmission: bool,
        left_on: date | None,
        education_exemption: str | None,
        note: str | None,
    ) -> None:
        self.cell = cell
        self.candidate_data = candidate
        self.readmission = readmission
        self.left_on = left_on
        self.education_exemption = education_exemption
        self.note = note
        self.log: list[dict[str, Any]] = [
            {
                "step": Step.SOURCE_LISTED.value,
                "on": on,
                "actor": actor,
                "document_no": document_no,
                "recorded_by": recorded_by,
            }
        ]

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        cell: str,
        cell_kind: OrgKind,
        candidate: MemberProfile,
        facts: CandidateFacts,
        on: date,
        today: date,
        actor: str,
        document_no: str | None,
        recorded_by: str,
        timestamp: datetime,
        education_exemption: str | None = None,
        note: str | None = None,
        cell_founded_on: date | None = None,
    ) -> Dossier:
        """Put a candidate on a cell's source list: the dossier starts."""
        check_cell(cell, cell_kind)
        check_not_future(on, today)
        check_plausible_date(on, "on", candidate.birth_date, cell, cell_founded_on)
        check_not_a_member(facts, today)
        check_no_other_dossier(facts)
        check_education(candidate, education_exemption)
        return cls._create(
            cls.Opened,
            id=id,
            cell=cell,
            candidate=candidate.as_dict(),
            on=on,
            actor=actor,
            document_no=document_no,
            recorded_by=recorded_by,
            readmission=facts.left_on is not None,
            left_on=facts.left_on,
            education_exemption=education_exemption,
            note=note,
            timestamp=timestamp,
        )

    def _record(self, step: Step, on: date, common: dict[str, Any], **details: Any) -> None:
        """Trigger the event of `step`; `common` holds actor, document_no, note, recorded_by and
        timestamp, the keyword arguments every command passes on."""
        values = {"actor": "", "document_no": None, "note": None, **common}
        if values["note"]:
            details["note"] = values["note"]
        self.trigger_event(
            self.STEP_EVENTS[step],
            on=on,
            actor=values["actor"],
            document_no=values["document_no"],
            recorded_by=values["recorded_by"],
            details=details,
            timestamp=values["timestamp"],
        )


Dossier.STEP_EVENTS.update(
    {
        event.step: event
        for event in vars(Dossier).values()
        if isinstance(event, type)
        and issubclass(event, Dossier.StepRecorded)
        and event is not Dossier.StepRecorded
    }
)


class DossierIndex(Aggregate):
    """The dossiers of one organization or of one person (uuid5 of the key)."""

    class Created(Aggregate.Created):
        key: str

    class Listed(Aggregate.Event):
        dossier_id: UUID

        def apply(self, aggregate: DossierIndex) -> None:
            aggregate.dossier_ids.append(self.dossier_id)

    def __init__(self, key: str) -> None:
        self.key = key
        self.dossier_ids: list[UUID] = []

    @classmethod
    def start(cls, *, id: UUID, key: str, timestamp: datetime) -> DossierIndex:
        return cls._create(cls.Created, id=id, key=key, timestamp=timestamp)

    def add(self, dossier_id: UUID, timestamp: datetime) -> None:
        self.trigger_event(self.Listed, dossier_id=dossier_id, timestamp=timestamp)
