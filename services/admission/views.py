"""Views of the admission pipeline: pure functions over a list of dossiers.

They read nothing themselves: `services.admission.pipeline.scope(registry, code)` gathers the dossiers of
a subtree (from the dossier read model) and the service target of each cell; the web pages, the API
and the CLI pass them here. They take any dossier that reads as the domain's `DossierState`: the
aggregate (`Dossier`) or a row of the read model (`DossierRecord`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.admission.deadlines import DUE_SOON_DAYS, Deadline, decision_deadline, running_deadlines
from domain.admission.dossier import CLOSED_STAGES, PATH, Dossier, Stage, Step
from domain.admission.settings import ServiceTarget
from domain.admission.state import DossierState
from domain.admission.workdays import WorkCalendar
from projections.admission.record import DossierRecord

OPEN_STAGES = [s for s in Stage if s not in CLOSED_STAGES]
SUBMITTED = (Stage.AWAITING_COMMITTEE, Stage.AWAITING_DECISION)
Targets = Mapping[str, ServiceTarget | None]


@dataclass(frozen=True)
class DeadlineRow:
    """One running deadline of one dossier, for the lists."""

    dossier_id: UUID
    cell: str
    candidate: str
    stage: Stage
    deadline: Deadline
    days_left: int


@dataclass(frozen=True)
class DeadlineLists:
    overdue: list[DeadlineRow]  # most overdue first
    due_soon: list[DeadlineRow]  # soonest first


@dataclass(frozen=True)
class StepAverage:
    """How long dossiers took to reach a step from the step before it on their path."""

    step: Step
    count: int
    mean_days: float
    mean_working_days: float


@dataclass(frozen=True)
class AgendaItem:
    """A dossier ready for the competent body's review meeting."""

    dossier_id: UUID
    cell: str
    candidate: str
    ready_on: date
    decision_due_on: date
    days_waiting: int


@dataclass(frozen=True)
class PlanForecast:
    plan: str
    target: int
    forecast: int
    percent: float
    gap: int  # missing to reach the target (0 when reached)


@dataclass(frozen=True)
class Forecast:
    """Quota forecast: admitted so far + decided awaiting ceremony + in the pipeline."""

    admitted: int
    awaiting_ceremony: int
    awaiting_decision: int  # the cell has resolved: at the committee or the competent body
    preparing: int  # on the source list or preparing papers (not counted in `forecast`)
    suspended: int
    forecast: int
    forecast_with_preparing: int
    plans: list[PlanForecast] = field(default_factory=list)


def stage_counts(dossiers: Iterable[DossierState]) -> dict[str, dict[Stage, int]]:
    """Dossiers by stage for each cell, and for all of them under the key "total"."""
    table: dict[str, Counter[Stage]] = defaultdict(Counter)
    for dossier in dossiers:
        table[dossier.cell][dossier.stage] += 1
        table["total"][dossier.stage] += 1
    table.setdefault("total", Counter())
    return {cell: {s: counts[s] for s in Stage} for cell, counts in sorted(table.items())}


def deadline_lists(
    dossiers: Iterable[DossierState],
    today: date,
    calendar: WorkCalendar,
    targets: Targets | None = None,
    within: int = DUE_SOON_DAYS,
) -> DeadlineLists:
    """Overdue deadlines, and those due within `within` calendar days (today included)."""
    overdue: list[DeadlineRow] = []
    due_soon: list[DeadlineRow] = []
    for dossier in dossiers:
        target = (targets or {}).get(dossier.cell)
        for deadline in running_deadlines(dossier, calendar, target):
            row = DeadlineRow(
                dossier.id,
                dossier.cell,
                dossier.candidate_data["full_name"],
                dossier.stage,
                deadline,
                deadline.days_left(today),
            )
            if deadline.is_overdue(today):
                overdue.append(row)
            elif deadline.is_due_soon(today, within):
                due_soon.append(row)
    overdue.sort(key=lambda r: (r.deadline.due_on, r.cell, r.candidate))
    due_soon.sort(key=lambda r: (r.deadline.due_on, r.cell, r.candidate))
    return DeadlineLists(overdue, due_soon)


