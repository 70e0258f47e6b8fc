"""The 2025 reform replayed on the demo province, then its history continued in the new structure.

From 1 July 2025 (QĐ 294-QĐ/TW, HD 31-HD/BTCTW) the district level is gone: the new commune-level
committees (đảng bộ xã, phường) are founded under the province, each the successor of the legacy
communes `vietnamadminunits` maps to it; every cell of a legacy commune moves under its successor
with its members (no member event is needed); the legacy communes' committees and the district
committees end on 30 June. The district's own grassroots cells (health centre, high school) move
to the commune-level committee of the district seat: the successor of its town (thị trấn), else
of the commune named like the district, else the successor that took most of its communes.
The replay is one decision of the province, applied in one transaction (or, for provinces too
big for one save, one transaction per district: see `replay_reform`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from domain.roll.values import OrgKind
from domain.structure.reorganization import DISSOLVED, MERGED, SPLIT, day_before
from services.demo.dataset import legacy_units
from services.demo.dates import ICT
from services.demo.recorders import REFORM_BY
from services.demo.units import (
    PROVINCE_CODE,
    commune_codes,
    district_code,
    slug,
    successor_links,
)
from services.registry import Registry
from services.roll.commands import Decision
from services.structure.reorganization import (
    NewOrganization,
    Reorganization,
    preload_subtree,
    running_plans,
)
from services.unit_of_work import UnitOfWork

REFORM_ON = date(2025, 7, 1)
RECORDED_AT = datetime(2025, 7, 1, 7, 45, tzinfo=ICT)
DECISION = Decision("1-QĐ/TU", date(2025, 6, 16), PROVINCE_CODE)  # synthetic number
UNIT_TYPES = {"Phường": "PHUONG", "Xã": "XA", "Đặc khu": "DACKHU"}


@dataclass(frozen=True)
class NewUnit:
    """A 2025 commune-level unit and the legacy communes (their committees' codes) it took over."""

    code: str
    name: str
    official_code: str
    legacy: tuple[str, ...]


@dataclass
class ReformReport:
    """What the replay did; `received` is each new committee's roll on the effective day."""

    founded: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    moved: int = 0
    received: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, other: ReformReport) -> None:
        self.founded += other.founded
        self.ended += other.ended
        self.moved += other.moved
        for code, count in other.received.items():
            self.received[code] = self.received.get(code, 0) + count


def new_units() -> list[NewUnit]:
    """The new commune-level committees with their real names and official codes, by code."""
    grouped: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for legacy_code, link in successor_links():
        grouped.setdefault(link.new_code, []).append(legacy_code)
        names[link.new_code] = link.new_name
    units = []
    for official, legacy in grouped.items():
        word = next(w for w in UNIT_TYPES if names[official].startswith(f"{w} "))
        short = names[official][len(word) + 1 :]
        code = f"{UNIT_TYPES[word]}-{slug(short)}-{official}"
        units.append(
            NewUnit(code, f"Đảng bộ {word.lower()} {short}", official, tuple(sorted(legacy)))
        )
    return sorted(units, key=lambda u: u.code)


def successor_of_commune() -> dict[str, str]:
    """Legacy commune committee code → new committee code (the default part when divided)."""
    by_official = {u.official_code: u.code for u in new_units()}
    found: dict[str, str] = {}
    for legacy_code, link in successor_links():
        if link.is_default or legacy_code not in found:
            found[legacy_code] = by_official[link.new_code]
    return found


def seat_successors() -> dict[str, str]:
    """District code → the new committee of its seat (see the module's docstring)."""
    districts, communes = legacy_units()
    codes, successor = commune_codes(), successor_of_commune()
    seats: dict[str, str] = {}
    for district in districts:
        mine = [c for c in communes if c.district_code == district.code]
        seat = [c for c in mine if c.type_word == "Thị trấn"] or [
            c for c in mine if c.short == district.short
        ]
        if seat:
            seats[district_code(district)] = successor[codes[seat[0].code]]
            continue
        counts = Counter(successor[codes[c.code]] for c in mine)
        seats[district_code(district)] = min(counts, key=lambda s: (-counts[s], s))
    return seats


