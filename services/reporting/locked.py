"""Locked as known (khóa theo thời điểm duyệt): an approved report, reproduced and explained.

An approved report is the compilation as known at its approval instant: compiled again with
`known_at` = that instant it gives the same digest, whatever was recorded later. Late entries,
corrections and retractions recorded since change today's figures only; each difference is
explained by the events that make it (the read door's `diff`, at the period's eve and end).

The next report's brought forward (số đầu kỳ) is always compiled from the log as known: it
starts from the corrected figure. When the report of the period ending on its eve was approved
with another figure, the difference is reconciled in a line of its own (`Reconciliation`),
with its events; when the two agree it starts from the approved figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.errors import RuleViolation
from domain.reporting.approval import Headline
from domain.reporting.period import Period, Structure
from projections.results import Diff
from services.reporting.approval import current_queries
from services.reporting.compilation import compiler_of, headline_of
from services.reporting.states import stored_report


@dataclass(frozen=True)
class Locked:
    """An approved report beside today's figures, and the events behind each difference."""

    org: str
    period: Period
    structure: Structure
    approved_at: datetime
    approved_by: str
    digest: str
    reproduced: bool  # compiled again as known at approval, the digest is the same
    approved: Headline
    today: Headline
    brought_forward_diff: Diff | None  # None when restated (the diff reads one tree)
    at_end_diff: Diff | None

    @property
    def changed(self) -> bool:
        return self.approved != self.today


@dataclass(frozen=True)
class Reconciliation:
    """How a report's brought forward meets the approved end of the period before it."""

    org: str
    period: Period
    previous: Period | None  # the approved report ending on the eve (None: none approved)
    approved_figure: int | None
    brought_forward: int
    # "approved" (the same figure), "corrected" (later events changed it) or "compiled" (no
    # report ending on the eve was approved)
    starts_from: str
    difference: int
    diff: Diff | None


def approval_of(registry: Any, org: str, period: Period, structure: Structure) -> dict[str, Any]:
    report = stored_report(registry, org, period, structure)
    approval = None if report is None else report.approval
    if approval is None:
        raise RuleViolation(
            "report_not_approved",
            f"the report of {org} for {period.key} is not approved",
            org=org,
        )
    return approval


def locked(registry: Any, org: str, period: Period, structure: Structure) -> Locked:
    """The approved report reproduced as known at its approval, beside today's figures."""
    approval = approval_of(registry, org, period, structure)
    queries = current_queries(registry)
    compiler = compiler_of(registry)
    at: datetime = approval["at"]
    then = compiler(queries, org, period, structure, at)
    now = compiler(queries, org, period, structure, registry.clock())
    diffs: tuple[Diff | None, Diff | None] = (None, None)
    if structure is Structure.AS_STRUCTURED:
        later = registry.clock()
        diffs = (
            queries.diff(org, period.brought_forward_on, at, later),
            queries.diff(org, period.end, at, later),
        )
    return Locked(
        org=org,
        period=period,
        structure=structure,
        approved_at=at,
        approved_by=approval["by"],
        digest=approval["digest"],
        reproduced=then.digest() == approval["digest"],
        approved=Headline.from_dict(approval["figures"]),
        today=headline_of(now),
        brought_forward_diff=diffs[0],
        at_end_diff=diffs[1],
    )


def periods_ending_on(day: date) -> list[Period]:
    """The reported periods whose last day is `day`: the year on 31 December, the first half
    on 30 June."""
    found = []
    if (day.month, day.day) == (12, 31):
        found.append(Period.year(day.year))
    if (day.month, day.day) == (6, 30):
        found.append(Period.first_half(day.year))
    return found


def reconciliation(registry: Any, org: str, period: Period, structure: Structure) -> Reconciliation:
    """Whether `period`'s brought forward starts from the approved or a corrected figure."""
    queries = current_queries(registry)
    report = stored_report(registry, org, period, structure)
    own = None if report is None else report.approval
    known: datetime = own["at"] if own else registry.clock()
    brought = compiler_of(registry)(queries, org, period, structure, known).brought_forward
    for previous in periods_ending_on(period.brought_forward_on):
        before = stored_report(registry, org, previous, structure)
        approval = None if before is None else before.approval
        if approval is None:
            continue
        figure = int(approval["figures"]["at_end"])
        diff = None
        if figure != brought and structure is Structure.AS_STRUCTURED:
            diff = queries.diff(org, period.brought_forward_on, approval["at"], known)
        return Reconciliation(
            org,
            period,
            previous,
            figure,
            brought,
            "approved" if figure == brought else "corrected",
            brought - figure,
            diff,
        )
    return Reconciliation(org, period, None, None, brought, "compiled", 0, None)
