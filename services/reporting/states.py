"""Where every report of a subtree stands for a period, and who is late (ai chậm).

One row per organization of the subtree, parents before children, as the report's structure
has the tree (the period's end, or today's tree when restated). Each report is read from its
own stream: a province of a few thousand organizations reads as many small streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain.reporting.approval import ReportState, report_id
from domain.reporting.deadlines import due_on, is_late
from domain.reporting.period import Period, Structure
from domain.reporting.report import Report
from services.admission.queries import read_side
from services.reporting.approval import structure_day


@dataclass(frozen=True)
class ReportRow:
    """One organization's report for the period, as it stands now."""

    code: str
    name: str
    kind: str
    parent: str | None
    depth: int
    state: ReportState
    late: bool
    prepared_by: str | None
    prepared_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    reason: str | None  # why it was returned, or marked not reporting


@dataclass(frozen=True)
class PeriodTree:
    """A subtree's reports for one period and structure."""

    root: str
    period: Period
    structure: Structure
    structure_on: date
    due_on: date
    today: date
    rows: list[ReportRow]

    @property
    def late(self) -> list[str]:
        return [row.code for row in self.rows if row.late]


def stored_report(registry: Any, org: str, period: Period, structure: Structure) -> Report | None:
    """The organization's report stream, None when nothing was done on it yet."""
    try:
        found = registry.repository.get(report_id(registry.ids.namespace, org, period, structure))
    except AggregateNotFoundError:
        return None
    return found if isinstance(found, Report) else None


def period_tree(registry: Any, root: str, period: Period, structure: Structure) -> PeriodTree:
    """Every organization of `root`'s subtree with its report's state, and the late ones."""
    today = registry.today()
    day = structure_day(structure, period, today)
    queries = read_side(registry)
    queries.org(root)  # NotFound for an unknown code
    tree = queries.tree()
    codes = tree.subtree(root, day)
    namespace = registry.ids.namespace
    ids = {code: report_id(namespace, code, period, structure) for code in codes}
    # Most organizations of a large subtree have no report yet: learn which do in one query.
    started = registry.existing(set(ids.values()))
    depths = {root: 0}
    rows = []
    for code in codes:
        parent = tree.parent_on(code, day) if code != root else None
        if parent is not None:
            depths[code] = depths.get(parent, 0) + 1
        report = stored_report(registry, code, period, structure) if ids[code] in started else None
        rows.append(row_of(code, tree, day, parent, depths.get(code, 0), report, period, today))
    return PeriodTree(root, period, structure, day, due_on(period), today, rows)


def row_of(
    code: str,
    tree: Any,
    day: date,
    parent: str | None,
    depth: int,
    report: Report | None,
    period: Period,
    today: date,
) -> ReportRow:
    state = ReportState.NOT_STARTED if report is None else report.state
    prepared = report.prepared if report is not None else None
    approval = report.approval if report is not None else None
    settled = state in (ReportState.APPROVED, ReportState.NOT_REPORTING)
    return ReportRow(
        code=code,
        name=tree.name_on(code, day),
        kind=tree.orgs[code].kind,
        parent=parent,
        depth=depth,
        state=state,
        late=is_late(period, settled, today),
        prepared_by=prepared["by"] if prepared else None,
        prepared_at=prepared["at"] if prepared else None,
        approved_by=approval["by"] if approval else None,
        approved_at=approval["at"] if approval else None,
        reason=report.reason
        if report is not None and state in (ReportState.RETURNED, ReportState.NOT_REPORTING)
        else None,
    )
