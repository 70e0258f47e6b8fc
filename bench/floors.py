"""Issue 12: the floors under the contract's missed rows, each stage alone beside the whole.

The contract (bench/contract.py) prints each figure beside one baseline. Where a target is
missed, the bound that stops it is measured here rather than asserted. For each database, at
the contract's reduced scale:

* import, per line of an NDJSON file of admissions over 20 cells: the lines JSON-decoded; the
  schema check alone (`parse_line`: the declared body schema and the command, no database); the
  contract's raw inserts; the import with the write side alone; with the projections attached.
  The targets leave 100 µs per line (10,000/s, write side alone) and 200 µs (5,000/s, attached).
* rebuild, per imported event of the bench province: the decoded log read (the contract's
  baseline); the figure tables' rows alone, inserted from memory into fresh tables of the same
  format by the projection's own bulk insert (what any rebuild into this format pays with no
  computing at all); the figures rebuild. The target leaves 67 µs per event (15,000/s).
* reads, per call (samples interleaved): the roll of a cell and the standing of the province
  for a year, each against the CRUD count of the same level; each pair twice: the statements
  alone on a connection held open (the call's own statements, captured from one call of it, sent
  again: the database's part and the driver's), then both by their full paths (the contract's
  pairs: a pooled connection, a transaction, the snapshot, the records).

Import and rebuild stages give this process's CPU seconds (the steadier figure on a shared
machine; the database server's own CPU is not in them) and wall clock.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import import_rate, report
from bench.core import CRUD_SQL, Databases, _load, baseline_queries, build_baseline, release
from bench.import_files import cells, write_file
from bench.province import generate
from bench.rebuild import read_log

Say = Callable[[str], None]
BUDGET = {"import detached": 1e6 / 10_000, "import attached": 1e6 / 5_000, "rebuild": 1e6 / 15_000}
SCRATCH_GENERATION = 9_000  # the rows-alone copy's tables: far above any real generation


@dataclass
class Stage:
    """One stage: `units` lines or events in `wall` and `cpu` seconds (medians of the rounds)."""

    part: str
    label: str
    units: int
    wall: float
    cpu: float
    budget: str = ""  # the BUDGET key the stage is read against

    def per_unit(self, seconds: float) -> float:
        return seconds / self.units * 1e6


@dataclass
class Found:
    dialect: str
    stages: list[Stage] = field(default_factory=list)
    calls: dict[str, list[float]] = field(default_factory=dict)  # reads: ms per call
    notes: list[str] = field(default_factory=list)

    def staged(self, part: str, units: int) -> Callable[..., None]:
        """A recorder of `part`'s stages over `units` lines or events:
        `stage(label, (wall, cpu), budget="")`."""

        def stage(label: str, wall_cpu: tuple[float, float], budget: str = "") -> None:
            self.stages.append(Stage(part, label, units, *wall_cpu, budget))

        return stage


def timed(step: Callable[[], object], rounds: int = 1) -> tuple[float, float]:
    """(wall, CPU) seconds of `step`, medians over `rounds` runs."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


# -- import --------------------------------------------------------------------------------


def import_stages(found: Found, lines: int, say: Say) -> None:
    from services.importing.importer import parse_line

    folder = Path(tempfile.mkdtemp(prefix="sodang_bench_floors_"))
    dbs = Databases(found.dialect)
    try:
        path = write_file(folder / "admissions.ndjson", lines, cells(import_rate.CELLS))
        text = path.read_text(encoding="utf-8").splitlines()
        say(f"[{found.dialect}] import stages, {lines:,} lines")
        stage = found.staged("import", lines)

        stage("lines JSON-decoded", timed(lambda: [json.loads(line) for line in text], 3))
        stage(
            "schema check alone (`parse_line`: JSON, body schema, command; no database)",
            timed(lambda: [parse_line(n, line) for n, line in enumerate(text, 1)], 3),
        )
        for label, result, budget in (
            (
                "raw inserts (the contract's baseline)",
                import_rate.raw_inserts(dbs.url("raw"), path),
                "",
            ),
            (
                "import, write side alone",
                import_rate.ndjson_import(dbs.url("detached"), path, False),
                "import detached",
            ),
            (
                "import, projections attached",
                import_rate.ndjson_import(dbs.url("attached"), path, True),
                "import attached",
            ),
        ):
            if result.events != lines:
                found.notes.append(f"{label}: stored {result.events:,} of {lines:,} lines")
            stage(label, (result.wall, result.cpu), budget)
    finally:
        dbs.close()
        shutil.rmtree(folder, ignore_errors=True)


# -- rebuild and roll ----------------------------------------------------------------------


