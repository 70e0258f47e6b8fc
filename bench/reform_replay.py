"""The reform of issue 6 item 5 over the 10,000 organizations of the benchmark province.

The reform (one decision of the province, effective 1 July 2025): every district committee
ends, new commune-level committees are founded under the province (one per 2-4 grassroots
committees of a district, group sizes cycling 3, 2, 4), each old grassroots committee merges
into its new committee (its cells move with their members, then it ends), and the districts
end. It is applied like services/demo/reform.py with `per_district=True`: one transaction
founding the successors, then one per district, with the projections attached (each save
returns only once the read models have followed it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bench.province import ICT, PROVINCE
from bench.province_tree import OrgSpec

REFORM_ON = date(2025, 7, 1)
EVE = date(2025, 6, 30)
RECORDED_AT = datetime(2025, 7, 1, 7, 45, tzinfo=ICT)
REFORM_BY = "bench:reform"
GROUP_SIZES = (3, 2, 4)  # old grassroots committees per new commune-level committee, cycling


@dataclass(frozen=True)
class NewCommittee:
    """A commune-level committee founded by the reform and the grassroots committees it takes."""

    code: str
    name: str
    district: str
    predecessors: tuple[str, ...]


@dataclass
class ReplayTimes:
    """Wall-clock seconds of each transaction (write side + projections catching up inline)."""

    founding: float = 0.0
    districts: dict[str, float] = field(default_factory=dict)
    projections: float = 0.0  # of the total: the inline catch-up after the saves
    follower: bool = False  # projected by a follower process instead (projections/following.py)
    tail: float = 0.0  # after the last district, until the projections reached the head
    events: int = 0  # stored events the reform wrote
    founded: int = 0
    moved: int = 0
    ended: int = 0

    @property
    def total(self) -> float:
        return self.founding + sum(self.districts.values()) + self.tail

    @property
    def write_side(self) -> float:
        """Load, decide and save: the whole less the projections' own time (inline) or the
        follower's tail."""
        return self.total - self.projections - self.tail


def group_sizes(count: int) -> list[int]:
    """Sizes of 2 to 4 (cycling GROUP_SIZES) adding up to `count` (one group if fewer than 2)."""
    sizes: list[int] = []
    remaining, turn = count, 0
    while remaining > 0:
        size = min(GROUP_SIZES[turn % len(GROUP_SIZES)], remaining)
        if remaining - size == 1:  # never leave a committee alone at the end
            size = size + 1 if size < 4 else size - 1
        sizes.append(size)
        remaining -= size
        turn += 1
    return sizes


def plan_reform(orgs: list[OrgSpec]) -> dict[str, list[NewCommittee]]:
    """District code -> its new commune-level committees, in code order."""
    committees: dict[str, list[str]] = {}
    for org in orgs:
        if org.kind == "grassroots_committee" and org.parent is not None:
            committees.setdefault(org.parent, []).append(org.code)
    plan: dict[str, list[NewCommittee]] = {}
    number = 0
    for district in sorted(committees):
        mine, start = sorted(committees[district]), 0
        for size in group_sizes(len(mine)):
            number += 1
            code = f"BH-XA-{number:03d}"
            units = plan.setdefault(district, [])
            units.append(
                NewCommittee(
                    code, f"Đảng bộ xã {number}", district, tuple(mine[start : start + size])
                )
            )
            start += size
    return plan


# -- the steps (inside one unit of work each) ---------------------------------------------


def found_successors(step: Any, units: list[NewCommittee]) -> None:
    """The new commune-level committees, under the province from the effective day."""
    from domain.roll.values import OrgKind
    from services.structure.reorganization import NewOrganization

    step.uow.prefetch_absence({step.uow.ids.organization(u.code) for u in units})
    for unit in units:
        step.found(NewOrganization(unit.code, unit.name, OrgKind.COMMUNE_LEVEL, PROVINCE))


