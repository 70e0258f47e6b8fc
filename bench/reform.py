"""Issue 6 item 5: replaying a reform over 10,000 organizations, and restated roll-ups.

For each database (SQLite file, PostgreSQL throwaway database `sodang_bench_<hex>_reform`):

1. set-up (timed, kept out of the figures): the full organization tree of bench/province.py
   (scale 1.0: 10,000 organizations) with a reduced member history spread over all its cells
   (`members_scale` of the full 500,000 members), projected by a follower process while it
   loads (projections/following.py);
2. the reform of bench/reform_replay.py, one transaction founding the successors then one per
   district, each timed with the inline projection catch-up;
3. conservation: the province's roll on the eve equals the day's (Queries.rollup), the restated
   eve equals it too, and `check_structure` (what `sodang verify-structure` runs) is balanced;
4. latencies of restated roll-ups against structured ones (bench/reform_queries.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import recorded, report
from bench.core import Databases, _registry, release
from bench.province import PROVINCE, BenchProvince, generate
from bench.province_tree import FULL_MEMBERS
from bench.reform_queries import measure
from bench.reform_replay import EVE, REFORM_ON, NewCommittee, plan_reform, replay
from bench.reform_runs import Conservation, DbRun

Say = Callable[[str], None]
SOURCES = (
    "projections/counts/figures.py",
    "projections/structure/restated.py",
    "projections/queries.py",
    "services/structure/reorganization.py",
)


def setup(url: str, province: BenchProvince, say: Say) -> tuple[Any, float]:
    """Organizations then member events, projections attached; returns (registry, seconds)."""
    from projections.following import following
    from services.demo.seeding import SettableClock, found_all, load_events
    from services.registry import Registry

    started = time.perf_counter()
    clock = SettableClock(province.events[0].recorded_at)
    registry = _registry(url, clock, True)
    found_all(registry, province.orgs, "bench:seed")
    say(f"    {len(province.orgs):,} organizations in {time.perf_counter() - started:.1f} s")
    shown = [0]

    def progress(n: int) -> None:
        shown[0] += n
        if shown[0] % 20_000 < n:
            say(f"    {shown[0]:,}/{len(province.events):,} events")

    # A follower process projects while the load writes (the demo's way): same read models.
    with following(registry, partial(Registry, registry.settings)):
        load_events(registry, province.events, "bench:seed", progress=progress)
    clock.now = datetime.now(UTC)
    return registry, time.perf_counter() - started


def conserve(registry: Any, province: BenchProvince) -> Conservation:
    from projections.queries import Queries
    from services.registry import Registry
    from services.structure.reorganization import check_structure

    c = Conservation(expected=len(province.current))
    queries = Queries(registry.settings)
    c.caught_up = queries.position() == registry.max_position()
    c.eve = queries.rollup(PROVINCE, as_of=EVE, depth=0).total
    c.day = queries.rollup(PROVINCE, as_of=REFORM_ON, depth=0).total
    c.restated_eve = queries.restated(
        PROVINCE, as_of=EVE, structure_on=REFORM_ON, depth=0
    ).then.total
    day = queries.rollup(PROVINCE, as_of=REFORM_ON, depth=1)
    c.successors = sum(child.total for child in day.children)
    for child in day.children:
        c.children_kinds[child.kind] = c.children_kinds.get(child.kind, 0) + 1
    # As `sodang verify-structure` does: a registry of its own, projections not attached.
    started = time.perf_counter()
    reader = Registry(registry.settings)
    try:
        checks = check_structure(reader)
    finally:
        with contextlib.suppress(Exception):
            reader.close()
    c.check_seconds = time.perf_counter() - started
    c.balanced = bool(checks) and all(check.balanced for check in checks)
    c.checks = [
        f"{ch.day}: {ch.before:,} before, {ch.after:,} after, {ch.lost} lost, {ch.gained} gained, "
        f"{ch.on_two_rolls} on two rolls, {ch.organizations:,} organizations in scope "
        f"{', '.join(ch.scope)}"
        for ch in checks
    ]
    return c


def median_commune(plan: dict[str, list[NewCommittee]]) -> str:
    """A new committee of typical size (3 predecessors), from the middle district."""
    districts = sorted(plan)
    units = plan[districts[len(districts) // 2]]
    return next((u for u in units if len(u.predecessors) == 3), units[0]).code


def run_database(
    dialect: str,
    province: BenchProvince,
    samples: int,
    seed: int,
    say: Say,
    kept: Kept,
    follower: bool = False,
) -> DbRun:
    run = DbRun(dialect, setup_events=len(province.events))
    plan = plan_reform(province.orgs)
    dbs = Databases(dialect)
    try:
        if kept.source:
            say(f"[{dialect}] set-up: a copy of {kept.source} ({province.describe()})")
            url = dbs.url_from(kept.of(dialect, kept.source), "reform")
            run.setup_reused = kept.of(dialect, kept.source)
        else:
            say(f"[{dialect}] set-up: {province.describe()}")
            url = dbs.url("reform")
            registry, run.setup_seconds = setup(url, province, say)
            say(f"    set-up took {run.setup_seconds:.1f} s")
            release(registry)
            if kept.target:
                dbs.copy(url, kept.of(dialect, kept.target))
                say(f"    set-up kept as {kept.of(dialect, kept.target)}")
        # As a command of its own would run it: a new registry, the projections' caches empty.
        registry = _registry(url, lambda: datetime.now(UTC), True)
        say(f"[{dialect}] the reform, one transaction founding, then one per district")
        run.times = replay(registry, plan, say, follower=follower)
        say(
            f"    {run.times.total:.1f} s in all ({run.times.projections:.1f} s projections), "
            f"{run.times.events:,} log positions"
        )
        say(f"[{dialect}] conservation and check_structure")
        run.conservation = conserve(registry, province)
        say(f"    {run.conservation}")
        say(f"[{dialect}] {samples} samples of each query")
        run.latencies = measure(registry.settings, median_commune(plan), samples, seed)
        release(registry)
    finally:
        dbs.close()
    return run


@dataclass(frozen=True)
class Kept:
    """A set-up kept for later runs (`target`) or reused from an earlier one (`source`): a
    province-scale set-up takes 30-80 minutes, the reform it prepares a few. A name is a
    SQLite file's path without its suffix, or a PostgreSQL database's name, by dialect."""

    target: str | None = None
    source: str | None = None

    @staticmethod
    def of(dialect: str, name: str) -> str:
        return f"{name}.db" if dialect == "sqlite" else name.replace("/", "_")


def sources() -> dict[str, str]:
    """Content hashes of the code measured (others change it while benchmarks run)."""
    root = Path(__file__).resolve().parent.parent
    return {
        name: "sha256 " + hashlib.sha256((root / name).read_bytes()).hexdigest()[:12]
        for name in SOURCES
    }


def main(
    orgs: int,
    members_scale: float,
    databases: list[str],
    samples: int,
    seed: int,
    kept: Kept | None = None,
    follower: bool = False,
) -> int:
    from bench.reform_report import render

    started = report.now()
    machine, versions = report.machine(), report.versions(sources())
    say: Say = lambda text: print(text, flush=True)  # noqa: E731
    say(f"machine: {machine}")
    t0 = time.perf_counter()
    province = generate(orgs / 10_000, seed, members=round(FULL_MEMBERS * members_scale))
    say(f"generated in {time.perf_counter() - t0:.1f} s: {province.describe()}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    runs = [
        run_database(d, province, samples, seed, say, kept or Kept(), follower) for d in databases
    ]
    if orgs == 10_000:  # the contract's reform row
        for run in runs:
            recorded.record(
                "reform",
                run.dialect,
                run.times.total,
                report.command_line(),
                f"load average {load} at the start; 10,000 organizations, "
                f"{round(FULL_MEMBERS * members_scale):,} members",
                full_scale=members_scale >= 1.0,
            )
    text = render(
        runs,
        province,
        plan_reform(province.orgs),
        members_scale,
        samples,
        started,
        machine,
        versions,
    )
    print()
    print(text)
    print(f"\nwritten: {report.write_section('reform', text)}")
    return 0