def replay_reform(
    registry: Registry,
    effective_on: date = REFORM_ON,
    recorded_at: datetime = RECORDED_AT,
    *,
    per_district: bool = False,
) -> ReformReport:
    """Apply the 2025 reform to the demo province (nothing if already done).

    One unit of work, one transaction, by default. `per_district` splits it into one transaction
    founding the successors, then one per district (its communes, cells and end): a province of
    10,000 organizations writes more in one save than the PostgreSQL recorder can send at once.
    """
    units = new_units()
    started = time.perf_counter()
    if registry.existing({registry.ids.organization(units[0].code)}):
        return ReformReport()
    eve = day_before(effective_on)
    if not per_district:
        report = _apply(registry, effective_on, recorded_at, lambda step: reform(step, units))
    else:
        report = _apply(registry, effective_on, recorded_at, lambda step: found_units(step, units))
        province = registry.get_organization(PROVINCE_CODE)
        for district in districts_of(registry.get_organization, province.children_on(eve)):
            work = partial(reform_district, district=district, units=units)
            report.add(_apply(registry, effective_on, recorded_at, work))
    report.seconds = time.perf_counter() - started
    return report


def _apply(
    registry: Registry,
    effective_on: date,
    recorded_at: datetime,
    work: Callable[[Reorganization], None],
) -> ReformReport:
    """One transaction of the reform, recorded at `recorded_at`."""

    def change(uow: UnitOfWork) -> ReformReport:
        uow.now, uow.today = recorded_at, recorded_at.astimezone(ICT).date()
        step = Reorganization(uow, effective_on, DECISION, REFORM_BY, MERGED)
        work(step)
        out = step.outcome
        return ReformReport(out.founded, out.ended, len(out.moved), dict(out.received))

    return registry.run(change)


def districts_of(get: Callable[[str], Any], codes: list[str]) -> list[str]:
    return [c for c in sorted(codes) if get(c).org_kind == OrgKind.DISTRICT]


def reform(step: Reorganization, units: list[NewUnit]) -> None:
    """All of it at once: found the successors, hand each district over, end it."""
    preload_subtree(step.uow, PROVINCE_CODE, day_before(step.on))
    found_units(step, units)
    province = step.org(PROVINCE_CODE)
    for district in districts_of(step.org, province.children_on(day_before(step.on))):
        reform_district(step, district, units, preload=False)


def found_units(step: Reorganization, units: list[NewUnit]) -> None:
    """The new commune-level committees, under the province from the effective day."""
    step.uow.prefetch_absence({step.uow.ids.organization(u.code) for u in units})
    for unit in units:
        step.found(NewOrganization(unit.code, unit.name, OrgKind.COMMUNE_LEVEL, PROVINCE_CODE))


def reform_district(
    step: Reorganization, district: str, units: list[NewUnit], preload: bool = True
) -> None:
    """A district's communes merged into their successors, its own cells moved to its seat's
    successor, its plans carried, then the district ended; successors note their predecessors."""
    if preload:
        preload_subtree(step.uow, district, day_before(step.on))
    successor, seat = successor_of_commune(), seat_successors()[district]
    parts: dict[str, list[str]] = {}
    for legacy_code, link in successor_links():
        parts.setdefault(legacy_code, []).append(link.new_code)
    by_official = {u.official_code: u.code for u in units}
    received = dict(step.outcome.received)
    communes = sorted(step.org(district).children_on(step.on))
    handed: dict[str, list[str]] = {}
    for commune in (c for c in communes if c in successor):
        into = successor[commune]
        before = step.outcome.received.get(into, 0)
        step.hand_over(commune, MERGED, lambda _m, s=into: s, lambda _c, s=into: s)
        heirs = sorted({by_official[p] for p in parts[commune]})
        step.end(commune, SPLIT if len(heirs) > 1 else MERGED, heirs)
        step.carry_quotas(commune, {into: step.outcome.received.get(into, 0) - before})
        for heir in heirs:
            handed.setdefault(heir, []).append(commune)
    for cell in sorted(step.org(district).children_on(step.on)):
        step.move(cell, seat, DISSOLVED)
    gained = {s: n - received.get(s, 0) for s, n in step.outcome.received.items()}
    heirs = sorted(s for s, n in gained.items() if n or s == seat)
    covered = {p["period"] for c in communes for p in running_plans(step.org(c), step.on)}
    step.carry_quotas(district, {s: gained.get(s, 0) for s in heirs}, exclude=covered)
    step.end(district, DISSOLVED, heirs)
    for heir, predecessors in sorted(handed.items()):
        step.succeed(heir, predecessors, MERGED)


# -- the history after the reform ---------------------------------------------------------------
