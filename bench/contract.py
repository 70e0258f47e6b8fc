"""`python -m bench contract` (and plain `python -m bench`): issue 12's contract table, now,
target and goal, on SQLite and PostgreSQL, each figure beside its baseline measured in the same
run, at a reduced scale so that the whole run takes minutes.

Per database, one after the other, with the existing benches' own code:

1. the NDJSON import, projections attached and detached, beside raw inserts of the same lines
   (bench/import_rate.py);
2. the synthetic province (bench/province.py at `scale`) loaded detached, then rounds of its
   projections' rebuild beside a decoded read of the same log (bench/rebuild.time_rounds), then
   the in-process query samples beside the CRUD count (bench/core.time_queries);
3. gunicorn + wrk over the web bench's province (scale 0.002, 15 cells): the bare Flask
   endpoint, the three GETs and the POSTed admissions (bench/web.measure).

The full-scale demo, the 10,000-organization reform and `make test` from a fresh clone take too
long for every run: they are shown from their latest recorded measurement (bench/recorded.py).
A stage that fails is reported as not measured, with its error, and the others still run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench import contract_table as t
from bench import core, import_rate, rebuild, recorded, report, web
from bench.contract_rows import Measured, rows
from bench.contract_table import Row
from bench.province import BenchProvince, generate

Say = Callable[[str], None]


FULL = "too many clients"  # PostgreSQL's connections are shared with every other session
ATTEMPTS, PAUSE = 3, 30.0


def _stage(found: Measured, name: str, say: Say, work: Callable[[], None]) -> None:
    """Run one stage; when PostgreSQL has no connection left for it, wait and run it again
    from the start (said under the table); any other failure leaves it not measured."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            work()
            if attempt > 1:
                found.errors.append(
                    f"{found.dialect}, {name}: measured at attempt {attempt}, after PostgreSQL "
                    f"refused a connection ({FULL}) and the stage was run again from the start"
                )
            return
        except Exception as error:
            say(traceback.format_exc())
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            if FULL in str(error) and attempt < ATTEMPTS:
                say(f"    {FULL}: again in {PAUSE:.0f} s")
                time.sleep(PAUSE)
                continue
            found.errors.append(
                f"{found.dialect}, {name}: not measured ({type(error).__name__}: {first_line})"
            )
            return


def measure(
    dialect: str,
    province: BenchProvince,
    web_province: BenchProvince,
    options: Options,
    workdir: Path,
    say: Say,
) -> Measured:
    found = Measured(dialect, duration=options.duration)

    def imports() -> None:
        found.imports = import_rate.measure(dialect, options.scale, say)

    def log_and_reads() -> None:
        dbs = core.Databases(dialect)
        try:
            say(f"[{dialect}] load {len(province.events):,} events detached, then rebuild rounds")
            registry, _ = core._load(dbs.url("contract"), province, False, say)
            try:
                rounds = rebuild.Rounds(dialect, len(province.events))
                found.rounds = rebuild.time_rounds(registry, rounds, options.rounds, "", say)
                found.queries, _, _ = core.time_queries(
                    registry, province, options.samples, options.seed, say
                )
            finally:
                core.release(registry)
        finally:
            dbs.close()

    def served() -> None:
        folder = workdir / dialect
        folder.mkdir()
        found.web, _ = web.measure(
            dialect, web_province, options.duration, options.connections, "all", folder, say
        )

    _stage(found, "NDJSON import", say, imports)
    _stage(found, "rebuild and in-process queries", say, log_and_reads)
    if shutil.which("wrk") is None:
        found.errors.append(f"{dialect}, web: not measured (wrk is missing: apt-get install wrk)")
    else:
        _stage(found, "gunicorn + wrk", say, served)
    return found


# -- the report and the run ----------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    scale: float = 0.004
    databases: tuple[str, ...] = ("sqlite", "postgresql")
    rounds: int = 2
    samples: int = 200
    web_scale: float = 0.002
    duration: int = 5
    connections: int = 64
    seed: int = 2024


def render(
    table: list[Row],
    measured: list[Measured],
    options: Options,
    province: BenchProvince,
    started: datetime,
    machine: dict[str, str],
    versions: dict[str, str],
) -> str:
    lines = [
        "## The contract (issue 12): each figure now, beside its baseline, target and goal",
        "",
        report.facts(report.command_line(), started, machine, versions),
        "",
        f"Load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}. "
        f"Measured in this run at a reduced scale ({options.scale}: {province.describe()}; NDJSON files of "
        f"{import_rate.lines_at(options.scale):,} admission lines over {import_rate.CELLS} cells; the web on "
        f"the province at {options.web_scale}, wrk -c{options.connections} -d{options.duration}s per endpoint), "
        "one database after the other, each figure beside its baseline measured in the same run. "
        "Rates are wall clock, which is what the targets are judged on; in brackets, per CPU second of the "
        "bench process (the steadier figure on this shared machine: PostgreSQL's own CPU is not in it). "
        f"Rebuild: median of {options.rounds} rounds. In-process queries: {options.samples} samples each, "
        'interleaved with the CRUD count. Rows marked "recorded <date>" are not measured in this run: they are '
        "the latest recorded measurement (bench/recorded.json), whose command and conditions follow the table.",
        "",
        report.table(t.HEADERS, [row.cells() for row in table]),
        "",
    ]
    seen = set()
    for row in table:
        entry = row.recorded
        if entry is not None and (entry.figure, entry.database) not in seen:
            seen.add((entry.figure, entry.database))
            lines.append(
                f"- recorded {entry.figure} ({entry.database}), {entry.date}: `{entry.command}`; {entry.conditions}"
            )
    for m in measured:
        lines += [f"- {error}" for error in m.errors]
        if m.imports:
            lines += [f"- {m.dialect}, NDJSON import: {note}" for note in m.imports.notes]
    lines.append(
        '- "flat with scale" is read here as the import\'s rate per CPU second on the long file at '
        "least 0.9 of its rate on a file of a quarter of the lines, imported just before it into a "
        "fresh database (the contract gives no number); per CPU second because the two imports "
        "meet different loads on this machine."
    )
    return "\n".join(lines)


def main(options: Options) -> int:
    started = report.now()
    machine = report.machine()
    versions = report.versions({"gunicorn": report._pkg("gunicorn"), "Flask": report._pkg("flask")})
    say: Say = lambda text: print(text, flush=True)  # noqa: E731
    say(f"machine: {machine}")
    province = generate(options.scale, options.seed)
    web_province = generate(options.web_scale, options.seed)
    say(f"province: {province.describe()}; web: {web_province.describe()}")
    workdir = Path(tempfile.mkdtemp(prefix="sodang_bench_contract_"))
    try:
        measured = [
            measure(dialect, province, web_province, options, workdir, say)
            for dialect in options.databases
        ]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = rows(measured, recorded.load())
    text = render(table, measured, options, province, started, machine, versions)
    print()
    print(text)
    print(f"\nwritten: {report.write_section('contract', text, first=True)}")
    return 0
