"""Founding dates (ngày thành lập) of the demo's organizations, drawn per level and seed.

Each level is founded some time after the one above it and before a latest year of its own:
the province's committee long before the roll's first ceremonies (1975; the province as such
was separated from Lai Châu in 2004, but the demo carries its roll back to 1975, so its
committee stands for the predecessor's), districts by 1980, commune committees by 1995, cells
and agencies' units by 2012. The draws are synthetic, deterministic from the seed and the code.
No organization is founded after the first event that needs it (an admission of a member
carried back to 1978 dates the cell before then), nor after any organization under it.
The reform's committees are founded by the reform itself, on 1 July 2025.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from services.demo.units import OrgSpec

# (earliest, latest) founding of each kind; a child is never founded before its parent.
_WINDOWS: dict[str, tuple[date, date]] = {
    "province": (date(1950, 1, 1), date(1969, 12, 31)),
    "district": (date(1955, 1, 1), date(1980, 12, 31)),
    "bloc": (date(1975, 1, 1), date(2004, 12, 31)),
    "grassroots_committee": (date(1960, 1, 1), date(1995, 12, 31)),
    "sub_committee": (date(1980, 1, 1), date(2008, 12, 31)),
    "grassroots_cell": (date(1975, 1, 1), date(2010, 12, 31)),
    "cell": (date(1965, 1, 1), date(2012, 12, 31)),
}


def first_needs(events: Iterable[Any]) -> dict[str, date]:
    """The earliest effective day of an event at each organization (or transferred into it)."""
    first: dict[str, date] = {}
    for event in events:
        effective = event.body.get("effective_on")
        if effective is None:
            continue
        day = date.fromisoformat(effective)
        to = event.body.get("to")
        for code in (event.org, to if isinstance(to, str) else None):
            if code is not None and (code not in first or day < first[code]):
                first[code] = day
    return first


def dated(orgs: Sequence[OrgSpec], events: Iterable[Any], seed: int) -> list[OrgSpec]:
    """`orgs` (parents first) with founding dates: drawn, then moved back before what needs them."""
    planned: dict[str, date] = {}
    for org in orgs:
        earliest, latest = _WINDOWS[org.kind]
        if org.parent is not None:
            earliest = max(earliest, planned[org.parent] + timedelta(days=30))
        earliest = min(earliest, latest)
        rng = random.Random(f"founded:{seed}:{org.code}")
        planned[org.code] = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    founded = dict(planned)
    needs = first_needs(events)
    for org in reversed(orgs):  # children before parents
        if org.code in needs:
            founded[org.code] = min(founded[org.code], needs[org.code])
        if org.parent is not None:
            founded[org.parent] = min(founded[org.parent], founded[org.code])
    return [replace(org, founded_on=founded[org.code]) for org in orgs]
