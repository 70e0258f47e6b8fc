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

import heapq
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from domain.roll.values import OrgKind, probation_end
from domain.structure.reorganization import DISSOLVED, MERGED, SPLIT, day_before
from services.demo.dataset import legacy_units
from services.demo.dates import ICT, end_of_day, office_time
from services.demo.flows import Flows
from services.demo.history import DemoEvent, DemoProvince
from services.demo.seeding import load_events
from services.demo.simulation import Simulation
from services.demo.state import ON_ROLL, Draft, Person
from services.demo.units import (
    PROVINCE_CODE,
    CellInfo,
    OrgTree,
    build_tree,
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
REFORM_BY = "demo:reform"
DECISION = Decision("1-QĐ/TU", date(2025, 6, 16), PROVINCE_CODE)  # synthetic number
_TYPES = {"Phường": "PHUONG", "Xã": "XA", "Đặc khu": "DACKHU"}


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
        word = next(w for w in _TYPES if names[official].startswith(f"{w} "))
        short = names[official][len(word) + 1 :]
        code = f"{_TYPES[word]}-{slug(short)}-{official}"
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

Entries = list[tuple[str, int, dict[str, Any], str]]


class AfterReform(Simulation):
    """The simulation resumed from the rolls as loaded, in the new structure."""

    def __init__(self, cells: list[CellInfo], rng: random.Random, start: date, end: date) -> None:
        # The scale only sizes the initial rolls; here the rolls are those loaded.
        super().__init__(OrgTree((), tuple(cells)), rng, start, end, 1.0, None)

    def resume(self, persons: list[Person], readmittable: list[Person]) -> list[Draft]:
        """Put the people back on their rolls, then run the years from `start` to `end`."""
        flows = Flows(self)
        # People drawn from now on must not reuse a national ID of the first history.
        self.people._ids.update(p.national_id for p in persons)
        for person in persons:
            self.persons.append(person)
            if person.status in ON_ROLL and person.cell in self.rolls:
                self.rolls[person.cell].append(person)
                if person.status == "probationary" and person.ceremony is not None:
                    ends = probation_end(person.ceremony)
                    self.schedule(ends, "probation_end", (person, person.ceremony))
        self.readmittable.extend(readmittable)
        for year in range(self.start.year, self.end.year + 1):
            first, last = max(self.start, date(year, 1, 1)), min(self.end, date(year, 12, 31))
            self._plan_year(first, last)
            while self._heap and self._heap[0][0] <= last:
                day, _, _, kind, payload = heapq.heappop(self._heap)
                getattr(flows, kind)(day, *payload)
        return self.drafts

    def decision_no(self, decider: str, on: date) -> str:
        """Commune-level committees number their decisions "…-QĐ/ĐU" from 1 July 2025."""
        key = (decider, on.year)
        number = self._decisions.get(key, 300 if on.year == 2025 else 0) + self.rng.randint(1, 4)
        self._decisions[key] = number
        return f"{number}-QĐ/{'ĐU' if decider.startswith(tuple(_TYPES.values())) else 'ĐUK'}"


def rolls_as_loaded(province: DemoProvince) -> tuple[list[Person], list[Person]]:
    """Everyone of the first history as the registry holds them after loading it (corrections
    of attributes applied), and those who may be readmitted (struck off for another reason)."""
    retracted = {e.body["retracts_key"] for e in province.events if "retracts_key" in e.body}
    fixed: dict[str, dict[str, Any]] = {}
    for event in province.events:
        if event.body["type"] == "correction" and "member" in event.body["changes"]:
            fixed.setdefault(event.body["corrects_key"], {}).update(event.body["changes"]["member"])
    history: dict[str, Entries] = {}
    for index, event in enumerate(province.events):
        body = event.body
        if body["type"] in ("correction", "retraction") or body["id"] in retracted:
            continue
        body = {**body, "member": {**body["member"], **fixed.get(body["id"], {})}}
        history.setdefault(body["member"]["national_id"], []).append(
            (body["effective_on"], index, body, event.org)
        )
    persons, readmittable = [], []
    for entries in history.values():
        person, again = _replay(sorted(entries, key=lambda e: (e[0], e[1])))
        persons.append(person)
        if again:
            readmittable.append(person)
    return persons, readmittable


def _replay(entries: Entries) -> tuple[Person, bool]:
    """One person's state at the end of the first history; whether they may be readmitted."""
    profile: dict[str, Any] = {}
    for _, _, body, _ in entries:
        if len(body["member"]) > 1:
            profile = {**profile, **body["member"]}
    person = Person(profile, date.fromisoformat(profile["birth_date"]))
    readmittable = False
    for day_text, _, body, org in entries:
        day, kind = date.fromisoformat(day_text), body["type"]
        person.last_on = day
        if kind in ("admitted", "readmitted", "transferred_in"):
            person.cell, person.status = org, body.get("status", "probationary")
            person.ceremony = date.fromisoformat(body.get("admitted_on") or day_text)
            readmittable = False
        elif kind == "recognized":
            person.status = "official"
        elif kind == "transferred_out" and isinstance(body["to"], str):
            person.cell = body["to"]
        else:
            person.last_cell, person.cell, person.left_on = person.cell, None, day
            person.status = {"died": "dead", "admission_annulled": "annulled"}.get(kind, "left")
            readmittable = kind == "struck_off" and body.get("reason") == "other"
    return person, readmittable


def cells_after_reform() -> list[CellInfo]:
    """The demo's cells with their admissions decided by the new commune-level committees."""
    successor, seats = successor_of_commune(), seat_successors()
    cells = []
    for cell in build_tree().cells:
        if cell.commune is not None:
            new = successor[cell.commune]
        elif cell.district is not None and cell.district in seats:
            new = seats[cell.district]
        else:
            cells.append(cell)
            continue
        cells.append(replace(cell, decider=new, district=new))
    return cells


def generate_after_reform(
    province: DemoProvince,
    seed: int,
    today: date,
    start: date = REFORM_ON,
    not_before: datetime = RECORDED_AT,
    not_after: datetime | None = None,
) -> list[DemoEvent]:
    """Events from the day after `start` to `today`, entered after `not_before` and not after
    `not_after` (the real now: nothing is recorded in the future; deterministic otherwise)."""
    rng = random.Random(f"after-reform:{seed}")
    sim = AfterReform(cells_after_reform(), rng, start + timedelta(days=1), today)
    sim.resume(*rolls_as_loaded(province))
    return _stamp(sim.persons, rng, not_before, today, not_after)


def _stamp(
    persons: list[Person],
    rng: random.Random,
    floor: datetime,
    today: date,
    not_after: datetime | None = None,
) -> list[DemoEvent]:
    """Recording times after `floor`, in each person's order, none after `today` nor after
    `not_after`: an office time later today has not happened yet."""
    limit = end_of_day(today) if not_after is None else min(end_of_day(today), not_after)
    kept: list[Draft] = []
    for person in persons:
        previous = floor
        for draft in person.drafts:
            assert draft.effective is not None
            base = max(draft.effective, draft.not_before or draft.effective)
            natural = office_time(rng, min(base + timedelta(days=rng.randint(1, 20)), today), today)
            draft.recorded = max(natural, previous + timedelta(minutes=rng.randint(2, 90)))
            if draft.recorded > limit:
                break  # not entered yet: neither is anything later about this person
            kept.append(draft)
            previous = draft.recorded
    events: list[DemoEvent] = []
    last = floor
    for number, draft in enumerate(sorted(kept, key=lambda d: (d.recorded, d.seq)), start=1):
        assert draft.recorded is not None
        last = max(draft.recorded, last + timedelta(microseconds=1))
        events.append(DemoEvent(last, draft.org, {"id": f"demo-after-{number:06d}", **draft.body}))
    return events


def extend_demo(
    registry: Registry, province: DemoProvince, seed: int, today: date
) -> Iterator[str]:
    """Replay the reform on the loaded demo, then load its history up to `today`; yields lines."""
    if today < REFORM_ON:
        yield f"The 2025 reform is not replayed: today ({today.isoformat()}) is before 1 July 2025."
        return
    report = replay_reform(registry)
    if report.founded:
        yield (
            f"Reform of 1 July 2025 replayed in {report.seconds:.2f} s: {len(report.founded)} "
            f"commune-level committees founded, {report.moved} organizations moved, "
            f"{len(report.ended)} committees ended."
        )
    else:
        yield "The 2025 reform was already replayed."
    events = generate_after_reform(province, seed, today, not_after=registry.clock())
    if not events or registry.existing({registry.ids.client_key(events[0].body["id"])}):
        yield "The history after the reform is already loaded."
        return
    count = load_events(registry, events, REFORM_BY)
    yield f"Loaded {count} events from 2 July 2025 to {today.isoformat()} in the new structure."
