"""Discrete-event simulation of the rolls (danh sách đảng viên): every drafted event obeys the rules.

Random flows are drawn per cell and year, then applied in effective-date order to whoever is
eligible at that moment; scheduled items (end of probation) come before random ones on the
same day, and a person never has two events on one day.
"""

from __future__ import annotations

import heapq
import itertools
import random
from datetime import date, timedelta
from typing import Any

from domain.roll.values import add_months, probation_end
from services.demo.dates import age_on, ceremony_day, random_day
from services.demo.flows import Flows
from services.demo.people import PersonFactory
from services.demo.state import ON_ROLL, Draft, Person, Story, poisson
from services.demo.units import CellInfo, OrgTree

# Yearly rates per member on the roll; admissions and arrivals also reach small cells.
RATES = {
    "admit": 0.034,
    "arrive": 0.012,
    "die": 0.010,
    "move": 0.015,
    "leave": 0.010,
    "strike": 0.003,
    "expel": 0.0005,
    "annul": 0.0004,
}
READMIT_PER_YEAR = 0.12
_CHECKPOINT, _SCHEDULED, _RANDOM = 0, 1, 2
_SIZES = {  # initial roll of a cell at scale 1, by role (residential also by area)
    "urban": (8, 22),
    "lowland": (8, 20),
    "highland": (6, 14),
    "school": (5, 12),
    "health": (4, 8),
    "military": (4, 8),
    "police": (4, 9),
    "agency": (15, 35),
}


