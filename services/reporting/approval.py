"""The approval workflow's changes, each inside the caller's unit of work (the front door's).

Each function loads (or starts) the organization's report stream for the period and structure,
reads what its guards need of the tree and of the other reports, compiles the figures with the
registry's compiler as known now, and calls the aggregate; the save is the front door's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.reporting.approval import ReportState, TreeHeadStamp, report_id
from domain.reporting.period import Period, Structure
from domain.reporting.report import Report
from projections.queries import Queries
from services.admission.queries import read_side
from services.integrity import checkpoints
from services.integrity.wiring import current_head
from services.reporting.compilation import Compilation, compiler_of, headline_of
from services.unit_of_work import UnitOfWork


def structure_day(structure: Structure, period: Period, today: date) -> date:
    """The day whose tree a report follows: the period's end as structured, else today's."""
    return period.end if structure is Structure.AS_STRUCTURED else today


def report_of(uow: UnitOfWork, org: str, period: Period, structure: Structure) -> Report:
    """The organization's report stream (started, not yet stored, when it has none)."""
    uow.organization(org)  # NotFound for an unknown code, storing nothing
    found_id = report_id(uow.ids.namespace, org, period, structure)
    found = uow.get(found_id, Report)
    if found is None:
        found = Report.start(
            id=found_id, org=org, period=period, structure=structure, timestamp=uow.now
        )
        uow.add(found)
    return found


def state_in(uow: UnitOfWork, org: str, period: Period, structure: Structure) -> ReportState:
    found = uow.get(report_id(uow.ids.namespace, org, period, structure), Report)
    return ReportState.NOT_STARTED if found is None else found.state


def queries_of(uow: UnitOfWork) -> Queries:
    """The registry's read side (services.admission.queries.read_side: one per registry)."""
    registry: Any = uow.registry
    return read_side(registry)


def current_queries(registry: Any) -> Queries:
    """The read side, caught up with the log first: figures compiled for an approval must
    count every event stored before it."""
    queries = read_side(registry)
    if queries.position() < registry.max_position():
        from projections.wiring import catch_up

        catch_up(registry)
    return queries


def compiled(uow: UnitOfWork, org: str, period: Period, structure: Structure) -> Compilation:
    """The report as known now (the unit of work's instant)."""
    registry = uow.registry
    compiler = compiler_of(registry)
    return compiler(current_queries(registry), org, period, structure, uow.now)


def prepare(
    uow: UnitOfWork, org: str, period: Period, structure: Structure, by: str, by_org: str
) -> Report:
    report = report_of(uow, org, period, structure)
    compilation = compiled(uow, org, period, structure)
    report.prepare(
        by=by,
        by_org=by_org,
        at=uow.now,
        position=uow.registry.max_position(),  # type: ignore[attr-defined]
        digest=compilation.digest(),
        figures=headline_of(compilation),
    )
    return report


def children_states(
    uow: UnitOfWork, org: str, period: Period, structure: Structure
) -> dict[str, ReportState]:
    """Each child's report state, the children as the report's structure has them."""
    queries = queries_of(uow)
    children = queries.children(org, structure_day(structure, period, uow.today))
    return {child: state_in(uow, child, period, structure) for child in children}


def witnessed_head(uow: UnitOfWork) -> TreeHeadStamp:
    """The log's tree head now, signed into the witness directory when a signing key exists."""
    registry: Any = uow.registry
    head = current_head(registry)
    settings = registry.settings
    checkpoint = None
    if settings.signing_key_file.exists():
        checkpoint = checkpoints.write(settings, head, uow.now).name
    return TreeHeadStamp(head.size, head.position, head.root_hex, checkpoint)


def approve(
    uow: UnitOfWork, org: str, period: Period, structure: Structure, by: str, by_org: str
) -> Report:
    report = report_of(uow, org, period, structure)
    compilation = compiled(uow, org, period, structure)
    children = children_states(uow, org, period, structure)
    on = min(structure_day(structure, period, uow.today), uow.today)  # the day refusals name
    report.check_may_approve(by_org, compilation.digest(), children, on)
    head = witnessed_head(uow)
    report.approve(
        by=by,
        by_org=by_org,
        at=uow.now,
        position=head.position,
        tree_head=head,
        digest=compilation.digest(),
        figures=headline_of(compilation),
        children=children,
        on=on,
    )
    return report


def superiors_of(uow: UnitOfWork, org: str) -> list[str]:
    """Today's ancestors: who may act on the organization's report now."""
    return queries_of(uow).ancestors(org, uow.today)


def return_(
    uow: UnitOfWork,
    org: str,
    period: Period,
    structure: Structure,
    by: str,
    by_org: str,
    reason: str,
) -> Report:
    report = report_of(uow, org, period, structure)
    queries = queries_of(uow)
    day = structure_day(structure, period, uow.today)
    parents = queries.ancestors(org, day)
    parent = parents[0] if parents else None
    parent_state = None if parent is None else state_in(uow, parent, period, structure)
    on = min(day, uow.today)
    report.return_(
        by=by,
        by_org=by_org,
        reason=reason,
        superiors=superiors_of(uow, org),
        parent=parent,
        parent_state=parent_state,
        on=on,
        at=uow.now,
    )
    if parent is not None:
        # Written in the same unit of work: a return and the parent's approval run at once
        # conflict on the parent's stream instead of both being stored.
        report_of(uow, parent, period, structure).note_child_returned(
            child=org, by=by, by_org=by_org, reason=reason, on=on, at=uow.now
        )
    return report


def mark_not_reporting(
    uow: UnitOfWork,
    org: str,
    period: Period,
    structure: Structure,
    by: str,
    by_org: str,
    reason: str,
) -> Report:
    report = report_of(uow, org, period, structure)
    report.mark_not_reporting(
        by=by, by_org=by_org, reason=reason, superiors=superiors_of(uow, org), at=uow.now
    )
    return report
