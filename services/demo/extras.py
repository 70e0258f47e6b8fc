"""What the demo adds beyond the roll history: sign-ins, admission quotas and dossiers.

`demo_extras(registry, province)` is idempotent: accounts get their demo password back (and a
fresh API token), a quota already set is not set again, and the dossiers are opened under
client keys (services/demo/dossiers.py). It yields the lines `sodang demo` prints.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.admission.dossier import CLOSED_STAGES, Stage
from domain.errors import NotFound
from services.admission import pipeline
from services.admission.views import deadline_lists, stage_counts
from services.demo.current_quotas import current_plans
from services.demo.dossiers import anchor_of, seed_dossiers
from services.demo.recorders import PLANS_BY
from services.front_door.bus import handle
from services.front_door.commands import SetQuota, SetServiceTarget
from services.registry import Registry
from services.store.users import UserStore

PROVINCE, DISTRICT, COMMUNE = "TINH-DIENBIEN", "H-DIENBIEN", "X-THANHYEN"
YEARS = range(2015, 2026)
TERM, TERM_YEARS = "2020-2025", range(2020, 2026)
OWN_PLAN_YEARS = range(2021, 2026)
SERVICE_TARGET_DAYS = 45  # working days from receipt to decision, set by the district
PLANNERS = frozenset({"province", "district", "bloc"})
GRASSROOTS = frozenset({"grassroots_committee", "grassroots_cell"})
RECORDED_BY = PLANS_BY


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    org: str
    password: str
    who: str  # the office a person of this role works in


def demo_users(commune: str, cell: str, district: str | None = DISTRICT) -> list[DemoUser]:
    """The demo's sign-ins: the province's department, the district while it exists (the
    district level ended on 30 June 2025), the commune, a cell, the province's auditor."""
    users = [
        DemoUser("bantochuc.tinh", "oversight", PROVINCE, "BanToChuc-2025", "Ban Tổ chức Tỉnh ủy")
    ]
    if district is not None:
        users.append(
            DemoUser("canbo.dienbien", "officer", district, "DienBien-2025", "Huyện ủy Điện Biên")
        )
    return [
        *users,
        DemoUser("canbo.thanhyen", "officer", commune, "ThanhYen-2025", "Đảng ủy xã Thanh Yên"),
        DemoUser("vanthu.chibo", "clerk", cell, "ChiBo-ThanhYen-2025", "Văn thư chi bộ"),
        DemoUser("kiemtra.tinh", "auditor", PROVINCE, "KiemTra-2025", "Ủy ban Kiểm tra Tỉnh ủy"),
    ]


def ensure_users(registry: Registry, users: Sequence[DemoUser]) -> str:
    """Create the accounts, or give them back their demo password; a fresh token for the first."""
    store = UserStore(registry.settings)
    try:
        for user in users:
            if store.by_name(user.name) is None:
                store.create(user.name, user.org, user.role, user.password)
            else:
                store.set_password(user.name, user.password)
                store.enable(user.name)
        return store.issue_token(users[1].name)
    finally:
        store.close()


# -- where Thanh Yên's dossiers go ---------------------------------------------------------


def thanh_yen(registry: Registry, day: date) -> tuple[str, list[str]]:
    """Xã Thanh Yên's committee on `day` (X-THANHYEN or its successor) and its older cells:
    after the 2025 reform, the cells that were Thanh Yên's (the neighbours that joined it
    bring cells of their own, too small in a scaled-down demo to have two introducers)."""
    commune = COMMUNE
    legacy = registry.get_organization(COMMUNE)
    ended = getattr(legacy, "ended_on", None)
    successors = [code for code, _, _ in getattr(legacy, "successors", list)()]
    own = None
    if ended is not None and ended <= day and successors:
        commune = successors[0]
        own = {org.code for org in registry.subtree(COMMUNE, ended - timedelta(days=1))}
    settled = anchor_of(day) - timedelta(days=3 * 366)  # introducers need a history
    cells = sorted(
        org.code
        for org in registry.subtree(commune, day)
        if org.org_kind.holds_members
        and org.founded_on <= settled
        and (own is None or org.code in own)
    )
    return commune, cells


# -- quotas --------------------------------------------------------------------------------


def admissions_by_year(province: Any) -> Counter[tuple[str, int]]:
    """Admissions of the demo history per organization (its whole subtree) and year."""
    parents = {org.code: org.parent for org in province.orgs}
    retracted = {e.body["retracts_key"] for e in province.events if "retracts_key" in e.body}
    counts: Counter[tuple[str, int]] = Counter()
    for event in province.events:
        body = event.body
        if body["type"] not in ("admitted", "readmitted") or body["id"] in retracted:
            continue
        code: str | None = event.org
        while code is not None:
            counts[(code, int(body["effective_on"][:4]))] += 1
            code = parents.get(code)
    return counts


def yearly_target(actual: Counter[tuple[str, int]], code: str, year: int) -> int:
    """About a year's admissions (2025 is half over: the three years before), some ambitious."""
    if year < 2025:
        base = float(actual[(code, year)])
    else:
        base = sum(actual[(code, y)] for y in range(2022, 2025)) / 3
    return max(1, round(base * random.Random(f"quota:{code}:{year}").uniform(0.85, 1.3)))


