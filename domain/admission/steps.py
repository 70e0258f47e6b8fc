"""Steps and stages of an admission dossier, votes, and the rules that need no dossier yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidValue, Mention, RuleViolation
from domain.roll.profile import MemberProfile
from domain.roll.values import Education, OrgKind

CEREMONY_WORKING_DAYS = 30
STALE_MONTHS = 12


class Step(StrEnum):
    """Steps of the procedure; the values are a contract (API, CLI, stored events)."""

    SOURCE_LISTED = "source_listed"  # danh sách cảm tình Đảng
    COURSE_COMPLETED = "course_completed"  # lớp bồi dưỡng nhận thức về Đảng
    APPLICATION_SUBMITTED = "application_submitted"  # đơn và lý lịch
    INTRODUCERS_ASSIGNED = "introducers_assigned"  # 2 đảng viên giới thiệu
    BACKGROUND_VERIFIED = "background_verified"  # thẩm tra lý lịch
    YOUTH_UNION_ENDORSED = "youth_union_endorsed"  # nghị quyết giới thiệu của Đoàn
    CELL_RESOLVED = "cell_resolved"  # nghị quyết chi bộ
    COMMITTEE_RESOLVED = "committee_resolved"  # nghị quyết đảng ủy cơ sở
    RECEIVED = "received"  # cấp có thẩm quyền tiếp nhận hồ sơ
    DEADLINE_EXTENDED = "deadline_extended"  # gia hạn (một lần, 30 ngày làm việc)
    DECIDED = "decided"  # quyết định kết nạp
    REFUSED = "refused"  # không kết nạp
    CEREMONY_HELD = "ceremony_held"  # lễ kết nạp
    PROBATION_REVIEWED = "probation_reviewed"  # chi bộ xét công nhận chính thức
    RECOGNIZED = "recognized"  # quyết định công nhận đảng viên chính thức
    STRUCK_OFF = "struck_off"  # xóa tên đảng viên dự bị
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    RESUMED = "resumed"


class Stage(StrEnum):
    """Where a dossier stands (for the views); the values are a contract."""

    SOURCE_LIST = "source_list"
    PREPARING = "preparing"
    AWAITING_COMMITTEE = "awaiting_committee"
    AWAITING_DECISION = "awaiting_decision"
    AWAITING_CEREMONY = "awaiting_ceremony"
    PROBATION = "probation"
    AWAITING_RECOGNITION = "awaiting_recognition"
    OFFICIAL = "official"
    STRUCK_OFF = "struck_off"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"


CLOSED_STAGES = frozenset({Stage.OFFICIAL, Stage.STRUCK_OFF, Stage.REFUSED, Stage.WITHDRAWN})
TERMINAL_STEPS = {
    Step.RECOGNIZED: Stage.OFFICIAL,
    Step.STRUCK_OFF: Stage.STRUCK_OFF,
    Step.REFUSED: Stage.REFUSED,
    Step.WITHDRAWN: Stage.WITHDRAWN,
}
# Papers prepared before the cell resolves: may be recorded again (renewed) until it does.
PAPERS = (
    Step.COURSE_COMPLETED,
    Step.APPLICATION_SUBMITTED,
    Step.INTRODUCERS_ASSIGNED,
    Step.BACKGROUND_VERIFIED,
    Step.YOUTH_UNION_ENDORSED,
)
FROZEN_BY = {
    **{paper: Step.CELL_RESOLVED for paper in PAPERS},
    Step.RECEIVED: Step.DECIDED,
    Step.DEADLINE_EXTENDED: Step.DECIDED,
}
# The main path, in order (order of the views and of the average-days statistics).
PATH = (
    Step.SOURCE_LISTED,
    Step.COURSE_COMPLETED,
    Step.APPLICATION_SUBMITTED,
    Step.INTRODUCERS_ASSIGNED,
    Step.BACKGROUND_VERIFIED,
    Step.YOUTH_UNION_ENDORSED,
    Step.CELL_RESOLVED,
    Step.COMMITTEE_RESOLVED,
    Step.RECEIVED,
    Step.DECIDED,
    Step.CEREMONY_HELD,
    Step.PROBATION_REVIEWED,
    Step.RECOGNIZED,
)
RECOGNIZE, STRIKE_OFF = "recognize", "strike_off"


@dataclass(frozen=True)
class Votes:
    """A vote: for, against, and the members eligible to vote (official members or committee)."""

    votes_for: int
    votes_against: int
    eligible: int

    def __post_init__(self) -> None:
        if min(self.votes_for, self.votes_against) < 0 or self.eligible < 1:
            raise InvalidValue("votes", "votes must be 0 or more and eligible at least 1")
        if self.votes_for + self.votes_against > self.eligible:
            raise InvalidValue("votes", "more votes than members eligible to vote")

    @property
    def has_two_thirds(self) -> bool:
        return 3 * self.votes_for >= 2 * self.eligible

    def as_dict(self) -> dict[str, int]:
        return {"for": self.votes_for, "against": self.votes_against, "eligible": self.eligible}


@dataclass(frozen=True)
class CandidateFacts:
    """The candidate's standing in the registry when a dossier is opened."""

    on_roll_of: str | None = None  # already a member there
    left_on: date | None = None  # a former member: left on that day (readmission)
    open_dossiers: tuple[UUID, ...] = ()  # other dossiers of the person still open


