"""The order of the procedure: which step may come now, on which date (each guard names its rule).

The guards of `Dossier` that look only at its own log: a closed or suspended dossier, a step that
does not apply or comes too early, dates out of order. `next_steps` asks these same guards.
"""

from __future__ import annotations

from datetime import date

from domain.admission.state import DossierState
from domain.admission.steps import (
    FROZEN_BY,
    PAPERS,
    RECOGNIZE,
    STRIKE_OFF,
    Step,
    check_not_future,
    check_plausible_date,
)
from domain.errors import RuleViolation


class DossierOrder(DossierState):
    """Guards over the order and the dates of the dossier's steps."""

    def next_steps(self) -> list[Step]:
        """Steps that could be recorded now (the order guards would accept them)."""
        if not self.is_open:
            return []
        if self.suspended:
            return [Step.RESUMED, Step.WITHDRAWN]
        possible: list[Step] = []
        for step in Step:
            if step in (Step.SOURCE_LISTED, Step.RESUMED):
                continue
            try:
                self.check_applicable(step)
                self.check_order(step)
                if step == Step.WITHDRAWN:
                    self.check_not_admitted()
                if step in (Step.RECOGNIZED, Step.STRUCK_OFF):
                    self.check_outcome(step)
            except RuleViolation:
                continue
            possible.append(step)
        return possible

    def check_can_record(self, step: Step, on: date, today: date) -> None:
        self.check_open()
        self.check_not_suspended()
        self.check_applicable(step)
        self.check_order(step)
        self.check_dates(step, on, today)

    def check_open(self) -> None:
        if not self.is_open:
            raise RuleViolation(
                "dossier_closed",
                f"the dossier is closed ({self.progress.value}): nothing more can be recorded",
                dossier_id=str(self.id),
                stage=self.progress.value,
            )

    def check_not_suspended(self) -> None:
        if self.suspended:
            raise RuleViolation(
                "dossier_suspended",
                "the dossier is suspended: resume it (or withdraw it) first",
                dossier_id=str(self.id),
            )

    def check_applicable(self, step: Step) -> None:
        if step == Step.YOUTH_UNION_ENDORSED and not self.candidate_data.get("youth_union"):
            raise RuleViolation(
                "step_not_applicable",
                "the candidate is not a Youth Union member: there is no Youth Union endorsement",
                dossier_id=str(self.id),
                step=step.value,
            )
        if (
            step == Step.COMMITTEE_RESOLVED
            and self.done(Step.CELL_RESOLVED)
            and not self.needs_committee_resolution
        ):
            raise RuleViolation(
                "step_not_applicable",
                f"{self.cell} is its own grassroots organization: no committee resolves",
                dossier_id=str(self.id),
                step=step.value,
            )

    def check_order(self, step: Step) -> None:
        missing = [p for p in self.prerequisites(step) if not self.done(p)]
        if missing:
            raise RuleViolation(
                "step_out_of_order",
                f"{step.value} needs {', '.join(m.value for m in missing)} first",
                dossier_id=str(self.id),
                step=step.value,
                missing=[m.value for m in missing],
            )
        frozen_by = FROZEN_BY.get(step)
        if frozen_by is not None and self.done(frozen_by):
            raise RuleViolation(
                "step_out_of_order",
                f"{step.value} cannot be recorded after {frozen_by.value}",
                dossier_id=str(self.id),
                step=step.value,
            )
        if step == Step.DEADLINE_EXTENDED and self.done(step):
            raise RuleViolation(
                "extension_used",
                "the decision deadline can be extended only once",
                dossier_id=str(self.id),
            )
        if step not in PAPERS and self.done(step):
            raise RuleViolation(
                "step_out_of_order",
                f"{step.value} was already recorded on {self.date_of(step)}",
                dossier_id=str(self.id),
                step=step.value,
            )

    def check_dates(self, step: Step, on: date, today: date) -> None:
        check_not_future(on, today)
        # Every later step follows the source listing, itself checked against the cell's
        # founding; the course may come before both (and before a new cell existed).
        check_plausible_date(on, "on", self.candidate.birth_date)
        before = [p for p in self.prerequisites(step) if self.done(p)]
        if step in (Step.DECIDED, Step.REFUSED) and self.done(Step.RECEIVED):
            before.append(Step.RECEIVED)
        if step in PAPERS and self.done(step):
            before.append(step)
        if step != Step.COURSE_COMPLETED and on < self.opened_on:
            raise RuleViolation(
                "date_before_previous_step",
                f"{step.value} on {on.isoformat()} cannot precede the source list "
                f"({self.opened_on.isoformat()})",
                dossier_id=str(self.id),
                step=step.value,
            )
        for previous in before:
            previous_on = self.date_of(previous)
            if previous_on is not None and on < previous_on:
                raise RuleViolation(
                    "date_before_previous_step",
                    f"{step.value} on {on.isoformat()} cannot precede {previous.value} "
                    f"on {previous_on.isoformat()}",
                    dossier_id=str(self.id),
                    step=step.value,
                )
        self.check_after_suspension(on)

    def check_after_suspension(self, on: date) -> None:
        for record in reversed(self.log):
            if record["step"] in (Step.SUSPENDED, Step.RESUMED) and on < record["on"]:
                raise RuleViolation(
                    "date_before_previous_step",
                    f"{on.isoformat()} is before the {record['step']} on {record['on'].isoformat()}",
                    dossier_id=str(self.id),
                )

    def check_dates_after_log(self, on: date, today: date) -> None:
        check_not_future(on, today)
        last = max(record["on"] for record in self.log)
        if on < last:
            raise RuleViolation(
                "date_before_previous_step",
                f"{on.isoformat()} is before the last recorded step ({last.isoformat()})",
                dossier_id=str(self.id),
            )

    def check_outcome(self, step: Step) -> None:
        review = self.latest(Step.PROBATION_REVIEWED) or {}
        wanted = RECOGNIZE if step == Step.RECOGNIZED else STRIKE_OFF
        if review.get("outcome") != wanted:
            raise RuleViolation(
                "probation_outcome_mismatch",
                f"the cell proposed {review.get('outcome')}, not {wanted}",
                dossier_id=str(self.id),
            )

    def check_not_admitted(self) -> None:
        if self.done(Step.CEREMONY_HELD):
            raise RuleViolation(
                "withdraw_after_admission",
                "the candidate is already on the roll: a member leaves by a roll event, "
                "not by withdrawing the dossier",
                dossier_id=str(self.id),
            )
