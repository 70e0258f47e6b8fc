"""The demo's history after the 2025 reform: the simulation resumed in the new structure.

The rolls are rebuilt from the first history as loaded (corrections applied, retractions
dropped), the cells' admissions are decided by the new commune-level committees, and the years
from 2 July 2025 to today are simulated and stamped with recording times that never lie in the
future. `extend_demo` replays the reform (services/demo/reform.py) and then loads this history.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from domain.roll.values import probation_end
from services.demo.dates import end_of_day, office_time
from services.demo.flows import Flows
from services.demo.history import DemoEvent, DemoProvince
from services.demo.reform import (
    RECORDED_AT,
    REFORM_BY,
    REFORM_ON,
    UNIT_TYPES,
    replay_reform,
    seat_successors,
    successor_of_commune,
)
from services.demo.seeding import load_events
from services.demo.simulation import Simulation
from services.demo.state import ON_ROLL, Draft, Person
from services.demo.units import (
    CellInfo,
    OrgTree,
    build_tree,
)
from services.registry import Registry

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
        return f"{number}-QĐ/{'ĐU' if decider.startswith(tuple(UNIT_TYPES.values())) else 'ĐUK'}"


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
    registry: Registry,
    province: DemoProvince,
    seed: int,
    today: date,
    progress: Callable[[int], None] | None = None,
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
    count = load_events(registry, events, REFORM_BY, progress=progress)
    yield f"Loaded {count} events from 2 July 2025 to {today.isoformat()} in the new structure."