def figure_rows(engines: Any, province: str) -> dict[str, tuple[list[str], list[Any]]]:
    """Every row of the active figures generation's tables, as tuples by table name."""
    from sqlalchemy import select

    from projections.store.schema import figure_tables, projection_state

    with engines.read.begin() as conn:
        generation = conn.execute(
            select(projection_state.c.generation).where(
                projection_state.c.name == "figures", projection_state.c.active.is_(True)
            )
        ).scalar_one()
        tables = figure_tables(generation, province)
        return {
            table.name: (
                [c.name for c in table.columns],
                [tuple(row) for row in conn.execute(select(table)).all()],
            )
            for table in tables.metadata.sorted_tables
        }


def scratch_tables(engines: Any, province: str) -> Any:
    """Fresh, empty tables of the figures' format (indexes included) for the rows alone."""
    from projections.store.schema import figure_tables

    scratch = figure_tables(SCRATCH_GENERATION, province)
    with engines.write.begin() as conn:
        scratch.metadata.drop_all(conn)
        scratch.metadata.create_all(conn)
    return scratch


def rows_alone(engines: Any, scratch: Any, rows: dict[str, tuple[list[str], list[Any]]]) -> None:
    """Insert `rows` into the scratch tables by the projection's own bulk insert, one
    transaction (the rebuild commits once per batch: this is the cheaper of the two)."""
    from projections.store.engine import bulk

    by_kind = {t.name.rsplit("_v", 1)[0]: t for t in scratch.metadata.sorted_tables}
    with engines.write.begin() as conn:
        for name, (columns, values) in rows.items():
            bulk(conn, by_kind[name.rsplit("_v", 1)[0]], columns, values)


def rebuild_and_reads(found: Found, scale: float, samples: int, seed: int, say: Say) -> None:
    from sqlalchemy import func, select

    from projections.runner import REBUILD_BATCH, Runner
    from projections.store.engine import engines_for

    province = generate(scale)
    events = len(province.events)
    dbs = Databases(found.dialect)
    registry = None
    try:
        say(f"[{found.dialect}] load {events:,} events detached, then the rebuild stages")
        registry, _ = _load(dbs.url("floors"), province, False, say)
        engines = engines_for(registry.settings)
        name = registry.settings.deployment
        stage = found.staged("rebuild", events)

        stage(
            "decoded log read (the contract's baseline)",
            timed(lambda: read_log(registry, REBUILD_BATCH)),
        )
        stage("figures rebuild", timed(lambda: Runner(registry, "figures").rebuild()), "rebuild")
        rows = figure_rows(engines, name)
        scratch = scratch_tables(engines, name)
        stage(
            "the figure tables' rows alone, inserted from memory",
            timed(lambda: rows_alone(engines, scratch, rows)),
            "rebuild",
        )
        written = sum(len(values) for _, values in rows.values())
        with engines.write.begin() as conn:
            copied = sum(
                conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in scratch.metadata.sorted_tables
            )
            scratch.metadata.drop_all(conn)
        if copied != written:
            found.notes.append(f"{found.dialect}: the rows alone wrote {copied:,} of {written:,}")
        found.notes.append(
            f"{found.dialect}: the figure tables hold {written:,} rows for {events:,} imported "
            f"events ({written / events:.1f} per event): "
            + ", ".join(
                f"{table.split('_v')[0]} {len(values):,}" for table, (_, values) in rows.items()
            )
        )

        reads(found, registry, province, samples, seed, say)
    finally:
        if registry is not None:
            release(registry)
        dbs.close()


# -- reads: each call's own statements replayed on a connection held open -------------------

Captured = list[tuple[str, Any]]  # (statement, driver parameters) as sent to the database


