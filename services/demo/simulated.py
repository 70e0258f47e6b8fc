"""The shape of the simulation the flows run in (services/demo/flows.py).

`services.demo.simulation.Simulation` runs the flows and the flows call back into it; naming its
shape here, not its module, keeps the two out of an import circle.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any, Protocol

from services.demo.people import PersonFactory
from services.demo.state import Draft, Person, Story
from services.demo.units import CellInfo


class Simulation(Protocol):
    """What the flows read and call of services.demo.simulation.Simulation, which runs them (so
    this module names its shape, not its module: no import circle)."""

    rng: random.Random
    start: date
    end: date
    story: Story | None
    cells: dict[str, CellInfo]
    rolls: dict[str, list[Person]]
    story_cells: list[str]
    people: PersonFactory
    persons: list[Person]
    readmittable: list[Person]

    def frozen(self, cell: str, day: date) -> bool: ...

    def eligible(self, cell: str, day: date, status: str | None = None) -> list[Person]: ...

    def destination(self, origin: str, day: date) -> str | None: ...

    def decision_no(self, decider: str, on: date) -> str: ...

    def emit(
        self,
        person: Person,
        day: date,
        org: str,
        body: dict[str, Any],
        initial: bool = False,
        not_before: date | None = None,
    ) -> Draft: ...

    def join(self, person: Person, cell: str, status: str, ceremony: date | None) -> None: ...

    def leave(self, person: Person, day: date, status: str) -> None: ...

    def age_ok_for_admission(self, person: Person, decision_on: date) -> bool: ...

    def push(self, day: date, kind: str, payload: tuple[Any, ...], priority: int = ...) -> None: ...

    def schedule(self, day: date, kind: str, payload: tuple[Any, ...]) -> None: ...