def quota_plans(province: Any) -> dict[tuple[str, str, str], int]:
    """(organization, period, assigned by) → target: each level assigns to the one below it."""
    actual = admissions_by_year(province)
    kinds = {org.code: org.kind for org in province.orgs}
    children: dict[str, list[str]] = {}
    for org in province.orgs:
        placed = org.parent is not None and kinds[org.parent] in PLANNERS
        if placed and (org.kind in PLANNERS or org.kind in GRASSROOTS):
            children.setdefault(org.parent, []).append(org.code)
    plans: dict[tuple[str, str, str], int] = {}

    def plan(code: str, by: str) -> dict[int, int]:
        below = [plan(child, code) for child in children.get(code, [])]
        years = {
            y: sum(b[y] for b in below) if below else yearly_target(actual, code, y) for y in YEARS
        }
        for year, target in years.items():
            plans[(code, str(year), by)] = target
        plans[(code, TERM, by)] = sum(years[y] for y in TERM_YEARS)
        if kinds[code] == "grassroots_committee" and random.Random(f"own:{code}").random() < 0.25:
            for year in OWN_PLAN_YEARS:  # the commune aims higher than it was asked to
                plans[(code, str(year), code)] = years[year] + 1 + year % 2
        return years

    plan(PROVINCE, PROVINCE)
    return plans


def seed_quotas(registry: Registry, province: Any, today: date | None = None) -> tuple[int, int]:
    """Set the plans not set yet; returns (set now, already there). With `today`, also the
    plans of the years after the reform up to today's (services/demo/current_quotas.py)."""
    plans = quota_plans(province)
    if today is not None:
        plans |= current_plans(registry, PROVINCE, admissions_by_year(province), today)
    by_org: dict[str, list[tuple[str, str, int]]] = {}
    for (code, period, by), target in plans.items():
        by_org.setdefault(code, []).append((period, by, target))
    kept = 0
    commands: list[SetQuota] = []
    for code, wanted in by_org.items():
        existing = {
            (q["period"], q["assigned_by"]): q["target"] for q in quota_list(registry, code)
        }
        for period, by, target in wanted:
            if existing.get((period, by)) == target:
                kept += 1
                continue
            commands.append(SetQuota(code, period, target, by))
    if commands:  # one save for them all
        handle(registry, *commands, recorded_by=RECORDED_BY)
    return len(commands), kept


def quota_list(registry: Registry, code: str) -> list[dict[str, Any]]:
    try:
        return list(registry.get_organization(code).quotas)
    except NotFound:
        return []


# -- the whole -----------------------------------------------------------------------------


def ensure_service_target(registry: Registry) -> None:
    found = pipeline.settings_for(registry, DISTRICT).service_target
    if found is None or found.days != SERVICE_TARGET_DAYS or found.set_by != DISTRICT:
        target = SetServiceTarget(DISTRICT, SERVICE_TARGET_DAYS, document_no="QT-TC.07")
        handle(registry, target, recorded_by=RECORDED_BY)


def base_url() -> str:
    """Where `sodang serve` will answer: SODANG_BIND (the Makefile passes its BIND)."""
    bind = os.environ.get("SODANG_BIND") or "127.0.0.1:8000"
    host, _, port = bind.rpartition(":")
    host = "127.0.0.1" if host in ("", "0.0.0.0") else host
    return f"http://{host}:{port}"


def demo_extras(registry: Registry, province: Any, today: date | None = None) -> Iterator[str]:
    """Add the demo's sign-ins, quotas and dossiers (idempotent); yields lines to print.
    `today`: the last day of the loaded history (the generated province's by default)."""
    day = today or province.today
    yield f"Demo province: {province.orgs[0].code} ({province.orgs[0].name})"
    commune, cells = thanh_yen(registry, day)
    district = DISTRICT if registry.get_organization(DISTRICT).exists_on(day) else None
    users = demo_users(commune, cells[0] if cells else commune, district)
    token = ensure_users(registry, users)
    added, kept = seed_quotas(registry, province, day)
    last = max(YEARS.stop - 1, day.year)
    yield f"Admission quotas {YEARS.start}-{last} and {TERM}: {added} set, {kept} already there."
    ensure_service_target(registry)
    dossiers = seed_dossiers(registry, cells, day)
    targets = pipeline.scope(registry, commune, day).targets
    yield from dossier_lines(dossiers, targets, commune, anchor_of(day), registry.today())
    yield "Demo sign-ins (name / password):"
    for user in users:
        yield f"  {user.name:<16} {user.password:<20} {user.role:<9} {user.org:<18} {user.who}"
    yield f"API token of {users[1].name} ({users[1].org}): {token}"
    yield f'  curl -H "Authorization: Bearer {token}" {base_url()}/api/v1/orgs/{users[1].org}/dossiers'


def dossier_lines(
    dossiers: list[Any], targets: Any, commune: str, anchor: date, today: date
) -> Iterator[str]:
    """What the demo dossiers look like on their anchor day."""
    counts = stage_counts(dossiers)["total"]
    lists = deadline_lists(dossiers, anchor, pipeline.workdays_calendar(), targets)
    open_ = sum(n for stage, n in counts.items() if stage not in CLOSED_STAGES)
    shown = ", ".join(f"{s.value} {counts[s]}" for s in Stage if counts[s])
    yield f"Admission dossiers in {commune}'s cells: {len(dossiers)} ({open_} open): {shown}."
    yield (
        f"  on {anchor.isoformat()}: {len(lists.overdue)} deadlines overdue, "
        f"{len(lists.due_soon)} due within 7 days"
    )
    suffix = f"?as_of={anchor.isoformat()}" if today != anchor else ""
    yield f"  {base_url()}/orgs/{commune}/dossiers/deadlines{suffix}"