def statements_of(engine: Any, call: Callable[[], object]) -> Captured:
    """What `call` sends to the database through `engine`, transaction control left out."""
    from sqlalchemy import event

    captured: Captured = []

    def capture(_c: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.split(" ", 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return captured


def reads(found: Found, registry: Any, province: Any, samples: int, seed: int, say: Say) -> None:
    """The roll of a cell and the standing of the province for a year, each four ways: the
    CRUD count of the same level and the call's own statements (captured from one call, the
    projection state's read included) on a connection held open; then both by their full
    paths. Samples interleaved, a random cell or year each."""
    from sqlalchemy import text

    from bench.province import PROVINCE
    from projections.queries import Queries
    from projections.store.engine import engines_for

    say(f"[{found.dialect}] roll and standing: {samples} samples of each, interleaved")
    engines = engines_for(registry.settings)
    build_baseline(engines.write, province)
    crud = baseline_queries(engines.read)
    queries = Queries(registry.settings)
    count = {level: text(sql) for level, sql in CRUD_SQL.items()}
    years = [str(y) for y in range(2006, province.today.year + 1)]

    def standing(year: str) -> object:
        return queries.standing(PROVINCE, year, as_of=None)

    rolls = {c: statements_of(engines.read, partial(queries.roll, c)) for c in province.cells}
    standings = {y: statements_of(engines.read, partial(standing, y)) for y in years}
    rng = random.Random(seed)
    with engines.read.connect() as held:

        def replay(captured: Captured) -> None:
            for statement, parameters in captured:
                held.exec_driver_sql(statement, parameters).all()

        cases: dict[str, tuple[str, Callable[[str], object]]] = {
            "CRUD count(cell), held open": (
                "cell",
                lambda c: held.execute(count["cell"], {"code": c}).all(),
            ),
            "roll(cell): its statements, held open": ("cell", lambda c: replay(rolls[c])),
            "CRUD count(cell), full path": ("cell", crud["cell"]),
            "roll(cell), full path": ("cell", queries.roll),
            "CRUD count(province), held open": (
                "year",
                lambda _: held.execute(count["province"], {"code": PROVINCE}).all(),
            ),
            "standing(province, year): its statements, held open": (
                "year",
                lambda y: replay(standings[y]),
            ),
            "CRUD count(province), full path": ("year", lambda _: crud["province"](PROVINCE)),
            "standing(province, year), full path": ("year", standing),
        }
        for kind, case in cases.values():  # warm caches, pools and plans
            for _ in range(5):
                case(rng.choice(province.cells) if kind == "cell" else rng.choice(years))
        found.calls = {label: [] for label in cases}
        for _ in range(samples):
            cell, year = rng.choice(province.cells), rng.choice(years)
            for label, (kind, case) in cases.items():
                started = time.perf_counter_ns()
                case(cell if kind == "cell" else year)
                found.calls[label].append((time.perf_counter_ns() - started) / 1e6)


# -- the report ----------------------------------------------------------------------------


def render(results: list[Found], scale: float, lines: int, samples: int, started: datetime) -> str:
    rows: list[list[object]] = []
    for found in results:
        for s in found.stages:
            budget = BUDGET.get(s.budget)
            rows.append(
                [
                    found.dialect,
                    s.part,
                    s.label,
                    f"{s.per_unit(s.cpu):,.1f}",
                    f"{s.per_unit(s.wall):,.1f}",
                    (
                        f"{budget:,.0f} µs: wall {s.per_unit(s.wall) / budget:.1f}x, "
                        f"CPU {s.per_unit(s.cpu) / budget:.1f}x"
                    )
                    if budget
                    else "",
                ]
            )
    calls: list[list[object]] = []
    for found in results:
        p50 = {label: statistics.median(ms) for label, ms in found.calls.items()}
        for label, ms in p50.items():
            # Over the CRUD count of the same level by the same path (held open or full).
            level = "cell" if label.startswith(("roll", "CRUD count(cell)")) else "province"
            path = label.rsplit(", ", 1)[1]
            count = p50.get(f"CRUD count({level}), {path}", 0.0)
            calls.append([found.dialect, label, f"{ms:.3f}", f"{ms / count:.1f}x" if count else ""])
    province = generate(scale)
    notes = [f"- {note}" for found in results for note in found.notes]
    return "\n\n".join(
        [
            "## Floors under the missed rows: each stage alone (issue 12)",
            report.facts(report.command_line(), started, report.machine(), report.versions()),
            f"Import: an NDJSON file of {lines:,} admissions over {import_rate.CELLS} cells, each "
            f"into a fresh database. Rebuild and reads: the province at scale {scale} "
            f"({province.describe()}), loaded with the projections detached. µs per line "
            "(import) or per imported event (rebuild), of this process's CPU (the database "
            "server's own is not in it) and wall clock; a stage read against a target shows the "
            "budget per line or event the target leaves (targets are judged on wall clock) and "
            "how many budgets the stage alone fills, by wall clock and by this process's CPU.",
            report.table(
                ["database", "part", "stage", "CPU µs each", "wall µs each", "target's budget"],
                rows,
            ),
            f"Roll of a cell and standing of the province for a year, {samples} samples of each, "
            "interleaved, a random cell or year each (p50 wall clock, ms; the ratio is over the "
            "CRUD count of the same level by the same path). 'Its statements, held open': what "
            "one call sent to the database (captured from it, the projection state's read "
            "included), sent again on a connection held open in one transaction:",
            report.table(["database", "call", "p50 ms", "x the count, same path"], calls),
            "\n".join(notes),
        ]
    )


def main(scale: float, lines: int, databases: list[str], samples: int, seed: int) -> int:
    started = report.now()

    def say(text: str) -> None:
        print(text, flush=True)

    results = []
    for dialect in databases:
        found = Found(dialect)
        import_stages(found, lines, say)
        rebuild_and_reads(found, scale, samples, seed, say)
        results.append(found)
    text = render(results, scale, lines, samples, started)
    print(text)
    report.write_section("floors", text)
    return 0
