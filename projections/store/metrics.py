"""The figures kept per organization and day: stocks, flows and the profile shares of both.

Every figure is a sum of deltas, so one vector of integers per (organization, day) carries
them all; queries pick the columns they need.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from domain.roll.profile import COLLEGE_OR_HIGHER, MAJORITY_ETHNICITY
from domain.roll.values import Education, EventType, Sector, add_months

# Eight shares reported for admissions and for the whole roll (domain.md §3.2).
FLAGS = (
    "women",
    "ethnic_minority",
    "religious",
    "youth_union",
    "under_30",
    "college_or_higher",
    "postgraduate",
    "private_enterprise",
)
STOCKS = ("probationary", "official")
FLOWS = (
    "admitted",
    "readmitted",
    "transferred_in",
    "transferred_out",
    "recognized",
    "expelled",
    "struck_off",
    "died",
    "annulled",
)
METRICS = (
    *STOCKS,
    *(f"roll_{flag}" for flag in FLAGS),
    *FLOWS,
    *(f"admitted_{flag}" for flag in FLAGS),
)
INDEX = {name: i for i, name in enumerate(METRICS)}
SIZE = len(METRICS)
ROLL_FLAGS = [INDEX[f"roll_{flag}"] for flag in FLAGS]
ADMITTED_FLAGS = [INDEX[f"admitted_{flag}"] for flag in FLAGS]
UNDER_30 = FLAGS.index("under_30")
FLOW_OF = {
    EventType.ADMITTED: INDEX["admitted"],
    EventType.READMITTED: INDEX["readmitted"],
    EventType.TRANSFERRED_IN: INDEX["transferred_in"],
    EventType.TRANSFERRED_OUT: INDEX["transferred_out"],
    EventType.RECOGNIZED: INDEX["recognized"],
    EventType.EXPELLED: INDEX["expelled"],
    EventType.STRUCK_OFF: INDEX["struck_off"],
    EventType.DIED: INDEX["died"],
    EventType.ADMISSION_ANNULLED: INDEX["annulled"],
}
PRIVATE_SECTORS = frozenset({Sector.PRIVATE_ENTERPRISE, Sector.FOREIGN_ENTERPRISE})
COLLEGE = frozenset(level.value for level in COLLEGE_OR_HIGHER)

Vector = list[int]  # dense: one value per metric (running totals, table rows)
Sparse = dict[int, int]  # metric index -> non-zero value (deltas: a handful of metrics each)


def zero() -> Vector:
    return [0] * SIZE


def add_into(target: Vector, delta: Sparse, sign: int = 1) -> None:
    for i, value in delta.items():
        target[i] += sign * value


def add_sparse(target: Sparse, delta: Sparse, sign: int = 1) -> None:
    """target += sign * delta, dropping metrics that come back to zero."""
    for i, value in delta.items():
        total = target.get(i, 0) + sign * value
        if total:
            target[i] = total
        else:
            target.pop(i, None)


def dense(delta: Sparse) -> Vector:
    vector = [0] * SIZE
    for i, value in delta.items():
        vector[i] = value
    return vector


def thirtieth_birthday(profile: Mapping[str, Any]) -> date | None:
    """The day a person stops being under 30 (age counted in months, as the Charter does)."""
    birth = profile.get("birth_date")
    return _plus_30_years(birth) if isinstance(birth, date) else None


@lru_cache(maxsize=65_536)
def _plus_30_years(birth: date) -> date:
    # Asked for every stint and admission each time a member is recomputed: kept per day.
    return add_months(birth, 360)


def profile_flags(profile: Mapping[str, Any]) -> list[int]:
    """The eight flags except under_30, which depends on the day (see `thirtieth_birthday`)."""
    sector = profile.get("sector")
    education = profile.get("education")
    ethnicity = (profile.get("ethnicity") or MAJORITY_ETHNICITY).strip().casefold()
    return [
        int(profile.get("sex") == "female"),
        int(ethnicity != MAJORITY_ETHNICITY.casefold()),
        int(bool(profile.get("religion"))),
        int(bool(profile.get("youth_union"))),
        0,
        int(education in COLLEGE),
        int(education == Education.POSTGRADUATE.value),
        int(sector in PRIVATE_SECTORS),
    ]


def flag_vector(columns: list[int], flags: list[int], sign: int = 1) -> Sparse:
    return {column: sign * flag for column, flag in zip(columns, flags, strict=True) if flag}