def reform_district(step: Any, district: str, units: list[NewCommittee]) -> None:
    """The district's committees merged into their successors (cells moved with their members),
    anything left directly under it moved to the first successor, its plans carried, then the
    district ended; the successors note their predecessors."""
    from domain.structure.reorganization import DISSOLVED, MERGED, day_before
    from services.structure.reorganization import preload_subtree, running_plans

    preload_subtree(step.uow, district, day_before(step.on))
    covered: set[str] = set()
    for unit in units:
        for committee in unit.predecessors:
            before = step.outcome.received.get(unit.code, 0)
            into = unit.code
            step.hand_over(committee, MERGED, lambda _m, s=into: s, lambda _c, s=into: s)
            covered |= {p["period"] for p in running_plans(step.org(committee), step.on)}
            step.end(committee, MERGED, [into])
            step.carry_quotas(committee, {into: step.outcome.received.get(into, 0) - before})
    for child in sorted(step.org(district).children_on(step.on)):
        step.move(child, units[0].code, DISSOLVED)
    heirs = [u.code for u in units]
    gained = {code: step.outcome.received.get(code, 0) for code in heirs}
    step.carry_quotas(district, gained, exclude=covered)
    step.end(district, DISSOLVED, heirs)
    for unit in units:
        step.succeed(unit.code, list(unit.predecessors), MERGED)


def _apply(registry: Any, work: Callable[[Any], None]) -> tuple[int, int, int]:
    """One transaction of the reform, recorded at RECORDED_AT; (founded, moved, ended)."""
    from domain.structure.reorganization import MERGED
    from services.roll.commands import Decision
    from services.structure.reorganization import Reorganization

    decision = Decision("1-QĐ/TU", date(2025, 6, 16), PROVINCE)

    def change(uow: Any) -> tuple[int, int, int]:
        uow.now, uow.today = RECORDED_AT, RECORDED_AT.date()
        step = Reorganization(uow, REFORM_ON, decision, REFORM_BY, MERGED)
        work(step)
        out = step.outcome
        return len(out.founded), len(out.moved), len(out.ended)

    return registry.run(change)


class SaveTimer:
    """Times the registry's after-save listeners (the projections catching up inline)."""

    def __init__(self, registry: Any) -> None:
        self.seconds = 0.0
        listeners = list(registry.on_saved)

        def timed(position: int) -> None:
            started = time.perf_counter()
            for listener in listeners:
                listener(position)
            self.seconds += time.perf_counter() - started

        registry.on_saved[:] = [timed]


def replay(
    registry: Any,
    plan: dict[str, list[NewCommittee]],
    say: Callable[[str], None],
    follower: bool = False,
) -> ReplayTimes:
    """Found the successors (one transaction), then one transaction per district, each timed.

    With `follower`, the projections follow in a second process while the districts are
    written (projections/following.py, as `sodang demo` loads its history) instead of inline
    after each save; the time then runs until they have reached the head (`tail`)."""
    from contextlib import nullcontext
    from functools import partial

    from projections.following import following
    from services.registry import Registry

    times = ReplayTimes(follower=follower)
    first = registry.max_position()
    everyone = [u for units in plan.values() for u in units]
    beside = (
        following(registry, partial(Registry, registry.settings)) if follower else nullcontext()
    )
    with beside:
        timer = SaveTimer(registry)  # inside: the follower took the inline catch-up away
        started = time.perf_counter()
        founded, _, _ = _apply(registry, lambda step: found_successors(step, everyone))
        times.founding = time.perf_counter() - started
        times.founded += founded
        say(f"    founded {founded} commune-level committees in {times.founding:.2f} s")
        for district, units in sorted(plan.items()):
            started = time.perf_counter()
            _, moved, ended = _apply(
                registry, lambda step, d=district, u=units: reform_district(step, d, u)
            )
            times.districts[district] = time.perf_counter() - started
            times.moved += moved
            times.ended += ended
            say(
                f"    {district}: {moved} moved, {ended} ended in {times.districts[district]:.2f} s"
            )
        written = time.perf_counter()
    times.tail = time.perf_counter() - written
    if follower:
        say(f"    the follower reached the head {times.tail:.1f} s after the last district")
    times.projections = timer.seconds
    times.events = registry.max_position() - first
    return times
