"""After the decision: the ceremony, the probation and its end, and a dossier withdrawn or on hold.

The admission ceremony puts the candidate on the roll; twelve months later the cell reviews the
probation and the competent body recognizes the member or strikes them off. `Dossier`
(domain/admission/dossier.py) inherits these commands; each runs its guards, then records its
step's event, which the aggregate keeps nested (its stored topic).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.admission.conditions import DossierConditions
from domain.admission.order import DossierOrder
from domain.admission.steps import (
    RECOGNIZE,
    STRIKE_OFF,
    Step,
    Votes,
    check_not_before,
    required,
)
from domain.admission.workdays import WorkCalendar, default_calendar
from domain.errors import InvalidValue, RuleViolation


class DossierProbation(DossierOrder, DossierConditions):
    """Commands from the ceremony to recognition, and those that stop or pause a dossier."""

    if TYPE_CHECKING:

        def _record(self, step: Step, on: date, common: dict[str, Any], **details: Any) -> None: ...

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
            Step.CEREMONY_HELD,
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
        self._record(Step.PROBATION_REVIEWED, on, common, votes=votes.as_dict(), outcome=outcome)

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
            Step.RECOGNIZED,
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
            Step.STRUCK_OFF,
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
        self._record(Step.WITHDRAWN, on, common, reason=reason)

    def suspend(self, *, on: date, reason: str, today: date, **common: Any) -> None:
        """The dossier put on hold, with a reason (its deadlines leave the lists meanwhile)."""
        self.check_open()
        self.check_not_suspended()
        required("reason", reason)
        self.check_dates_after_log(on, today)
        self._record(Step.SUSPENDED, on, common, reason=reason)

    def resume(self, *, on: date, today: date, **common: Any) -> None:
        """The dossier taken up again after a suspension."""
        self.check_open()
        if not self.suspended:
            raise RuleViolation(
                "not_suspended", "the dossier is not suspended", dossier_id=str(self.id)
            )
        self.check_dates_after_log(on, today)
        self._record(Step.RESUMED, on, common)
