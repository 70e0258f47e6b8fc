"""Admission quotas (chỉ tiêu kết nạp) of the years after the 2025 reform, up to today's year.

The plans of 2015-2025 belong to the legacy tree (services/demo/extras.py) and the reform carries
them; a demo run in a later year needs that year's plans too, or standings and the forecast are
empty. From 2026 the province assigns to its commune-level committees and to the agencies bloc,
the bloc to its own committees and cells. A target is about the yearly admissions of 2022-2024
in the cells the organization holds today, some ambitious, deterministic from the code and year.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from services.registry import Registry

FIRST_YEAR_AFTER_REFORM = 2026
BASE_YEARS = range(2022, 2025)
# Whose plans are split among the organizations directly under them.
_SPLITTERS = frozenset({OrgKind.PROVINCE, OrgKind.BLOC})
_PLANNED = frozenset(
    {OrgKind.COMMUNE_LEVEL, OrgKind.BLOC, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}
)


def current_plans(
    registry: Registry, province: str, actual: Counter[tuple[str, int]], today: date
) -> dict[tuple[str, str, str], int]:
    """(organization, year, assigned by) → target for every year from 2026 to `today`'s."""
    years = range(FIRST_YEAR_AFTER_REFORM, today.year + 1)
    plans: dict[tuple[str, str, str], int] = {}
    if not years:
        return plans

    # Each organization read once: the subtrees of the plans overlap, and each read copies
    # a whole roll.
    orgs: dict[str, Organization] = {}

    def get(code: str) -> Organization:
        if code not in orgs:
            orgs[code] = registry.get_organization(code)
        return orgs[code]

    def cells_under(code: str) -> list[str]:
        org = get(code)
        below = [cell for child in org.children_on(today) for cell in cells_under(child)]
        return [code, *below] if org.org_kind.holds_members else below

    def base(code: str) -> float:
        cells = cells_under(code)
        return sum(actual[(cell, y)] for cell in cells for y in BASE_YEARS) / len(BASE_YEARS)

    def plan(code: str, by: str) -> dict[int, int]:
        org = get(code)
        below: list[dict[int, int]] = []
        if org.org_kind in _SPLITTERS:
            for child in sorted(org.children_on(today)):
                if get(child).org_kind in _PLANNED:
                    below.append(plan(child, code))
        if below:
            targets = {y: sum(b[y] for b in below) for y in years}
        else:
            found = base(code)
            targets = {
                y: max(1, round(found * random.Random(f"quota:{code}:{y}").uniform(0.9, 1.3)))
                for y in years
            }
        for year, target in targets.items():
            plans[(code, str(year), by)] = target
        return targets

    plan(province, province)
    return plans
