"""When each drafted event is entered into the registry (thời điểm ghi sổ).

Effective dates come from the simulation; recording times follow office practice: the existing
roll is keyed in as a batch in early 2015, later events a few days after they take effect, some
months late. Each person's events are entered in the order they took effect, so the registry
never sees a later fact before an earlier one about the same person.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from services.demo.dates import ICT, end_of_day, office_time
from services.demo.state import Draft, Person

LATE_SHARE = 0.02
_BATCH_FIRST, _BATCH_LAST = (1, 5), (3, 31)  # Jan 5 - Mar 31 of the start year


def record(persons: list[Person], rng: random.Random, start: date, end: date) -> list[Draft]:
    """Stamp every draft with a recording time; drop what would be recorded after `end`."""
    _stamp_initial_batch(persons, rng, start)
    limit = end_of_day(end)
    kept: list[Draft] = []
    for person in persons:
        previous: datetime | None = None
        for draft in person.drafts:
            if not draft.initial:
                draft.recorded = _natural_time(draft, rng, end)
            assert draft.recorded is not None
            if previous is not None and draft.recorded <= previous:
                draft.recorded = previous + timedelta(minutes=rng.randint(2, 90))
            if draft.recorded > limit:
                # Not yet entered "today": neither is anything that follows for this person.
                del person.drafts[person.drafts.index(draft) :]
                break
            kept.append(draft)
            previous = draft.recorded
    return kept


def _stamp_initial_batch(persons: list[Person], rng: random.Random, start: date) -> None:
    """The existing roll is keyed in cell by cell, minutes apart, on working days of Q1."""
    by_cell: dict[str, list[Draft]] = {}
    for person in persons:
        for draft in person.drafts:
            if draft.initial:
                by_cell.setdefault(draft.org, []).append(draft)
    first = date(start.year, *_BATCH_FIRST)
    last = date(start.year, *_BATCH_LAST)
    workdays = [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).weekday() < 5
    ]
    for code in sorted(by_cell, key=lambda c: (rng.random(), c)):
        day = rng.choice(workdays)
        moment = datetime(day.year, day.month, day.day, 8, rng.randint(0, 59), tzinfo=ICT)
        for draft in sorted(by_cell[code], key=lambda d: d.seq):
            moment += timedelta(seconds=rng.randint(40, 180))
            draft.recorded = moment


def _natural_time(draft: Draft, rng: random.Random, end: date) -> datetime:
    assert draft.effective is not None
    base = max(draft.effective, draft.not_before or draft.effective)
    late = rng.random() < LATE_SHARE
    lag = rng.randint(60, 240) if late else rng.randint(1, 20)
    return office_time(rng, min(base + timedelta(days=lag), end), latest=end)