# -- guards that need no dossier yet ------------------------------------------------------


def check_cell(cell: str, kind: OrgKind) -> None:
    if not kind.holds_members:
        raise RuleViolation(
            "org_holds_no_members",
            f"{cell} is a {kind.value}: dossiers are kept by the cell that proposes the candidate",
            org=cell,
        )


def check_not_future(day: date, today: date) -> None:
    if day > today:
        raise RuleViolation("future_date", f"the date {day.isoformat()} is in the future")


# No dossier of this register's candidates can carry an earlier date: a year like 0001 or
# 0202 is a typing slip that would otherwise be kept forever.
EARLIEST_DOSSIER_YEAR = 1900


def check_plausible_date(
    day: date,
    field: str,
    born_on: date | None,
    cell: str | None = None,
    founded_on: date | None = None,
) -> None:
    """A dossier date is after 1900, after the candidate's birth and after the cell's founding."""
    if day.year < EARLIEST_DOSSIER_YEAR:
        raise RuleViolation(
            "implausible_date",
            f"{field} {day.isoformat()} is before {EARLIEST_DOSSIER_YEAR}: check the year",
            field=field,
        )
    if born_on is not None and day < born_on:
        raise RuleViolation(
            "date_before_birth",
            f"{field} {day.isoformat()} is before the candidate's birth ({born_on.isoformat()})",
            field=field,
        )
    if founded_on is not None and day < founded_on:
        raise RuleViolation(
            "date_before_cell_founded",
            f"{field} {day.isoformat()} is before {cell} was founded ({founded_on.isoformat()})",
            field=field,
            org=cell,
        )


def check_not_before(day: date, earliest: date, field: str) -> None:
    if day < earliest:
        raise RuleViolation(
            "date_before_previous_step",
            f"{field} {day.isoformat()} cannot precede {earliest.isoformat()}",
        )


def check_not_a_member(facts: CandidateFacts, today: date) -> None:
    if facts.on_roll_of is not None:
        raise RuleViolation(
            "already_member",
            f"the candidate is already a member, on the roll of {facts.on_roll_of}",
            public="the candidate is already a member of the Party: no admission dossier is opened",
            mentions=(Mention(facts.on_roll_of, today),),
            org=facts.on_roll_of,
        )


def check_no_other_dossier(facts: CandidateFacts) -> None:
    if facts.open_dossiers:
        raise RuleViolation(
            "dossier_already_open",
            "the candidate already has an open dossier: withdraw it first",
            dossier_id=str(facts.open_dossiers[0]),
        )


def check_education(candidate: MemberProfile, exemption: str | None) -> None:
    if candidate.education == Education.PRIMARY and not exemption:
        raise RuleViolation(
            "education_below_lower_secondary",
            "admission needs a lower-secondary diploma (tốt nghiệp THCS) or higher, unless a "
            "hardship-area guidance applies (education_exemption)",
        )


def required(field: str, value: str | None) -> None:
    if not value or not str(value).strip():
        raise InvalidValue(field, "is required")
