"""Issue 3 item 5: bulk import, projection rebuild and query latencies, with a CRUD baseline.

For each database (SQLite file, PostgreSQL throwaway database `sodang_bench_<hex>`):

1. import the synthetic province through services.demo.seeding.load_events with the projections
   attached (what `sodang demo` does) into database A;
2. import it again with the projections detached (a bare Registry, the write side alone) into
   database B, then rebuild every projection there (projections.runner.Runner.rebuild);
3. time ~200 samples of each query on B, interleaved round by round with the CRUD baseline
   (a plain current-state table of members indexed by org) so that noise hits both alike.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench import report
from bench.core_progress import Meter, Point, peak_rss_mib
from bench.core_report import DbResult, render, section_name
from bench.pg_tables import measure
from bench.province import PROVINCE, BenchProvince, generate

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

# -- databases -------------------------------------------------------------------------


class Databases:
    """Two throwaway databases of one dialect; removed by close()."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.hex = uuid.uuid4().hex[:10]
        self.created: list[str] = []
        self.tmp: str | None = None

    def url(self, suffix: str) -> str:
        if self.dialect == "sqlite":
            if self.tmp is None:
                self.tmp = tempfile.mkdtemp(prefix="sodang_bench_")
            return f"sqlite:///{self.tmp}/{suffix}.db"
        import psycopg

        name = f"sodang_bench_{self.hex}_{suffix}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return f"postgresql://postgres@127.0.0.1:5432/{name}"

    def copy(self, url: str, into: str) -> None:
        """Copy a database of this dialect, its connections closed: a SQLite file to the path
        `into`, a PostgreSQL database to a new database named `into` (kept by close())."""
        if self.dialect == "sqlite":
            copy_sqlite(url.removeprefix("sqlite:///"), into)
            return
        import psycopg

        source = url.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            # A template must have no session: a follower's or a pool's may linger a moment.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (source,),
            )
            conn.execute(f'CREATE DATABASE "{into}" TEMPLATE "{source}"')

    def drop_kept(self, kept: str) -> None:
        """Remove a copy `copy` kept: the benches keep theirs for later runs, tests do not."""
        if self.dialect == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(kept + suffix)
            return
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{kept}" WITH (FORCE)')

    def url_from(self, kept: str, suffix: str) -> str:
        """A throwaway copy of a database `copy` kept, as `url(suffix)` makes a new one."""
        if self.dialect == "sqlite":
            url = self.url(suffix)
            copy_sqlite(kept, url.removeprefix("sqlite:///"))
            return url
        import psycopg

        name = f"sodang_bench_{self.hex}_{suffix}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{kept}"')
        self.created.append(name)
        return f"postgresql://postgres@127.0.0.1:5432/{name}"

    def close(self) -> None:
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self.created:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                for name in self.created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_sqlite(source: str, target: str) -> None:
    """A SQLite database file with its write-ahead log, if one is left beside it."""
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            shutil.copyfile(source + suffix, target + suffix)


# -- the CRUD baseline -------------------------------------------------------------------


def build_baseline(engine: Any, province: BenchProvince) -> None:
    """One row per member on a roll today (org, status), indexed by org; orgs with their path."""
    from sqlalchemy import Column, Index, Integer, MetaData, String, Table, insert

    meta = MetaData()
    orgs = Table(
        "bench_crud_orgs",
        meta,
        Column("code", String(64), primary_key=True),
        Column("parent", String(64)),
        Column("district", String(64), index=True),
        Column("province", String(64), index=True),
    )
    members = Table(
        "bench_crud_members",
        meta,
        Column("id", Integer, primary_key=True),
        Column("national_id", String(12), unique=True),
        Column("org", String(64), nullable=False),
        Column("status", String(16), nullable=False),
    )
    Index("bench_crud_members_org", members.c.org)
    parent = {o.code: o.parent for o in province.orgs}
    kind = {o.code: o.kind for o in province.orgs}

    def district_of(code: str) -> str | None:
        while code and kind[code] != "district":
            code = parent[code]  # type: ignore[assignment]
        return code

    with engine.begin() as conn:
        meta.drop_all(conn)
        meta.create_all(conn)
        conn.execute(
            insert(orgs),
            [
                {
                    "code": o.code,
                    "parent": o.parent,
                    "district": district_of(o.code) if o.kind == "cell" else None,
                    "province": PROVINCE,
                }
                for o in province.orgs
            ],
        )
        rows = [{"national_id": n, "org": o, "status": s} for n, (o, s) in province.current.items()]
        for i in range(0, len(rows), 5000):
            conn.execute(insert(members), rows[i : i + 5000])


