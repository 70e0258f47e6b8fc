"""The write side of `bench core` alone, for profiling: `python -m bench.core_load SCALE MODE DB [--profile]`.

Generates the synthetic province at SCALE, founds its tree, then times `load_events` (the
front door's batch loop, as `sodang demo` and `bench core` load history) with the projections
attached (MODE `attached`) or detached (the write side alone), on a throwaway SQLite file or
PostgreSQL database. Prints wall-clock and process-CPU rates: on a shared machine the CPU rate
is the steadier figure to compare two versions of the code run one after the other. With
`--profile`, cProfile's top functions (cumulative and own time) follow.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
import uuid
from typing import Any

from bench.core import PG_ADMIN, _registry
from bench.province import generate


def _database(dialect: str) -> tuple[str, str | None]:
    if dialect == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='sodang_load_')}/load.db", None
    import psycopg

    name = f"sodang_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}", name


def _drop(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(scale: float, attached: bool, dialect: str, profile: bool, seed: int = 2024) -> str:
    from services.demo.seeding import SettableClock, found_all, load_events

    province = generate(scale, seed)
    url, created = _database(dialect)
    try:
        clock = SettableClock(province.events[0].recorded_at)
        registry: Any = _registry(url, clock, attached)
        found_all(registry, province.orgs, "bench:seed")
        events = len(province.events)
        profiler = cProfile.Profile() if profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        load_events(registry, province.events, "bench:seed")
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        mode = "attached" if attached else "detached"
        line = (
            f"{dialect} {mode} scale {scale}: {events} events in {wall:.2f} s = "
            f"{events / wall:.0f}/s wall, cpu {cpu:.2f} s = {events / cpu:.0f}/s cpu; "
            f"log {registry.max_position()}"
        )
        print(line, flush=True)
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
        registry.close()
        return line
    finally:
        _drop(created)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.core_load", description=__doc__)
    parser.add_argument("scale", type=float)
    parser.add_argument("mode", choices=["attached", "detached"])
    parser.add_argument("db", choices=["sqlite", "postgresql"])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    main(args.scale, args.mode == "attached", args.db, args.profile)
