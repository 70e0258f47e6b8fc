"""The way to the decision (hồ sơ đề nghị kết nạp): the commands of a dossier up to the admission.

Course, application, introducers, background, the Youth Union's endorsement, the cell's and the
committee's resolutions, reception by the competent body, an extended deadline, the decision or
the refusal. `Dossier` (domain/admission/dossier.py) inherits them; each runs its guards, then
records its step's event, which the aggregate keeps nested (its stored topic).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.admission.conditions import DossierConditions
from domain.admission.facts import IntroducerFacts
from domain.admission.order import DossierOrder
from domain.admission.steps import (
    Step,
    Votes,
    check_not_before,
    check_not_future,
    required,
)
from domain.roll.values import add_months


class DossierPreparation(DossierOrder, DossierConditions):
    """Commands from the course on the Party to the competent body's decision."""

    if TYPE_CHECKING:

        def _record(self, step: Step, on: date, common: dict[str, Any], **details: Any) -> None: ...

    def complete_course(
        self, *, on: date, certificate_no: str, valid_years: int, today: date, **common: Any
    ) -> None:
        """The course on the Party completed; the certificate is valid `valid_years` years."""
        self.check_can_record(Step.COURSE_COMPLETED, on, today)
        required("certificate_no", certificate_no)
        valid_until = add_months(on, 12 * valid_years)
        common = {**common, "document_no": common.get("document_no") or certificate_no}
        self._record(
            Step.COURSE_COMPLETED,
            on,
            common,
            certificate_no=certificate_no,
            valid_until=valid_until,
        )

    def submit_application(self, *, on: date, today: date, **common: Any) -> None:
        """Application (đơn) and self-declared background (lý lịch) submitted."""
        self.check_can_record(Step.APPLICATION_SUBMITTED, on, today)
        self._record(Step.APPLICATION_SUBMITTED, on, common)

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
            Step.INTRODUCERS_ASSIGNED,
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
            Step.BACKGROUND_VERIFIED, on, common, conclusion=conclusion, satisfactory=satisfactory
        )

    def endorse_by_youth_union(self, *, on: date, today: date, **common: Any) -> None:
        """The Youth Union's introducing resolution (for Youth Union members)."""
        self.check_can_record(Step.YOUTH_UNION_ENDORSED, on, today)
        self._record(Step.YOUTH_UNION_ENDORSED, on, common)

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
            Step.CELL_RESOLVED,
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
        self._record(Step.COMMITTEE_RESOLVED, on, common, votes=votes.as_dict())

    def receive(self, *, on: date, today: date, **common: Any) -> None:
        """The competent body received the dossier (start of the service target)."""
        self.check_can_record(Step.RECEIVED, on, today)
        self._record(Step.RECEIVED, on, common)

    def extend_deadline(self, *, on: date, reason: str, today: date, **common: Any) -> None:
        """The decision deadline extended once, by 30 working days, with a reason."""
        self.check_can_record(Step.DEADLINE_EXTENDED, on, today)
        required("reason", reason)
        self._record(Step.DEADLINE_EXTENDED, on, common, reason=reason, working_days=30)

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
        self._record(Step.DECIDED, on, common, decided_by=decided_by, received_on=received)

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
        self._record(Step.REFUSED, on, common, decided_by=decided_by, reason=reason)
