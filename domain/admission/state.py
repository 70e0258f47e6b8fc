"""What a dossier knows (its reads) and allows (its guards, each naming its rule).

`Dossier` (domain/admission/dossier.py) inherits this: the aggregate keeps its events and commands,
this mixin reads its log and refuses what the rules forbid, raising `RuleViolation`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.admission.facts import IntroducerFacts
from domain.admission.steps import (
    CEREMONY_WORKING_DAYS,
    CLOSED_STAGES,
    FROZEN_BY,
    PAPERS,
    RECOGNIZE,
    STALE_MONTHS,
    STRIKE_OFF,
    TERMINAL_STEPS,
    Stage,
    Step,
    Votes,
    check_not_future,
    check_plausible_date,
)
from domain.admission.workdays import WorkCalendar
from domain.errors import InvalidValue, Mention, RuleViolation
from domain.roll.history import MAX_AGE_MONTHS, MIN_AGE_MONTHS, READMISSION_WAIT_MONTHS
from domain.roll.profile import MemberProfile
from domain.roll.values import add_months, age_in_months, probation_end


class DossierState:
    """Reads and guards over the dossier's log of steps."""

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

    # -- guards: each names its rule ------------------------------------------------

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

    def check_introducers(
        self, introducers: list[IntroducerFacts], candidate_id: UUID, grassroots: str, on: date
    ) -> None:
        ids = {i.member_id for i in introducers}
        if len(introducers) != 2 or len(ids) != 2:
            raise InvalidValue("introducers", "exactly two different introducers are needed")
        for facts in introducers:
            who = str(facts.member_id)
            if facts.member_id == candidate_id:
                raise RuleViolation(
                    "introducer_is_candidate",
                    "the candidate cannot introduce themself",
                    member_id=who,
                )
            if not facts.official_on_day:
                raise RuleViolation(
                    "introducer_not_official",
                    f"introducer {who} is not an official member on {on.isoformat()}"
                    + ("" if facts.known else " (not in the registry)"),
                    member_id=who,
                )
            if facts.grassroots_on_day != grassroots:
                raise RuleViolation(
                    "introducer_other_organization",
                    f"introducer {who} belongs to {facts.grassroots_on_day}, not to the candidate's "
                    f"grassroots organization {grassroots}, on {on.isoformat()}",
                    public=f"introducer {who} does not belong to the candidate's grassroots "
                    f"organization on {on.isoformat()}",
                    mentions=(Mention(facts.grassroots_on_day, on),),
                    member_id=who,
                    grassroots=grassroots,
                )
            earliest = add_months(on, -12)
            if facts.qualified_since is None or facts.qualified_since > earliest:
                since = facts.qualified_since.isoformat() if facts.qualified_since else "-"
                raise RuleViolation(
                    "introducer_too_recent",
                    f"introducer {who} has been an official member of {grassroots} only since "
                    f"{since}: 12 months are needed (since {earliest.isoformat()})",
                    public=f"introducer {who} has not been an official member of the candidate's "
                    "grassroots organization for the 12 months needed",
                    # The run may have begun in a cell of the grassroots the requester does
                    # not reach: its date is told to those who read the grassroots.
                    mentions=(Mention(grassroots, facts.qualified_since or on),),
                    member_id=who,
                    since=since,
                )

    def check_age(self, on: date, provincial_approval: str | None) -> None:
        months = age_in_months(self.candidate.birth_date, on)
        if months < MIN_AGE_MONTHS:
            raise RuleViolation(
                "admission_age",
                f"the candidate is under 18 on the day the cell resolves ({on.isoformat()})",
                dossier_id=str(self.id),
            )
        if months > MAX_AGE_MONTHS and not provincial_approval:
            raise RuleViolation(
                "admission_age",
                f"the candidate is over 60 on the day the cell resolves ({on.isoformat()}): "
                "this needs the provincial committee's approval (provincial_approval)",
                dossier_id=str(self.id),
            )

    def check_certificate_valid(self, on: date) -> None:
        course = self.latest(Step.COURSE_COMPLETED) or {}
        valid_until: date = course["valid_until"]
        if on > valid_until:
            raise RuleViolation(
                "course_certificate_expired",
                f"the course certificate {course['certificate_no']} was valid until "
                f"{valid_until.isoformat()}: the candidate must attend the course again",
                dossier_id=str(self.id),
                valid_until=valid_until.isoformat(),
            )

    def check_background_satisfactory(self) -> None:
        verified = self.latest(Step.BACKGROUND_VERIFIED) or {}
        if not verified.get("satisfactory", True):
            raise RuleViolation(
                "background_not_satisfactory",
                f"the background verification concluded: {verified.get('conclusion')}",
                dossier_id=str(self.id),
            )

    def check_not_stale(self, on: date) -> None:
        since = self.papers_since
        if since is not None and on > add_months(since, STALE_MONTHS):
            raise RuleViolation(
                "dossier_stale",
                f"the papers date from {since.isoformat()}: more than 12 months without the "
                "cell's proposal; renew the application, the introductions and the Youth Union "
                "endorsement",
                dossier_id=str(self.id),
                papers_since=since.isoformat(),
            )

    def check_two_thirds(self, votes: Votes, body: str) -> None:
        if not votes.has_two_thirds:
            raise RuleViolation(
                "two_thirds_majority",
                f"{votes.votes_for} of {votes.eligible} is less than two thirds of the "
                f"{'official members' if body == 'cell' else 'committee members'}",
                dossier_id=str(self.id),
                body=body,
            )

    def check_readmission_wait(
        self, left_on: date | None, on: date, left_in: str | None = None
    ) -> None:
        """`left_in`: the organization the candidate left (its date is told to its readers)."""
        if left_on is None:
            return
        earliest = add_months(left_on, READMISSION_WAIT_MONTHS)
        if on < earliest:
            raise RuleViolation(
                "readmission_too_early",
                f"the candidate left the Party on {left_on.isoformat()}: readmission needs 36 "
                f"months, not before {earliest.isoformat()}",
                public="readmission needs 36 months since the candidate left the Party",
                mentions=(Mention(left_in, left_on),),
                dossier_id=str(self.id),
                earliest=earliest.isoformat(),
            )

    def check_competent(self, decided_by: str, competent: list[str], on: date) -> None:
        if decided_by not in competent:
            names = ", ".join(competent) or "none in the registry"
            raise RuleViolation(
                "body_not_competent",
                f"{decided_by} is not competent to decide for {self.cell} on {on.isoformat()} "
                f"(competent: {names})",
                dossier_id=str(self.id),
                competent=competent,
            )

    def check_ceremony_in_time(
        self, on: date, received_on: date, late_approval: str | None, calendar: WorkCalendar
    ) -> None:
        due = calendar.add(received_on, CEREMONY_WORKING_DAYS)
        if on > due and not late_approval:
            raise RuleViolation(
                "ceremony_late",
                f"the ceremony was due by {due.isoformat()} (30 working days after the decision "
                "was received): a later one needs the superior committee's approval (late_approval)",
                dossier_id=str(self.id),
                due=due.isoformat(),
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
