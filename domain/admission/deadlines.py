"""The statutory deadlines of a dossier and the tenant's service target, as of a day.

Working days follow domain/admission/workdays.py. "Within N working days of X" is due on the N-th
working day after X; a deadline is overdue the day after it is due. Only the deadline of
the dossier's current stage runs: closed and suspended dossiers have none.

| kind                 | runs while             | from                                  | due                      |
|----------------------|------------------------|---------------------------------------|--------------------------|
| decision             | cell resolved, undecided | the cell's resolution               | 60 working days (+30 once extended) |
| service_target       | at the competent body  | receipt (else the last resolution)    | the tenant's days (working or calendar) |
| ceremony             | decided                | the cell received the decision        | 30 working days          |
| probation_review     | on probation           | end of the 12 months                  | 30 working days          |
| recognition_decision | probation reviewed     | the cell's review                     | 30 working days          |
| cell_proposal        | papers being prepared  | the oldest paper (application, introductions, Youth Union) | 12 months: then the dossier is stale |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.admission.dossier import CEREMONY_WORKING_DAYS, STALE_MONTHS, Stage, Step
from domain.admission.settings import ServiceTarget
from domain.admission.state import DossierState
from domain.admission.workdays import WorkCalendar
from domain.roll.values import add_months

DECISION_WORKING_DAYS = 60
EXTENSION_WORKING_DAYS = 30
REVIEW_WORKING_DAYS = 30
RECOGNITION_WORKING_DAYS = 30
DUE_SOON_DAYS = 7


class DeadlineKind(StrEnum):
    DECISION = "decision"
    SERVICE_TARGET = "service_target"
    CEREMONY = "ceremony"
    PROBATION_REVIEW = "probation_review"
    RECOGNITION_DECISION = "recognition_decision"
    CELL_PROPOSAL = "cell_proposal"


@dataclass(frozen=True)
class Deadline:
    """One running deadline of one dossier."""

    kind: DeadlineKind
    starts_on: date
    due_on: date
    basis: str  # what sets it, for the reader

    def days_left(self, today: date) -> int:
        """Calendar days until due (negative: overdue by that many days)."""
        return (self.due_on - today).days

    def is_overdue(self, today: date) -> bool:
        return today > self.due_on

    def is_due_soon(self, today: date, within: int = DUE_SOON_DAYS) -> bool:
        return 0 <= self.days_left(today) <= within


def running_deadlines(
    dossier: DossierState, calendar: WorkCalendar, target: ServiceTarget | None = None
) -> list[Deadline]:
    """The deadlines running for the dossier's current stage."""
    stage = dossier.stage
    found: list[Deadline] = []
    if stage in (Stage.AWAITING_COMMITTEE, Stage.AWAITING_DECISION):
        found.append(decision_deadline(dossier, calendar))
    if stage == Stage.AWAITING_DECISION and target is not None:
        found.append(service_target_deadline(dossier, calendar, target))
    if stage == Stage.AWAITING_CEREMONY:
        decided = dossier.latest(Step.DECIDED) or {}
        start = decided["received_on"]
        found.append(
            Deadline(
                DeadlineKind.CEREMONY,
                start,
                calendar.add(start, CEREMONY_WORKING_DAYS),
                "lễ kết nạp trong 30 ngày làm việc kể từ khi nhận quyết định",
            )
        )
    if stage == Stage.PROBATION and dossier.probation_ends_on is not None:
        start = dossier.probation_ends_on
        found.append(
            Deadline(
                DeadlineKind.PROBATION_REVIEW,
                start,
                calendar.add(start, REVIEW_WORKING_DAYS),
                "chi bộ xét công nhận chính thức trong 30 ngày làm việc sau 12 tháng dự bị",
            )
        )
    if stage == Stage.AWAITING_RECOGNITION:
        start = dossier.date_of(Step.PROBATION_REVIEWED) or dossier.opened_on
        found.append(
            Deadline(
                DeadlineKind.RECOGNITION_DECISION,
                start,
                calendar.add(start, RECOGNITION_WORKING_DAYS),
                "cấp có thẩm quyền quyết định công nhận trong 30 ngày làm việc",
            )
        )
    if stage == Stage.PREPARING and dossier.papers_since is not None:
        start = dossier.papers_since
        found.append(
            Deadline(
                DeadlineKind.CELL_PROPOSAL,
                start,
                add_months(start, STALE_MONTHS),
                "quá 12 tháng chưa được chi bộ đề nghị thì hồ sơ phải làm lại",
            )
        )
    return found


def decision_deadline(dossier: DossierState, calendar: WorkCalendar) -> Deadline:
    start = dossier.date_of(Step.CELL_RESOLVED) or dossier.opened_on
    days = DECISION_WORKING_DAYS
    basis = "quyết định kết nạp trong 60 ngày làm việc kể từ nghị quyết chi bộ"
    if dossier.done(Step.DEADLINE_EXTENDED):
        days += EXTENSION_WORKING_DAYS
        basis += ", gia hạn 30 ngày làm việc"
    return Deadline(DeadlineKind.DECISION, start, calendar.add(start, days), basis)


def service_target_deadline(
    dossier: DossierState, calendar: WorkCalendar, target: ServiceTarget
) -> Deadline:
    start = dossier.ready_for_decision_on or dossier.opened_on
    if target.working_days:
        due = calendar.add(start, target.days)
        unit = "ngày làm việc"
    else:
        due = start + timedelta(days=target.days)
        unit = "ngày"
    return Deadline(
        DeadlineKind.SERVICE_TARGET,
        start,
        due,
        f"chỉ tiêu của {target.set_by or 'đơn vị'}: {target.days} {unit} từ khi tiếp nhận",
    )
