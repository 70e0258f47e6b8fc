"""The tree of the bench province: its size at a scale and its organizations, parents first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FOUNDED = date(1975, 1, 1)
PROVINCE = "BENCH-TINH"

FULL_ORGS = 10_000
FULL_MEMBERS = 500_000


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: date


def shape(scale: float) -> tuple[int, int, int, int]:
    """(districts, committees, cells, members) at a scale (1.0 = 10,000 orgs, 500,000 members)."""
    orgs = max(6, round(FULL_ORGS * scale))
    districts = max(2, round(orgs / 500))
    committees = max(districts, round(orgs / 20))
    cells = max(committees, orgs - 1 - districts - committees)
    return districts, committees, cells, max(10, round(FULL_MEMBERS * scale))


def build_orgs(scale: float) -> list[OrgSpec]:
    """Parents first, as found_all needs them."""
    districts, committees, cells, _ = shape(scale)
    orgs = [OrgSpec(PROVINCE, "Đảng bộ tỉnh Benchmark", "province", None, FOUNDED)]
    district_codes = [f"BH-{d:02d}" for d in range(1, districts + 1)]
    for number, code in enumerate(district_codes, start=1):
        orgs.append(OrgSpec(code, f"Đảng bộ huyện {number}", "district", PROVINCE, FOUNDED))
    committee_codes = []
    for c in range(committees):
        parent = district_codes[c % districts]
        code = f"{parent}-X{c // districts + 1:03d}"
        committee_codes.append(code)
        orgs.append(OrgSpec(code, f"Đảng bộ xã {code}", "grassroots_committee", parent, FOUNDED))
    for n in range(cells):
        parent = committee_codes[n % committees]
        code = f"{parent}-C{n // committees + 1:02d}"
        orgs.append(OrgSpec(code, f"Chi bộ {code}", "cell", parent, FOUNDED))
    return orgs
