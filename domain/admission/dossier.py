"""The Dossier aggregate: one candidate's admission dossier (hồ sơ kết nạp), in the proposing cell.

Every step is an event with its date (`on`), its actor and its document number. Each command
runs named guards first (domain/admission/order.py, conditions.py) and raises `RuleViolation`, storing nothing,
when a rule refuses. Facts about other aggregates (introducers' standing, competent bodies, a
former membership) are computed by the service layer (domain/admission/facts.py) and passed in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.admission.conditions import DossierConditions
from domain.admission.facts import IntroducerFacts
from domain.admission.order import DossierOrder
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
    check_not_before,
    check_not_future,
    check_plausible_date,
    required,
)
from domain.admission.workdays import WorkCalendar, default_calendar
from domain.errors import InvalidValue, RuleViolation
from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind, add_months

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


class Dossier(DossierOrder, DossierConditions, Aggregate):
    """A candidate's way from the source list to official member (or out of it)."""

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

    # -- commands -----------------------------------------------------------------

    def complete_course(
        self, *, on: date, certificate_no: str, valid_years: int, today: date, **common: Any
    ) -> None:
        """The course on the Party completed; the certificate is valid `valid_years` years."""
        self.check_can_record(Step.COURSE_COMPLETED, on, today)
        required("certificate_no", certificate_no)
        valid_until = add_months(on, 12 * valid_years)
        common = {**common, "document_no": common.get("document_no") or certificate_no}
        self._record(
            self.CourseCompleted, on, common, certificate_no=certificate_no, valid_until=valid_until
        )

    def submit_application(self, *, on: date, today: date, **common: Any) -> None:
        """Application (đơn) and self-declared background (lý lịch) submitted."""
        self.check_can_record(Step.APPLICATION_SUBMITTED, on, today)
        self._record(self.ApplicationSubmitted, on, common)

    def assign_introducers(
        self,
        *,
        on: date,
        introducers: list[IntroducerFacts],
        candidate_id: UUID,
        grassroots: str,
        today: date,
        **common: Any,
    ) -> None:
        """Two official members of the same grassroots organization introduce the candidate."""
        self.check_can_record(Step.INTRODUCERS_ASSIGNED, on, today)
        self.check_introducers(introducers, candidate_id, grassroots, on)
        self._record(
            self.IntroducersAssigned,
            on,
            common,
            introducers=[i.member_id for i in introducers],
            grassroots=grassroots,
        )

    def verify_background(
        self, *, on: date, conclusion: str, satisfactory: bool, today: date, **common: Any
    ) -> None:
        """The background verified, with the grassroots committee's conclusion."""
        self.check_can_record(Step.BACKGROUND_VERIFIED, on, today)
        required("conclusion", conclusion)
        self._record(
            self.BackgroundVerified, on, common, conclusion=conclusion, satisfactory=satisfactory
        )

    def endorse_by_youth_union(self, *, on: date, today: date, **common: Any) -> None:
        """The Youth Union's introducing resolution (for Youth Union members)."""
        self.check_can_record(Step.YOUTH_UNION_ENDORSED, on, today)
        self._record(self.YouthUnionEndorsed, on, common)

    def resolve_in_cell(
        self,
        *,
        on: date,
        votes: Votes,
        grassroots: str,
        left_on: date | None,
        today: date,
        provincial_approval: str | None = None,
        left_in: str | None = None,
        **common: Any,
    ) -> None:
        """The cell's resolution proposing admission (2/3 of its official members)."""
        self.check_can_record(Step.CELL_RESOLVED, on, today)
        self.check_age(on, provincial_approval)
        self.check_certificate_valid(on)
        self.check_background_satisfactory()
        self.check_not_stale(on)
        self.check_two_thirds(votes, "cell")
        self.check_readmission_wait(left_on, on, left_in)
        self._record(
            self.CellResolved,
            on,
            common,
            votes=votes.as_dict(),
            grassroots=grassroots,
            provincial_approval=provincial_approval,
        )

    def resolve_in_committee(self, *, on: date, votes: Votes, today: date, **common: Any) -> None:
        """The grassroots committee's resolution proposing admission (2/3 of its members)."""
        self.check_can_record(Step.COMMITTEE_RESOLVED, on, today)
        self.check_two_thirds(votes, "committee")
        self._record(self.CommitteeResolved, on, common, votes=votes.as_dict())

    def receive(self, *, on: date, today: date, **common: Any) -> None:
        """The competent body received the dossier (start of the service target)."""
        self.check_can_record(Step.RECEIVED, on, today)
        self._record(self.Received, on, common)

    def extend_deadline(self, *, on: date, reason: str, today: date, **common: Any) -> None:
        """The decision deadline extended once, by 30 working days, with a reason."""
        self.check_can_record(Step.DEADLINE_EXTENDED, on, today)
        required("reason", reason)
        self._record(self.DeadlineExtended, on, common, reason=reason, working_days=30)

    def decide(
        self,
        *,
        on: date,
        decided_by: str,
        competent: list[str],
        left_on: date | None,
        today: date,
        received_on: date | None = None,
        left_in: str | None = None,
        **common: Any,
    ) -> None:
        """The competent body's admission decision; `received_on`: when the cell received it."""
        self.check_can_record(Step.DECIDED, on, today)
        required("document_no", common.get("document_no"))
        self.check_competent(decided_by, competent, on)
        self.check_readmission_wait(left_on, on, left_in)
        received = received_on or on
        check_not_before(received, on, "received_on")
        check_not_future(received, today)
        self._record(self.Decided, on, common, decided_by=decided_by, received_on=received)

    def refuse(
        self,
        *,
        on: date,
        decided_by: str,
        competent: list[str],
        reason: str,
        today: date,
        **common: Any,
    ) -> None:
        """The competent body refuses the admission, with a reason."""
        self.check_can_record(Step.REFUSED, on, today)
        required("reason", reason)
        self.check_competent(decided_by, competent, on)
        self._record(self.Refused, on, common, decided_by=decided_by, reason=reason)

    def check_can_hold_ceremony(
        self, on: date, today: date, late_approval: str | None, calendar: WorkCalendar
    ) -> None:
        self.check_can_record(Step.CEREMONY_HELD, on, today)
        decided = self.latest(Step.DECIDED) or {}
        check_not_before(on, decided["received_on"], "on")
        self.check_ceremony_in_time(on, decided["received_on"], late_approval, calendar)

    def hold_ceremony(
        self,
        *,
        on: date,
        today: date,
        roll_event_id: UUID,
        member_id: UUID,
        late_approval: str | None = None,
        calendar: WorkCalendar | None = None,
        **common: Any,
    ) -> None:
        """The admission ceremony held: the admission is on the roll (`roll_event_id`)."""
        self.check_can_hold_ceremony(on, today, late_approval, calendar or default_calendar())
        self._record(
            self.CeremonyHeld,
            on,
            common,
            roll_event_id=roll_event_id,
            member_id=member_id,
            late_approval=late_approval,
        )

    def review_probation(
        self, *, on: date, votes: Votes, outcome: str, today: date, **common: Any
    ) -> None:
        """The cell reviews the 12 months of probation and proposes recognition or striking off."""
        self.check_can_record(Step.PROBATION_REVIEWED, on, today)
        if outcome not in (RECOGNIZE, STRIKE_OFF):
            raise InvalidValue("outcome", f"must be {RECOGNIZE} or {STRIKE_OFF}")
        ends = self.probation_ends_on
        if ends is not None and on < ends:
            raise RuleViolation(
                "review_before_probation_end",
                f"the probation ends on {ends.isoformat()}: the cell reviews it after that",
                dossier_id=str(self.id),
                probation_ends_on=ends.isoformat(),
            )
        self.check_two_thirds(votes, "cell")
        self._record(self.ProbationReviewed, on, common, votes=votes.as_dict(), outcome=outcome)

    def check_can_conclude(
        self, step: Step, on: date, decided_by: str, competent: list[str], today: date
    ) -> None:
        """Guards of recognition and of striking off, before the roll is touched."""
        self.check_can_record(step, on, today)
        self.check_outcome(step)
        self.check_competent(decided_by, competent, on)

    def recognize(
        self,
        *,
        on: date,
        decided_by: str,
        competent: list[str],
        roll_event_id: UUID,
        org: str,
        today: date,
        **common: Any,
    ) -> None:
        """Recognized as an official member, effective exactly 12 months after the ceremony."""
        self.check_can_conclude(Step.RECOGNIZED, on, decided_by, competent, today)
        self._record(
            self.Recognized,
            on,
            common,
            decided_by=decided_by,
            effective_on=self.probation_ends_on,
            roll_event_id=roll_event_id,
            org=org,
        )

    def strike_off(
        self,
        *,
        on: date,
        decided_by: str,
        competent: list[str],
        roll_event_id: UUID,
        org: str,
        today: date,
        reason: str | None = None,
        **common: Any,
    ) -> None:
        """Struck off the list of probationary members for failed probation."""
        self.check_can_conclude(Step.STRUCK_OFF, on, decided_by, competent, today)
        self._record(
            self.StruckOff,
            on,
            common,
            decided_by=decided_by,
            reason=reason,
            roll_event_id=roll_event_id,
            org=org,
        )

    def withdraw(self, *, on: date, reason: str, today: date, **common: Any) -> None:
        """The dossier withdrawn, at any stage before the ceremony, with a reason."""
        self.check_open()
        self.check_not_admitted()
        required("reason", reason)
        self.check_dates_after_log(on, today)
        self._record(self.Withdrawn, on, common, reason=reason)

    def suspend(self, *, on: date, reason: str, today: date, **common: Any) -> None:
        """The dossier put on hold, with a reason (its deadlines leave the lists meanwhile)."""
        self.check_open()
        self.check_not_suspended()
        required("reason", reason)
        self.check_dates_after_log(on, today)
        self._record(self.Suspended, on, common, reason=reason)

    def resume(self, *, on: date, today: date, **common: Any) -> None:
        """The dossier taken up again after a suspension."""
        self.check_open()
        if not self.suspended:
            raise RuleViolation(
                "not_suspended", "the dossier is not suspended", dossier_id=str(self.id)
            )
        self.check_dates_after_log(on, today)
        self._record(self.Resumed, on, common)

    def _record(
        self,
        event_class: type[StepRecorded],
        on: date,
        common: dict[str, Any],
        **details: Any,
    ) -> None:
        values = {"actor": "", "document_no": None, "note": None, **common}
        if values["note"]:
            details["note"] = values["note"]
        self.trigger_event(
            event_class,
            on=on,
            actor=values["actor"],
            document_no=values["document_no"],
            recorded_by=values["recorded_by"],
            details=details,
            timestamp=values["timestamp"],
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