# The CRUD baseline's counts, by the level counted (bench/floors.py runs them too).
CRUD_SQL = {
    "province": (
        "SELECT count(*) FROM bench_crud_members WHERE org IN "
        "(SELECT code FROM bench_crud_orgs WHERE province = :code)"
    ),
    "district": (
        "SELECT count(*) FROM bench_crud_members WHERE org IN "
        "(SELECT code FROM bench_crud_orgs WHERE district = :code)"
    ),
    "cell": "SELECT count(*) FROM bench_crud_members WHERE org = :code",
}


def baseline_queries(engine: Any) -> dict[str, Callable[[str], int]]:
    from sqlalchemy import text

    def run(sql: str) -> Callable[[str], int]:
        statement = text(sql)

        def query(code: str) -> int:
            with engine.connect() as conn:
                return int(conn.execute(statement, {"code": code}).scalar_one())

        return query

    return {level: run(sql) for level, sql in CRUD_SQL.items()}


# -- the run -----------------------------------------------------------------------------


def _registry(url: str, clock: Any, attached: bool) -> Any:
    from services.config import Settings
    from services.registry import Registry
    from services.wiring import build_registry

    settings = Settings(database_url=url, deployment="bench")
    return build_registry(settings, clock=clock) if attached else Registry(settings, clock=clock)


def _load(
    url: str,
    province: BenchProvince,
    attached: bool,
    say: Callable[[str], None],
    points: list[Point] | None = None,
) -> tuple[Any, float]:
    from services.demo.seeding import SettableClock, found_all, load_events

    clock = SettableClock(province.events[0].recorded_at)
    registry = _registry(url, clock, attached)
    found_all(registry, province.orgs, "bench:seed")
    meter = Meter("events", len(province.events), url, say)
    started = time.perf_counter()
    load_events(registry, province.events, "bench:seed", progress=meter.advance)
    elapsed = time.perf_counter() - started
    if points is not None:
        points.extend(meter.points)
    clock.now = datetime.now(UTC)
    return registry, elapsed


def release(registry: Any) -> None:
    """Close the registry and the projections' pooled connections, so that its throwaway
    database can be dropped."""
    with contextlib.suppress(Exception):
        registry.close()
    from projections.store import engine as engine_module

    for engines in list(getattr(engine_module, "_engines", {}).values()):
        with contextlib.suppress(Exception):
            engines.write.dispose()


def time_queries(
    registry: Any, province: BenchProvince, samples: int, seed: int, say: Callable[[str], None]
) -> tuple[dict[str, list[float]], dict[str, str], list[str]]:
    """Samples (ms) of each query on a registry whose projections are complete, interleaved round
    by round with the CRUD baseline built beside them; (timings, query -> baseline, notes)."""
    from projections.queries import Queries

    notes: list[str] = []
    queries = Queries(registry.settings)
    from projections.store.engine import engines_for

    engine = engines_for(registry.settings).read
    build_baseline(engines_for(registry.settings).write, province)
    crud = baseline_queries(engine)
    rng = random.Random(seed)
    districts = [o.code for o in province.orgs if o.kind == "district"]
    cells = province.cells
    span = (province.today - date(2005, 1, 1)).days

    def any_day() -> date:
        return date(2005, 1, 1) + timedelta(days=rng.randint(0, span))

    def old_known() -> datetime:
        return datetime(2008, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 7 * 365 * 86400))

    cases: dict[str, Callable[[], Any]] = {
        "rollup(province, depth=1) at random as_of": lambda: queries.rollup(
            PROVINCE, as_of=any_day(), depth=1
        ),
        "rollup(district, depth=1)": lambda: queries.rollup(rng.choice(districts), depth=1),
        "roll(cell)": lambda: queries.roll(rng.choice(cells)),
        "standing(province, year)": lambda: queries.standing(
            PROVINCE, str(rng.randint(2006, 2024)), as_of=None
        ),
        "rollup(province, depth=1) with old known_at": lambda: queries.rollup(
            PROVINCE, as_of=any_day(), known_at=old_known(), depth=1
        ),
        "rollup(province) full tree": lambda: queries.rollup(PROVINCE),
        "CRUD count(province)": lambda: crud["province"](PROVINCE),
        "CRUD count(district)": lambda: crud["district"](rng.choice(districts)),
        "CRUD count(cell)": lambda: crud["cell"](rng.choice(cells)),
    }
    baseline_of = {
        "rollup(province, depth=1) at random as_of": "CRUD count(province)",
        "rollup(district, depth=1)": "CRUD count(district)",
        "roll(cell)": "CRUD count(cell)",
        "standing(province, year)": "CRUD count(province)",
        "rollup(province, depth=1) with old known_at": "CRUD count(province)",
        "rollup(province) full tree": "CRUD count(province)",
    }
    # Sanity: the projection's count today equals the baseline's (same history).
    today_total = queries.rollup(PROVINCE, as_of=province.today, depth=0).total
    crud_total = crud["province"](PROVINCE)
    if today_total != crud_total:
        notes.append(f"rollup total {today_total} != CRUD count {crud_total} on {province.today}")
    say(f"    {samples} samples of each query, interleaved with the CRUD baseline")
    for case in cases.values():  # warm caches and pools
        for _ in range(5):
            case()
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(samples):
        for name, case in cases.items():
            started_ns = time.perf_counter_ns()
            case()
            timings[name].append((time.perf_counter_ns() - started_ns) / 1e6)
    return timings, baseline_of, notes


