"""The decision behind a reorganization and the vocabulary of what it does (how)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypedDict

from domain.errors import InvalidValue

MERGED, SPLIT, DISSOLVED, MOVED, RENAMED = "merged", "split", "dissolved", "moved", "renamed"
ENDINGS = frozenset({MERGED, SPLIT, DISSOLVED})
HOWS = ENDINGS | {MOVED, RENAMED}


class DecisionFields(TypedDict):
    """The decision behind a reorganization: number, date and deciding body."""

    decision_no: str | None
    decision_on: date | None
    decided_by: str | None


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def check_how(how: str) -> None:
    if how not in HOWS:
        raise InvalidValue("how", f"must be one of: {', '.join(sorted(HOWS))}")


def check_new_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidValue("name", "must be 1-200 characters")


def present(decision: DecisionFields) -> dict[str, Any]:
    """The decision's fields that were given, as an event stores them."""
    return {k: v for k, v in decision.items() if v is not None}
