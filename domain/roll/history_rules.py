"""The rules of a member's history (lý lịch đảng viên), each refusal naming its rule.

`MemberHistory` (domain/roll/history.py) inherits these guards: no event after death, one roll at
a time, probation complete before recognition, expulsion of official members only, a strike-off
reason, a first admission once, 36 months before readmission, the decision before the ceremony,
and an age between 18 and 60.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.errors import Mention, RuleViolation
from domain.roll.entry import Entry
from domain.roll.values import (
    EventType,
    MemberStatus,
    StrikeOffReason,
    add_months,
    age_in_months,
    probation_end,
)

MIN_AGE_MONTHS = 18 * 12
MAX_AGE_MONTHS = 60 * 12
READMISSION_WAIT_MONTHS = 36


def at(entry: Entry) -> Mention:
    """The organization and day of the event a rule refuses.

    Usually the requester's own new event; but a backdated event makes the whole history
    be checked again, and a refusal may then fall on an event of another organization."""
    return Mention(entry.org, entry.effective_on)


@dataclass
class Stint:
    """One continuous period on one organization's roll."""

    org: str
    start: date
    end: date | None = None  # the day of the removal; not on the roll from that day
    ended_by: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class HistoryRules:
    """Guards over the entries of one member's history, checked in valid-time order."""

    if TYPE_CHECKING:
        stints: list[Stint]
        statuses: list[tuple[date, MemberStatus]]
        probation_from: date | None
        died_on: date | None
        profile: dict[str, Any] | None

        @property
        def current(self) -> Stint | None: ...
        def org_on(self, day: date) -> str | None: ...
        def status_on(self, day: date) -> MemberStatus | None: ...

    def check_not_deceased(self, entry: Entry) -> None:
        if self.died_on is not None:
            raise RuleViolation(
                "member_deceased",
                f"the member died on {self.died_on.isoformat()}; no later event can concern them",
                public="this person has died: no later event can concern them",
                mentions=(at(entry), Mention(self.stints[-1].org, self.died_on)),
                member_id=str(entry.member_id),
            )

    def check_not_on_another_roll(self, entry: Entry) -> None:
        stint = self.current
        if stint is not None:
            raise RuleViolation(
                "on_two_rolls",
                "a person can be on only one roll: already a member of another organization "
                f"since {stint.start.isoformat()}",
                public="a person can be on only one roll: this person is already on the roll "
                "of another organization",
                mentions=(at(entry), Mention(stint.org, stint.start)),
                member_id=str(entry.member_id),
                org=stint.org,
            )

    def check_on_roll(self, entry: Entry) -> None:
        stint = self.current
        day: date = entry.effective_on
        if stint is None or stint.org != entry.org or day < stint.start:
            raise RuleViolation(
                "not_on_roll",
                f"the member is not on the roll of {entry.org} on {day.isoformat()}",
                public="the member is not on this organization's roll on that day",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
                org=entry.org,
            )

    def check_probation_complete(self, entry: Entry) -> None:
        day: date = entry.effective_on
        if self.statuses and self.statuses[-1][1] == MemberStatus.OFFICIAL:
            raise RuleViolation(
                "already_official",
                "the member is already an official member",
                public="the member is already an official member",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )
        if self.probation_from is None:
            raise RuleViolation(
                "probation_unknown",
                "the ceremony date of this probationary member is unknown",
                public="the ceremony date of this probationary member is unknown",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )
        ends = probation_end(self.probation_from)
        if day < ends:
            raise RuleViolation(
                "recognition_before_probation_end",
                f"recognition takes effect only after 12 months of probation, on {ends.isoformat()}",
                public="recognition takes effect only after 12 months of probation",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
                effective_on=ends.isoformat(),
            )
        if day != ends:
            raise RuleViolation(
                "recognition_effective_date",
                f"recognition takes effect exactly 12 months after the ceremony, on {ends.isoformat()}, "
                "even when it is decided later",
                public="recognition takes effect exactly 12 months after the ceremony",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
                effective_on=ends.isoformat(),
            )

    def check_official_for_expulsion(self, entry: Entry) -> None:
        if self.status_on(entry.effective_on) != MemberStatus.OFFICIAL:
            raise RuleViolation(
                "expulsion_of_probationary",
                "only official members can be expelled; a probationary member is struck off instead",
                mentions=(at(entry),),
                public="only official members can be expelled; a probationary member is struck "
                "off instead",
                member_id=str(entry.member_id),
            )

    def check_strike_off_reason(self, entry: Entry) -> None:
        reason = entry.details.get("reason")
        if reason == StrikeOffReason.FAILED_PROBATION and (
            self.status_on(entry.effective_on) != MemberStatus.PROBATIONARY
        ):
            raise RuleViolation(
                "failed_probation_of_official",
                "failed probation applies only to probationary members",
                public="failed probation applies only to probationary members",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )

    def check_first_admission(self, entry: Entry) -> None:
        former = [s for s in self.stints if s.ended_by != EventType.ADMISSION_ANNULLED]
        if former:
            raise RuleViolation(
                "readmission_required",
                f"this person was a member until {former[-1].end}; record a readmission (kết nạp lại)",
                public="this person was a member before: record a readmission (kết nạp lại)",
                mentions=(at(entry), Mention(former[-1].org, former[-1].end or former[-1].start)),
                member_id=str(entry.member_id),
            )

    def check_readmission_wait(self, entry: Entry) -> None:
        if not self.stints:
            return
        left_on = self.stints[-1].end
        decided: date = entry.details.get("decision_on") or entry.effective_on
        if left_on is not None and decided < add_months(left_on, READMISSION_WAIT_MONTHS):
            earliest = add_months(left_on, READMISSION_WAIT_MONTHS)
            raise RuleViolation(
                "readmission_too_early",
                f"readmission needs 36 months since leaving on {left_on.isoformat()}: "
                f"not before {earliest.isoformat()}",
                public="readmission needs 36 months since the person left the Party",
                mentions=(at(entry), Mention(self.stints[-1].org, left_on)),
                member_id=str(entry.member_id),
            )

    def check_decision_before_ceremony(self, entry: Entry) -> None:
        decided = entry.details.get("decision_on")
        if decided is not None and decided > entry.effective_on:
            raise RuleViolation(
                "ceremony_before_decision",
                "the admission ceremony cannot precede the admission decision",
                public="the admission ceremony cannot precede the admission decision",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )

    def check_admission_age(self, entry: Entry) -> None:
        birth = (self.profile or {}).get("birth_date")
        # The Charter counts the age on the day the cell considers the admission; without
        # the pipeline's record of that day, the decision date is the nearest one known.
        decided: date = (
            entry.details.get("considered_on")
            or entry.details.get("decision_on")
            or entry.effective_on
        )
        if birth is None:
            return
        months = age_in_months(birth, decided)
        if months < MIN_AGE_MONTHS:
            raise RuleViolation(
                "admission_age",
                f"a person must be at least 18 when admitted (on {decided.isoformat()})",
                public="a person must be at least 18 when admitted",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )
        if months > MAX_AGE_MONTHS and not entry.details.get("provincial_approval"):
            raise RuleViolation(
                "admission_age",
                "admitting a person over 60 needs the provincial committee's approval "
                "(provincial_approval)",
                public="admitting a person over 60 needs the provincial committee's approval",
                mentions=(at(entry),),
                member_id=str(entry.member_id),
            )