def run_database(
    dialect: str,
    province: BenchProvince,
    samples: int,
    seed: int,
    say: Callable[[str], None],
    skip_attached: bool = False,
) -> DbResult:
    from projections.runner import PROJECTIONS, Runner

    result = DbResult(dialect, events=len(province.events))
    dbs = Databases(dialect)
    try:
        if skip_attached:
            result.attached_skipped = True
            say(f"[{dialect}] import with projections attached: skipped (--skip-attached)")
        else:
            say(f"[{dialect}] import with projections attached")
            _, result.import_attached = _load(dbs.url("a"), province, True, say)
            say(f"    {len(province.events) / result.import_attached:,.0f} events/s")
        say(f"[{dialect}] import with projections detached (write side alone)")
        url = dbs.url("b")
        registry, result.import_detached = _load(url, province, False, say, result.curve)
        say(f"    {len(province.events) / result.import_detached:,.0f} events/s")
        say(f"[{dialect}] rebuild every projection from the log")
        started = time.perf_counter()
        head = int(registry.max_position())
        for name in PROJECTIONS:
            meter = Meter(f"rebuild {name} log records", head, url, say, every=100_000)
            Runner(registry, name).rebuild(progress=meter.reached)
            result.rebuild_points += [(name, p) for p in meter.points]
        result.rebuild = time.perf_counter() - started
        result.rebuild_events = int(registry.max_position())
        say(
            f"    {result.rebuild_events / result.rebuild:,.0f} events/s ({result.rebuild_events:,} log records)"
        )

        result.queries, result.baseline_of, result.notes = time_queries(
            registry, province, samples, seed, say
        )
        if dialect == "postgresql":
            tables, result.database_bytes = measure(url)
            result.tables = [(t.name, t.size, t.rows) for t in tables]
        result.peak_rss_mib = peak_rss_mib()
        release(registry)
    finally:
        dbs.close()
    return result


def main(
    scale: float, databases: list[str], samples: int, seed: int, skip_attached: bool = False
) -> int:
    started = report.now()
    machine = report.machine()
    versions = report.versions()
    say = lambda text: print(text, flush=True)  # noqa: E731
    say(f"machine: {machine}")
    say(f"versions: {versions}")
    t0 = time.perf_counter()
    province = generate(scale, seed)
    generated = time.perf_counter() - t0
    # At scale 1.0 the province is millions of objects held to the end, and every full
    # collection walks them: py-spy --native put 7% of one 40 s window of the import in
    # gc_collect_main at 210,000 events, and half of another on one allocating line (a regex
    # match), the likely mark of a long collection. Frozen, the collector skips them.
    gc.collect()
    gc.freeze()
    say(
        f"{report.now():%H:%M:%S} UTC generated in {generated:.1f} s "
        f"(peak rss {peak_rss_mib():,.0f} MiB): {province.describe()}"
    )
    results = [run_database(d, province, samples, seed, say, skip_attached) for d in databases]
    text = render(results, province, scale, samples, started, machine, versions, generated)
    print()
    print(text)
    path = report.write_section(section_name(scale, databases), text)
    print(f"\nwritten: {path}")
    return 0
