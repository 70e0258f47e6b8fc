"""Mutable bookkeeping of the simulation: people, their drafted events and the story's constants."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Probationary (dự bị) and official (chính thức) members are on a roll; the others are not.
ON_ROLL = ("probationary", "official")


@dataclass(eq=False)
class Person:
    """One person as the simulation tracks them (never more than one roll at a time)."""

    profile: dict[str, Any]
    birth: date
    cell: str | None = None
    status: str = "new"  # probationary, official, left, dead, annulled
    ceremony: date | None = None  # of the current membership: starts the probation clock
    left_on: date | None = None
    last_cell: str | None = None
    last_on: date = date.min  # no two events of a person share an effective date
    locked: bool = False  # a probation failure is pending: no other event may intervene
    drafts: list[Draft] = field(default_factory=list)

    @property
    def national_id(self) -> str:
        return str(self.profile["national_id"])


@dataclass(eq=False)
class Draft:
    """An event body before it gets its client key and recording time."""

    seq: int
    org: str
    body: dict[str, Any]
    person: Person | None
    effective: date | None
    initial: bool = False  # part of the 2015 data-entry batch of the existing roll
    not_before: date | None = None  # a decision date the recording cannot precede
    recorded: datetime | None = None
    ref: Draft | None = None  # the event a correction or retraction points at


@dataclass(frozen=True)
class Story:
    """Thanh Yên's published figures, which the demo reproduces exactly."""

    commune: str = "X-THANHYEN"
    count_before: int = 311  # members on 1 January 2021
    admissions: int = 12  # admitted from 2 January to 30 September 2021
    # From here to `until`, Thanh Yên's roll changes only as the story says.
    checkpoint: date = date(2020, 9, 1)
    first: date = date(2021, 1, 2)
    last_ceremony: date = date(2021, 9, 30)
    until: date = date(2021, 10, 5)
    # Chosen so that the correction made at the checkpoint stays small for most seeds.
    initial: int = 290


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
