"""The demo province's synthetic history: import/API event bodies in recording order.

Deterministic from the seed (one `random.Random`, never the clock). The history obeys the
registry's rules by construction and reproduces Thanh Yên's published figures exactly: 311
members on 1 January 2021, 12 admissions in 2021, 323 members on 5 October 2021.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from services.demo.foundings import dated
from services.demo.noise import CORRECTION_SHARE, RETRACTION_SHARE, corrections, retractions
from services.demo.recording import record
from services.demo.simulation import Simulation
from services.demo.state import Draft, Story
from services.demo.units import OrgSpec, build_tree

# The last day of the district level (QĐ 294-QĐ/TW): the legacy tree is valid up to here.
DEMO_TODAY = date(2025, 6, 30)
_INTAKES = ("admitted", "readmitted", "transferred_in")


@dataclass(frozen=True)
class DemoEvent:
    """One event as the import would send it: to `org`, entered at `recorded_at`."""

    recorded_at: datetime
    org: str
    body: dict[str, Any]


@dataclass(frozen=True)
class DemoProvince:
    """The organizations to found and the events to replay, in recording order."""

    orgs: list[OrgSpec]
    events: list[DemoEvent]
    today: date


def generate(
    seed: int = 2021, start: date = date(2015, 1, 1), end: date = DEMO_TODAY, scale: float = 1.0
) -> DemoProvince:
    """Generate the demo province; `end` is "today" (no event takes effect or is entered later)."""
    tree = build_tree()
    rng = random.Random(seed)
    # Thanh Yên's figures can only be reproduced when the history spans the story's window.
    story = Story() if start <= Story.checkpoint and Story.until <= end else None
    sim = Simulation(tree, rng, start, end, scale, story)
    sim.run()
    kept = record(sim.persons, rng, start, end)
    avoid = set(sim.story_cells)
    mistakes = retractions(
        sim.persons, rng, end, max(2, round(len(kept) * RETRACTION_SHARE)), sim.numbers, avoid
    )
    fixed = corrections(
        kept,
        rng,
        end,
        round(len(kept) * CORRECTION_SHARE),
        sim.numbers,
        sim.people,
        {d.person for d in mistakes if d.person},
    )
    events = _finish([*kept, *mistakes, *fixed])
    return DemoProvince(dated(tree.orgs, events, seed), events, end)


def _finish(drafts: list[Draft]) -> list[DemoEvent]:
    """Order by recording time (strictly increasing), give client keys, resolve references."""
    ordered = sorted(drafts, key=lambda d: (d.recorded, d.seq))
    keys: dict[int, str] = {}
    events: list[DemoEvent] = []
    previous: datetime | None = None
    for number, draft in enumerate(ordered, start=1):
        assert draft.recorded is not None
        moment = draft.recorded
        if previous is not None and moment <= previous:
            moment = previous + timedelta(microseconds=1)
        previous = moment
        keys[draft.seq] = key = f"demo-{number:06d}"
        body = {"id": key, **draft.body}
        if draft.ref is not None:
            field = "corrects_key" if body["type"] == "correction" else "retracts_key"
            body = {"id": key, "type": body["type"], field: keys[draft.ref.seq], **draft.body}
        events.append(DemoEvent(moment, draft.org, body))
    return events


def roll_count(province: DemoProvince, org_code: str, as_of: date) -> int:
    """Members on the rolls of `org_code`'s subtree on `as_of`, by naive replay of the bodies."""
    children: dict[str | None, list[str]] = {}
    for org in province.orgs:
        children.setdefault(org.parent, []).append(org.code)
    subtree: set[str] = set()
    stack = [org_code]
    while stack:
        code = stack.pop()
        subtree.add(code)
        stack.extend(children.get(code, []))
    retracted = {e.body["retracts_key"] for e in province.events if "retracts_key" in e.body}
    history: dict[str, list[tuple[str, int, DemoEvent]]] = {}
    for index, event in enumerate(province.events):
        body = event.body
        if body["type"] in ("correction", "retraction") or body["id"] in retracted:
            continue
        if body["effective_on"] <= as_of.isoformat():
            history.setdefault(body["member"]["national_id"], []).append(
                (body["effective_on"], index, event)
            )
    count = 0
    for entries in history.values():
        cell: str | None = None
        for _, _, event in sorted(entries, key=lambda e: (e[0], e[1])):
            kind = event.body["type"]
            if kind in _INTAKES:
                cell = event.org
            elif kind == "transferred_out" and isinstance(event.body["to"], str):
                cell = event.body["to"]
            elif kind != "recognized":
                cell = None
        count += cell in subtree
    return count