class Simulation:
    """Replays a province's membership year by year and drafts the events it produces."""

    def __init__(
        self,
        tree: OrgTree,
        rng: random.Random,
        start: date,
        end: date,
        scale: float,
        story: Story | None,
    ) -> None:
        self.rng, self.start, self.end, self.scale, self.story = rng, start, end, scale, story
        self.cells = {c.code: c for c in tree.cells}
        self.rolls: dict[str, list[Person]] = {c.code: [] for c in tree.cells}
        self.by_district: dict[str | None, list[str]] = {}
        for cell in tree.cells:
            self.by_district.setdefault(cell.district, []).append(cell.code)
        self.story_cells = [c.code for c in tree.cells if story and c.commune == story.commune]
        self.people = PersonFactory(rng)
        self.persons: list[Person] = []
        self.drafts: list[Draft] = []
        self.readmittable: list[Person] = []
        self._heap: list[tuple[date, int, int, str, tuple[Any, ...]]] = []
        self._seq = itertools.count()  # orders heap items scheduled for the same day
        self.numbers = itertools.count()  # identifies drafts, including those added later
        self._decisions: dict[tuple[str, int], int] = {}

    # -- driving ----------------------------------------------------------------------

    def run(self) -> list[Draft]:
        """Seed the existing roll, then apply each year's flows; returns the drafts in order."""
        flows = Flows(self)
        for cell in self.cells.values():
            for _ in range(self._initial_size(cell)):
                flows.seed_member(cell)
        for year in range(self.start.year, self.end.year + 1):
            first, last = max(self.start, date(year, 1, 1)), min(self.end, date(year, 12, 31))
            self._plan_year(first, last)
            if self.story and first <= self.story.checkpoint <= last:
                self.push(self.story.checkpoint, "checkpoint", (), priority=_CHECKPOINT)
            while self._heap and self._heap[0][0] <= last:
                day, _, _, kind, payload = heapq.heappop(self._heap)
                getattr(flows, kind)(day, *payload)
        return self.drafts

    def push(self, day: date, kind: str, payload: tuple[Any, ...], priority: int = _RANDOM) -> None:
        heapq.heappush(self._heap, (day, priority, next(self._seq), kind, payload))

    def schedule(self, day: date, kind: str, payload: tuple[Any, ...]) -> None:
        self.push(day, kind, payload, priority=_SCHEDULED)

    def _plan_year(self, first: date, last: date) -> None:
        share = ((last - first).days + 1) / 365
        steered = self.story is not None and first < self.story.checkpoint
        if steered:
            self._steer_story(first, last)
        for code, roll in self.rolls.items():
            size = len(roll)
            for kind, rate in RATES.items():
                if steered and kind == "admit" and code in self.story_cells:
                    continue
                base = max(size, 2) if kind in ("admit", "arrive") else size
                for _ in range(poisson(self.rng, rate * base * share)):
                    pick = ceremony_day if kind == "admit" else random_day
                    self.push(pick(self.rng, first, last), kind, (code,))
        for person in self.readmittable:
            earliest = add_months(person.left_on or first, 36) + timedelta(days=45)
            if earliest <= last and self.rng.random() < READMIT_PER_YEAR * share:
                self.push(random_day(self.rng, max(first, earliest), last), "readmit", (person,))

    def _steer_story(self, first: date, last: date) -> None:
        """Admit in the story commune what keeps it on course to its count at the checkpoint."""
        # Transfers and deaths make the roll drift; steering admissions year by year keeps the
        # correction made at the checkpoint to a few people whatever the seed.
        assert self.story is not None
        horizon = min(last, self.story.checkpoint - timedelta(days=1))
        span = ((horizon - first).days + 1) / 365.25
        remaining = (self.story.checkpoint - first).days / 365.25
        size = sum(len(self.rolls[c]) for c in self.story_cells)
        # Aim a little low: topping up with a few admissions reads better than removals.
        gap = self.story.count_before - 2 - size
        wanted = gap * span / remaining + RATES["admit"] * size * span
        count = min(max(0, round(wanted)), round(0.1 * size * span) + 3)
        villages = [c for c in self.story_cells if self.cells[c].role == "residential"]
        for _ in range(count):
            code = self.rng.choice(villages if self.rng.random() < 0.8 else self.story_cells)
            self.push(ceremony_day(self.rng, first, horizon), "admit", (code,))

    def _initial_size(self, cell: CellInfo) -> int:
        if cell.code in self.story_cells:
            return self._story_share(cell.code)
        low, high = _SIZES[cell.area if cell.role == "residential" else cell.role]
        return max(1, round(self.rng.randint(low, high) * self.scale))

    def _story_share(self, code: str) -> int:
        """Split the story commune's initial roll over its cells, villages larger (deterministic)."""
        assert self.story is not None
        weights = [3 if self.cells[c].role == "residential" else 1 for c in self.story_cells]
        index = self.story_cells.index(code)
        before = sum(weights[:index]) * self.story.initial // sum(weights)
        upto = sum(weights[: index + 1]) * self.story.initial // sum(weights)
        return upto - before

    # -- state queries used by the flows --------------------------------------------------

    def frozen(self, cell: str, day: date) -> bool:
        """Whether the story commune's roll must not change on this day through this cell."""
        story = self.story
        return (
            story is not None
            and story.checkpoint <= day <= story.until
            and (cell in self.story_cells)
        )

    def eligible(self, cell: str, day: date, status: str | None = None) -> list[Person]:
        return [
            p
            for p in self.rolls[cell]
            if not p.locked and p.last_on < day and (status is None or p.status == status)
        ]

    def destination(self, origin: str, day: date) -> str | None:
        """A cell to move to: mostly in the same district, sometimes anywhere or an agency."""
        district = self.cells[origin].district
        draw = self.rng.random()
        pool = self.by_district[district] if draw < 0.5 else self.by_district[None]
        if 0.5 <= draw < 0.8:
            pool = self.by_district[self.rng.choice(sorted(k for k in self.by_district if k))]
        for _ in range(20):
            code = self.rng.choice(pool)
            if code != origin and not self.frozen(code, day):
                return code
        return None

    def decision_no(self, decider: str, on: date) -> str:
        """Sequential numbers per deciding committee and year, e.g. "125-QĐ/HU"."""
        key = (decider, on.year)
        number = self._decisions.get(key, 0) + self.rng.randint(1, 4)
        self._decisions[key] = number
        suffix = {"H": "HU", "TX": "TU", "TP": "TU"}.get(decider.split("-")[0], "ĐUK")
        return f"{number}-QĐ/{suffix}"

    # -- recording state changes ------------------------------------------------------------

    def emit(
        self,
        person: Person,
        day: date,
        org: str,
        body: dict[str, Any],
        initial: bool = False,
        not_before: date | None = None,
    ) -> Draft:
        body = {**body, "effective_on": day.isoformat()}
        draft = Draft(next(self.numbers), org, body, person, day, initial, not_before)
        person.drafts.append(draft)
        person.last_on = day
        self.drafts.append(draft)
        return draft

    def join(self, person: Person, cell: str, status: str, ceremony: date | None) -> None:
        person.cell, person.status, person.ceremony = cell, status, ceremony
        self.rolls[cell].append(person)
        if status == "probationary" and ceremony is not None:
            self.schedule(probation_end(ceremony), "probation_end", (person, ceremony))

    def leave(self, person: Person, day: date, status: str) -> None:
        assert person.cell is not None and person.status in ON_ROLL
        self.rolls[person.cell].remove(person)
        person.last_cell, person.cell = person.cell, None
        person.status, person.left_on = status, day

    def age_ok_for_admission(self, person: Person, decision_on: date) -> bool:
        return 18 <= age_on(person.birth, decision_on) < 60
