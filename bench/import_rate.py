"""The NDJSON import's rate beside raw inserts of the same lines (issue 12, the contract's first
two rows).

One file of admissions (bench/import_files.py, one imported event a line, spread over the cells
of a small province) is imported with `import_events`, as `sodang events import` does: with the
projections attached (`build_registry`) and detached (a bare Registry, the write side alone),
each into a fresh database; and, attached, a file of a quarter of the lines before them, so
that the rate of the long file over the short one says whether the rate stays flat as the
rolls grow. The baseline, timed just before them: the same lines read, decoded
and inserted as plain rows (org, client key, JSON body) into a table of their own, in one
transaction, executemany by a thousand: what any import must at least pay on that database.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.core import Databases, _registry, release
from bench.import_files import found_province, write_file

CELLS = 20
FULL_EVENTS = 1_500_000  # the full province's history, what scale 1.0 means


@dataclass
class Timed:
    """Seconds of wall clock and of this process's CPU (time.process_time) for `events`."""

    events: int
    wall: float
    cpu: float

    @property
    def rate(self) -> float:
        return self.events / self.wall

    @property
    def cpu_rate(self) -> float:
        return self.events / self.cpu if self.cpu > 0 else float("inf")


@dataclass
class ImportRates:
    dialect: str
    lines: int
    raw: Timed | None = None
    shorter: Timed | None = None  # attached, a file of a quarter of the lines: flat with scale?
    attached: Timed | None = None
    detached: Timed | None = None
    notes: list[str] = field(default_factory=list)


def lines_at(scale: float) -> int:
    return max(500, round(FULL_EVENTS * scale))


def raw_inserts(url: str, path: Path) -> Timed:
    """The file's lines decoded and inserted as plain rows: the floor under any import."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, insert

    meta = MetaData()
    rows = Table(
        "bench_raw_import",
        meta,
        Column("id", Integer, primary_key=True),
        Column("org", String(64), nullable=False),
        Column("client_key", String(128), nullable=False, unique=True),
        Column("body", Text, nullable=False),
    )
    from services.config import Settings

    engine = create_engine(Settings(database_url=url, deployment="bench").sqlalchemy_url())
    try:
        meta.create_all(engine)  # and the pool's connection, opened before the clock starts
        wall, cpu = time.perf_counter(), time.process_time()
        count = 0
        with engine.begin() as conn, path.open(encoding="utf-8") as lines:
            chunk: list[dict[str, Any]] = []
            for line in lines:
                record = json.loads(line)
                chunk.append({"org": record["org"], "client_key": record["id"], "body": line})
                if len(chunk) == 1000:
                    conn.execute(insert(rows), chunk)
                    count, chunk = count + len(chunk), []
            if chunk:
                conn.execute(insert(rows), chunk)
                count += len(chunk)
        return Timed(count, time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        engine.dispose()


def ndjson_import(url: str, path: Path, attached: bool) -> Timed:
    """`import_events` of the file into a fresh database whose province is founded first."""
    from datetime import UTC, datetime

    from services.importing.run import import_events

    registry = _registry(url, lambda: datetime.now(UTC), attached)
    try:
        found_province(registry, CELLS)
        wall, cpu = time.perf_counter(), time.process_time()
        done = import_events(registry, path, "bench:import")
        return Timed(done.stored, time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        release(registry)


def measure(dialect: str, scale: float, say: Callable[[str], None]) -> ImportRates:
    from bench.import_files import cells

    found = ImportRates(dialect, lines_at(scale))
    folder = Path(tempfile.mkdtemp(prefix="sodang_bench_ndjson_"))
    path = write_file(folder / "admissions.ndjson", found.lines, cells(CELLS))
    quarter = write_file(folder / "quarter.ndjson", found.lines // 4, cells(CELLS))
    dbs = Databases(dialect)
    try:
        say(f"[{dialect}] {found.lines:,} NDJSON lines: raw inserts, then the import")
        found.raw = raw_inserts(dbs.url("raw"), path)
        say(f"    raw inserts {found.raw.rate:,.0f}/s")
        found.shorter = ndjson_import(dbs.url("quarter"), quarter, True)
        say(f"    projections attached, {found.lines // 4:,} lines {found.shorter.rate:,.0f}/s")
        found.attached = ndjson_import(dbs.url("attached"), path, True)
        say(f"    projections attached {found.attached.rate:,.0f}/s")
        found.detached = ndjson_import(dbs.url("detached"), path, False)
        say(f"    detached {found.detached.rate:,.0f}/s")
        for timed in (found.attached, found.detached):
            if timed.events != found.lines:
                found.notes.append(f"stored {timed.events:,} of {found.lines:,} lines")
    finally:
        dbs.close()
        shutil.rmtree(folder, ignore_errors=True)
    return found
