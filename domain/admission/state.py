"""What a dossier knows: the reads over its log of steps (hồ sơ: the steps recorded so far).

`Dossier` (domain/admission/dossier.py) inherits these reads through its guards: the order of the
procedure (domain/admission/order.py) and the candidate's conditions (conditions.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.admission.steps import CLOSED_STAGES, TERMINAL_STEPS, Stage, Step
from domain.roll.profile import MemberProfile
from domain.roll.values import probation_end


class DossierState:
    """Reads over the dossier's log of steps."""

    if TYPE_CHECKING:
        cell: str
        candidate_data: dict[str, Any]
        log: list[dict[str, Any]]

        @property
        def id(self) -> UUID: ...

    # -- reads --------------------------------------------------------------------

    @property
    def candidate(self) -> MemberProfile:
        return MemberProfile.from_dict(self.candidate_data)

    @property
    def opened_on(self) -> date:
        opened: date = self.log[0]["on"]
        return opened

    def latest(self, step: Step) -> dict[str, Any] | None:
        """The last record of a step (papers may be renewed: the latest counts)."""
        for record in reversed(self.log):
            if record["step"] == step:
                found: dict[str, Any] = record
                return found
        return None

    def done(self, step: Step) -> bool:
        return self.latest(step) is not None

    def date_of(self, step: Step) -> date | None:
        record = self.latest(step)
        return record["on"] if record else None

    @property
    def suspended(self) -> bool:
        for record in reversed(self.log):
            if record["step"] in (Step.SUSPENDED, Step.RESUMED):
                return bool(record["step"] == Step.SUSPENDED)
        return False

    @property
    def needs_committee_resolution(self) -> bool:
        """A grassroots committee resolves only when the cell is not its own grassroots organization."""
        resolved = self.latest(Step.CELL_RESOLVED)
        return resolved is not None and resolved["grassroots"] != self.cell

    @property
    def progress(self) -> Stage:
        """The stage reached, suspension aside."""
        for step, stage in TERMINAL_STEPS.items():
            if self.done(step):
                return stage
        if self.done(Step.PROBATION_REVIEWED):
            return Stage.AWAITING_RECOGNITION
        if self.done(Step.CEREMONY_HELD):
            return Stage.PROBATION
        if self.done(Step.DECIDED):
            return Stage.AWAITING_CEREMONY
        if self.done(Step.CELL_RESOLVED):
            if self.needs_committee_resolution and not self.done(Step.COMMITTEE_RESOLVED):
                return Stage.AWAITING_COMMITTEE
            return Stage.AWAITING_DECISION
        if self.done(Step.COURSE_COMPLETED):
            return Stage.PREPARING
        return Stage.SOURCE_LIST

    @property
    def stage(self) -> Stage:
        progress = self.progress
        if progress not in CLOSED_STAGES and self.suspended:
            return Stage.SUSPENDED
        return progress

    @property
    def is_open(self) -> bool:
        return self.progress not in CLOSED_STAGES

    @property
    def ready_for_decision_on(self) -> date | None:
        """The day the dossier reached the competent body (receipt, else the last resolution)."""
        for step in (Step.RECEIVED, Step.COMMITTEE_RESOLVED, Step.CELL_RESOLVED):
            if self.done(step):
                return self.date_of(step)
        return None

    @property
    def probation_ends_on(self) -> date | None:
        ceremony = self.date_of(Step.CEREMONY_HELD)
        return probation_end(ceremony) if ceremony else None

    @property
    def papers_since(self) -> date | None:
        """The oldest of the papers the cell's proposal rests on (each at its latest renewal)."""
        papers = [Step.APPLICATION_SUBMITTED, Step.INTRODUCERS_ASSIGNED]
        if self.candidate_data.get("youth_union"):
            papers.append(Step.YOUTH_UNION_ENDORSED)
        dates = [d for d in (self.date_of(p) for p in papers) if d is not None]
        return min(dates) if dates else None

    def prerequisites(self, step: Step) -> list[Step]:
        """Steps that must be recorded before this one."""
        resolved = (
            Step.COMMITTEE_RESOLVED if self.needs_committee_resolution else Step.CELL_RESOLVED
        )
        after_paper = [Step.APPLICATION_SUBMITTED]
        table: dict[Step, list[Step]] = {
            Step.COURSE_COMPLETED: [],
            Step.APPLICATION_SUBMITTED: [Step.COURSE_COMPLETED],
            Step.INTRODUCERS_ASSIGNED: after_paper,
            Step.BACKGROUND_VERIFIED: after_paper,
            Step.YOUTH_UNION_ENDORSED: after_paper,
            Step.CELL_RESOLVED: [Step.INTRODUCERS_ASSIGNED, Step.BACKGROUND_VERIFIED]
            + ([Step.YOUTH_UNION_ENDORSED] if self.candidate_data.get("youth_union") else []),
            Step.COMMITTEE_RESOLVED: [Step.CELL_RESOLVED],
            Step.RECEIVED: [resolved],
            Step.DEADLINE_EXTENDED: [Step.CELL_RESOLVED],
            Step.DECIDED: [resolved],
            Step.REFUSED: [resolved],
            Step.CEREMONY_HELD: [Step.DECIDED],
            Step.PROBATION_REVIEWED: [Step.CEREMONY_HELD],
            Step.RECOGNIZED: [Step.PROBATION_REVIEWED],
            Step.STRUCK_OFF: [Step.PROBATION_REVIEWED],
        }
        return table.get(step, [])