def path_dates(dossier: DossierState) -> list[tuple[Step, date]]:
    """The dossier's main-path steps with their (latest) dates, in path order."""
    dated = [(step, dossier.date_of(step)) for step in PATH]
    return [(step, on) for step, on in dated if on is not None]


def average_days(dossiers: Iterable[DossierState], calendar: WorkCalendar) -> list[StepAverage]:
    """Average time to reach each step from the previous step done, in days and working days."""
    spans: dict[Step, list[tuple[int, int]]] = defaultdict(list)
    for dossier in dossiers:
        previous: date | None = None
        for step, on in path_dates(dossier):
            if previous is not None:
                start = min(previous, on)
                spans[step].append(((on - start).days, calendar.count(start, on)))
            previous = on if previous is None else max(previous, on)
    return [
        StepAverage(
            step,
            len(spans[step]),
            round(sum(d for d, _ in spans[step]) / len(spans[step]), 1),
            round(sum(w for _, w in spans[step]) / len(spans[step]), 1),
        )
        for step in PATH
        if spans.get(step)
    ]


def review_agenda(
    dossiers: Iterable[DossierState], today: date, calendar: WorkCalendar, limit: int | None = None
) -> list[AgendaItem]:
    """Dossiers ready for the competent body (awaiting its decision), oldest first."""
    items = [
        AgendaItem(
            dossier.id,
            dossier.cell,
            dossier.candidate_data["full_name"],
            ready,
            decision_deadline(dossier, calendar).due_on,
            (today - ready).days,
        )
        for dossier in dossiers
        if dossier.stage == Stage.AWAITING_DECISION
        and (ready := dossier.ready_for_decision_on) is not None
    ]
    items.sort(key=lambda i: (i.ready_on, i.cell, i.candidate))
    return items[:limit] if limit is not None else items


def quota_forecast(
    dossiers: Iterable[DossierState], admitted: int, plans: Mapping[str, int] | None = None
) -> Forecast:
    """Admitted so far (from the roll) + decided awaiting ceremony + cell-resolved dossiers."""
    stages = Counter(d.stage for d in dossiers)
    awaiting_ceremony = stages[Stage.AWAITING_CEREMONY]
    awaiting_decision = sum(stages[s] for s in SUBMITTED)
    preparing = stages[Stage.SOURCE_LIST] + stages[Stage.PREPARING]
    forecast = admitted + awaiting_ceremony + awaiting_decision
    return Forecast(
        admitted=admitted,
        awaiting_ceremony=awaiting_ceremony,
        awaiting_decision=awaiting_decision,
        preparing=preparing,
        suspended=stages[Stage.SUSPENDED],
        forecast=forecast,
        forecast_with_preparing=forecast + preparing,
        plans=[
            PlanForecast(
                name,
                target,
                forecast,
                round(100 * forecast / target, 1) if target else 0.0,
                max(0, target - forecast),
            )
            for name, target in (plans or {}).items()
        ],
    )


def describe(
    dossier: Dossier | DossierRecord,
    today: date,
    calendar: WorkCalendar,
    target: ServiceTarget | None = None,
) -> dict[str, Any]:
    """A dossier as plain values (for the API's DossierSchema and the CLI)."""
    return {
        "id": dossier.id,
        "cell": dossier.cell,
        "candidate": dossier.candidate_data,
        "readmission": dossier.readmission,
        "stage": dossier.stage.value,
        "opened_on": dossier.opened_on,
        "steps": [
            {k: v for k, v in record.items() if k != "recorded_at"} for record in dossier.log
        ],
        "next_steps": [s.value for s in dossier.next_steps()],
        "deadlines": [
            {
                "kind": d.kind.value,
                "starts_on": d.starts_on,
                "due_on": d.due_on,
                "days_left": d.days_left(today),
                "overdue": d.is_overdue(today),
                "basis": d.basis,
            }
            for d in running_deadlines(dossier, calendar, target)
        ],
        "version": dossier.version,
    }
