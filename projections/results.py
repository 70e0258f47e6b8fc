"""What the queries answer: frozen dataclasses, the contract the CLI and the web code against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID


def percent(count: int, base: int) -> float | None:
    """count / base as a percent rounded half up to one decimal; None when the base is 0."""
    if not base:
        return None
    value = (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(value)


@dataclass(frozen=True)
class OrgInfo:
    code: str
    name: str
    kind: str
    founded_on: date
    parent: str | None
    ended_on: date | None = None


@dataclass(frozen=True)
class RollMember:
    member_id: UUID
    full_name: str
    status: str
    since: date  # the day they joined this roll
    org: str


@dataclass(frozen=True)
class Roll:
    org: str
    as_of: date
    known_at: datetime
    total: int
    probationary: int
    official: int
    members: list[RollMember]


@dataclass(frozen=True)
class RollupNode:
    code: str
    name: str
    kind: str
    total: int
    probationary: int
    official: int
    children: list[RollupNode] = field(default_factory=list)


@dataclass(frozen=True)
class Flows:
    org: str
    date_from: date
    date_to: date
    admitted: int
    readmitted: int
    transferred_in: int
    transferred_out: int
    recognized: int
    expelled: int
    struck_off: int
    died: int
    annulled: int
    admission_rate: float | None  # admitted / roll at the end of the previous year, percent


@dataclass(frozen=True)
class Share:
    count: int
    percent: float | None


@dataclass(frozen=True)
class CompositionOfRoll:
    total: int
    women: Share
    ethnic_minority: Share
    religious: Share
    youth_union: Share
    under_30: Share
    college_or_higher: Share
    postgraduate: Share
    private_enterprise: Share


@dataclass(frozen=True)
class Indicators:
    org: str
    date_from: date
    date_to: date
    admitted: int
    women: Share
    ethnic_minority: Share
    religious: Share
    youth_union: Share
    under_30: Share
    college_or_higher: Share
    postgraduate: Share
    private_enterprise: Share
    roll: CompositionOfRoll


@dataclass(frozen=True)
class Plan:
    assigned_by: str
    target: int
    percent: float | None


@dataclass(frozen=True)
class ChildStanding:
    org: str
    admitted: int
    plans: list[Plan]


@dataclass(frozen=True)
class Standing:
    org: str
    period: str
    as_of: date
    admitted: int
    plans: list[Plan]
    expected_percent: float
    at_risk: bool
    without_admissions: list[str]
    idle_cells: list[str]
    children: list[ChildStanding]
    children_targets_sum: dict[str, int]
    children_add_up: bool


@dataclass(frozen=True)
class DiffEvent:
    event_id: UUID
    type: str
    org: str
    member_id: UUID | None  # None for a change of structure
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    kind: str  # late_entry | correction | retraction | reorganization
    effect: int


@dataclass(frozen=True)
class Diff:
    org: str
    as_of: date
    known_at_1: datetime
    known_at_2: datetime
    total_1: int
    total_2: int
    events: list[DiffEvent]


@dataclass(frozen=True)
class SeriesPoint:
    day: date
    total: int
    probationary: int
    official: int
    admitted: int


@dataclass(frozen=True)
class MemberEntry:
    event_id: UUID
    type: str
    org: str
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    details: dict[str, Any]


@dataclass(frozen=True)
class MemberView:
    member_id: UUID
    full_name: str
    profile: dict[str, Any]
    org: str | None
    status: str | None
    entries: list[MemberEntry]


@dataclass(frozen=True)
class LineageLink:
    """One predecessor or successor: which organization, from which day, how (merged, split...)."""

    code: str
    name: str
    on: date
    how: str


@dataclass(frozen=True)
class LineageEvent:
    """One change of structure of the organization, as the decision recorded it."""

    type: str  # founded | renamed | moved | successor_of | ended
    effective_on: date
    how: str | None
    related: list[str]
    decision_no: str | None
    decision_on: date | None
    decided_by: str | None
    recorded_at: datetime | None
    recorded_by: str | None


@dataclass(frozen=True)
class Lineage:
    """Where an organization came from, what became of it, and its changes in date order."""

    code: str
    name: str
    kind: str
    founded_on: date
    ended_on: date | None
    heirs: list[str]  # who carries it on today (itself while it exists)
    predecessors: list[LineageLink]
    successors: list[LineageLink]
    events: list[LineageEvent]


@dataclass(frozen=True)
class Restated:
    """`as_of`'s figures attributed to the structure of `structure_on`, beside that day's own."""

    org: str
    as_of: date
    structure_on: date
    known_at: datetime
    then: RollupNode  # restated figures of as_of
    now: RollupNode  # the same tree's figures on structure_on
