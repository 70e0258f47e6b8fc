"""Commands of the admission pipeline: plain values, built by the adapters (CLI, web, demo).

Every step carries its date (`on`), its actor (who acted: a body, a person) and the number
of its document where there is one. The class says which step it records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from domain.admission.dossier import Step, Votes
from domain.roll.profile import MemberProfile
from services.roll.commands import MemberRef


@dataclass(frozen=True, kw_only=True)
class StepCommand:
    """Base: one step of one dossier."""

    on: date
    actor: str = ""
    document_no: str | None = None
    note: str | None = None
    step: ClassVar[Step]


@dataclass(frozen=True, kw_only=True)
class OpenDossier(StepCommand):
    """Put a candidate on the source list of `cell`: the dossier starts."""

    cell: str
    candidate: MemberProfile
    education_exemption: str | None = None
    client_key: str | None = None
    step: ClassVar[Step] = Step.SOURCE_LISTED


@dataclass(frozen=True, kw_only=True)
class CompleteCourse(StepCommand):
    """`on` is the certificate's date."""

    certificate_no: str
    step: ClassVar[Step] = Step.COURSE_COMPLETED


@dataclass(frozen=True, kw_only=True)
class SubmitApplication(StepCommand):
    step: ClassVar[Step] = Step.APPLICATION_SUBMITTED


@dataclass(frozen=True, kw_only=True)
class AssignIntroducers(StepCommand):
    introducers: tuple[MemberRef, ...]
    step: ClassVar[Step] = Step.INTRODUCERS_ASSIGNED


@dataclass(frozen=True, kw_only=True)
class VerifyBackground(StepCommand):
    conclusion: str
    satisfactory: bool = True
    step: ClassVar[Step] = Step.BACKGROUND_VERIFIED


@dataclass(frozen=True, kw_only=True)
class EndorseByYouthUnion(StepCommand):
    step: ClassVar[Step] = Step.YOUTH_UNION_ENDORSED


@dataclass(frozen=True, kw_only=True)
class ResolveInCell(StepCommand):
    votes: Votes
    provincial_approval: str | None = None  # needed when the candidate is over 60
    step: ClassVar[Step] = Step.CELL_RESOLVED


@dataclass(frozen=True, kw_only=True)
class ResolveInCommittee(StepCommand):
    votes: Votes
    step: ClassVar[Step] = Step.COMMITTEE_RESOLVED


@dataclass(frozen=True, kw_only=True)
class ReceiveDossier(StepCommand):
    step: ClassVar[Step] = Step.RECEIVED


@dataclass(frozen=True, kw_only=True)
class ExtendDeadline(StepCommand):
    reason: str
    step: ClassVar[Step] = Step.DEADLINE_EXTENDED


@dataclass(frozen=True, kw_only=True)
class DecideAdmission(StepCommand):
    """`on` is the decision's date; `received_on` the day the cell received it (default `on`)."""

    decided_by: str
    received_on: date | None = None
    step: ClassVar[Step] = Step.DECIDED


@dataclass(frozen=True, kw_only=True)
class RefuseAdmission(StepCommand):
    decided_by: str
    reason: str
    step: ClassVar[Step] = Step.REFUSED


@dataclass(frozen=True, kw_only=True)
class HoldCeremony(StepCommand):
    """Records the admission on the cell's roll in the same transaction."""

    late_approval: str | None = None
    step: ClassVar[Step] = Step.CEREMONY_HELD


@dataclass(frozen=True, kw_only=True)
class ReviewProbation(StepCommand):
    votes: Votes
    outcome: str  # "recognize" or "strike_off"
    step: ClassVar[Step] = Step.PROBATION_REVIEWED


@dataclass(frozen=True, kw_only=True)
class DecideRecognition(StepCommand):
    """Records the recognition on the roll, effective 12 months after the ceremony."""

    decided_by: str
    step: ClassVar[Step] = Step.RECOGNIZED


@dataclass(frozen=True, kw_only=True)
class DecideStrikeOff(StepCommand):
    """Records the striking off (failed probation) on the roll, effective on `on`."""

    decided_by: str
    reason: str | None = None
    step: ClassVar[Step] = Step.STRUCK_OFF


@dataclass(frozen=True, kw_only=True)
class WithdrawDossier(StepCommand):
    reason: str
    step: ClassVar[Step] = Step.WITHDRAWN


@dataclass(frozen=True, kw_only=True)
class SuspendDossier(StepCommand):
    reason: str
    step: ClassVar[Step] = Step.SUSPENDED


@dataclass(frozen=True, kw_only=True)
class ResumeDossier(StepCommand):
    step: ClassVar[Step] = Step.RESUMED


STEP_COMMANDS: dict[Step, type[StepCommand]] = {
    cls.step: cls
    for cls in (
        CompleteCourse,
        SubmitApplication,
        AssignIntroducers,
        VerifyBackground,
        EndorseByYouthUnion,
        ResolveInCell,
        ResolveInCommittee,
        ReceiveDossier,
        ExtendDeadline,
        DecideAdmission,
        RefuseAdmission,
        HoldCeremony,
        ReviewProbation,
        DecideRecognition,
        DecideStrikeOff,
        WithdrawDossier,
        SuspendDossier,
        ResumeDossier,
    )
}
