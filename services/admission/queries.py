"""Reads of the admission pipeline: dossiers of a subtree or a person, settings, counts.

Lists of a subtree (`dossiers_of`, `scope`, `forecast`) answer from the dossier read model
(projections.admission): one SQL read as of a day and as known at an instant, on the
organization tree of the read side. One dossier (`get_dossier`, `as_it_stood`) and a person's
dossiers are still loaded from the stored aggregates. The views in services/admission/views.py
turn what they return into lists and tables.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.admission.dossier import Dossier, DossierIndex
from domain.admission.settings import EffectiveSettings, ServiceTarget
from domain.admission.workdays import WorkCalendar, default_calendar
from domain.errors import NotFound
from domain.roll.history import effective
from domain.roll.values import EventType
from projections.admission.reads import dossiers_in
from projections.admission.record import DossierRecord
from projections.queries import Queries
from projections.store.timecodec import to_us
from services.admission.facts import (
    competent_in,
    person_index_id,
    settings_in,
)
from services.admission.views import Forecast, quota_forecast
from services.registry import Registry
from services.unit_of_work import UnitOfWork

T = TypeVar("T", bound=Aggregate)


def stored(registry: Registry, aggregate_id: UUID, cls: type[T]) -> T | None:
    """An aggregate as stored, or None when there is none of that class."""
    try:
        aggregate: Aggregate = registry.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None
    return aggregate if isinstance(aggregate, cls) else None


def get_dossier(registry: Registry, dossier_id: UUID) -> Dossier:
    """A dossier by id (NotFound when there is none)."""
    dossier = stored(registry, dossier_id, Dossier)
    if dossier is None:
        raise NotFound("dossier", dossier_id)
    return dossier


def read_side(registry: Registry) -> Queries:
    """The read side of this registry, one per registry (it keeps the organization tree)."""
    found: Queries | None = getattr(registry, "_read_side", None)
    if found is None:
        found = Queries(registry.settings, clock=registry.clock)
        registry._read_side = found  # type: ignore[attr-defined]
    return found


def dossiers_of(
    registry: Registry, code: str, on: date | None = None, known_at: datetime | None = None
) -> list[DossierRecord]:
    """Every dossier kept in an organization's subtree (as the tree stands on `on`), as it
    stood at the end of that day as known at `known_at` (default now), from the read model:
    one opened later is left out, later steps are not shown (as `as_it_stood` cuts one)."""
    day = on or registry.today()
    queries = read_side(registry)
    orgs = queries.subtree(code, day)
    return dossiers_in(queries.engine, orgs, day, to_us(known_at or registry.clock()))


def as_it_stood(dossier: Dossier, day: date) -> Dossier | None:
    """The dossier as it stood at the end of a day: only the steps dated up to it (None when
    it was opened later). A read-only copy: it is never saved."""
    if dossier.opened_on > day:
        return None
    kept = [record for record in dossier.log if record["on"] <= day]
    if len(kept) == len(dossier.log):
        return dossier
    then = copy.copy(dossier)
    then.log = kept
    # One event per record: the version too is the one it had then.
    then._version = dossier.version - (len(dossier.log) - len(kept))
    return then


def dossiers_of_person(registry: Registry, national_id: str) -> list[Dossier]:
    """Every dossier of one person, oldest first."""
    index = stored(registry, person_index_id(registry.ids, national_id), DossierIndex)
    return [get_dossier(registry, i) for i in index.dossier_ids] if index else []


def settings_for(registry: Registry, cell: str, on: date | None = None) -> EffectiveSettings:
    """The pipeline settings that apply to a cell."""
    return settings_in(UnitOfWork(registry), cell, on or registry.today())


def competent_for(registry: Registry, cell: str, on: date) -> list[str]:
    """Codes of the bodies competent to decide admissions from a cell on a day."""
    return competent_in(UnitOfWork(registry), cell, on)


def admitted_count(
    registry: Registry,
    code: str,
    year: int,
    as_of: date | None = None,
    keep: Callable[[str, date], bool] | None = None,
) -> int:
    """Admissions and readmissions on the rolls of a subtree in a year, by ceremony date
    (with `keep`, only those it accepts by organization and day: the reader's reach)."""
    day = as_of or registry.today()
    start, end = date(year, 1, 1), min(day, date(year, 12, 31))
    kinds = {EventType.ADMITTED.value, EventType.READMITTED.value}
    return sum(
        1
        for org in registry.subtree(code, day)
        for entry in effective(org.entries)
        if entry.type in kinds
        and start <= entry.effective_on <= end
        and (keep is None or keep(org.code, entry.effective_on))
    )


def yearly_plans(registry: Registry, code: str, year: int) -> dict[str, int]:
    """The organization's admission targets for a year, by who assigned them (latest wins)."""
    plans: dict[str, int] = {}
    for quota in getattr(registry.get_organization(code), "quotas", []):
        if quota["period"] == str(year):
            plans[f"{quota['assigned_by']} giao {year}"] = quota["target"]
    return plans


def forecast(
    registry: Registry,
    code: str,
    year: int | None = None,
    plans: dict[str, int] | None = None,
    as_of: date | None = None,
    keep: Callable[[str, date], bool] | None = None,
) -> Forecast:
    """Quota forecast for a subtree against its plans for the year (its own quotas by default);
    `keep` filters the admissions counted (see admitted_count)."""
    day = as_of or registry.today()
    chosen = year or day.year
    return quota_forecast(
        dossiers_of(registry, code, day),
        admitted_count(registry, code, chosen, day, keep),
        yearly_plans(registry, code, chosen) if plans is None else plans,
    )


def workdays_calendar() -> WorkCalendar:
    return default_calendar()


@dataclass(frozen=True)
class Scope:
    """The dossiers of a subtree with what the views need to read them."""

    dossiers: list[DossierRecord]
    targets: dict[str, ServiceTarget | None]
    today: date


def scope(registry: Registry, code: str, today: date | None = None) -> Scope:
    """Dossiers of a subtree and the service target of each of their cells."""
    day = today or registry.today()
    dossiers = dossiers_of(registry, code, day)
    uow = UnitOfWork(registry)
    cells = {d.cell for d in dossiers}
    targets = {cell: settings_in(uow, cell, day).service_target for cell in cells}
    return Scope(dossiers, targets, day)
