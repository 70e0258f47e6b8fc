"""The candidate's conditions (điều kiện) checked at the steps of a dossier, each naming its rule.

Introducers, age, a valid course certificate, the background, fresh papers, a two-thirds vote,
the wait before readmission, the competent body, and the ceremony in time.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.admission.facts import IntroducerFacts
from domain.admission.state import DossierState
from domain.admission.steps import (
    CEREMONY_WORKING_DAYS,
    STALE_MONTHS,
    Step,
    Votes,
)
from domain.admission.workdays import WorkCalendar
from domain.errors import InvalidValue, Mention, RuleViolation
from domain.roll.history_rules import MAX_AGE_MONTHS, MIN_AGE_MONTHS, READMISSION_WAIT_MONTHS
from domain.roll.values import add_months, age_in_months


class DossierConditions(DossierState):
    """Guards over the candidate and the bodies deciding, at the steps that need them."""

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
