"""An import beside live traffic (issue 10 item 12): a web user writes to one of the file's
cells every WRITE_EVERY seconds while a file of N lines is imported.

Measured: whether the import succeeds, its time, how many whole restarts it needed (a
conflict with a writer ignoring the gate), and the user's write latencies: they wait for the
writers' gate while the import holds it, and after GATE_WAIT seconds are told to try again
(they do, with the same key).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench import report
from bench.import_files import found_province, write_file
from services.registry import GATE_WAIT

WRITE_EVERY = 0.2


@dataclass(frozen=True)
class LiveResult:
    dialect: str
    lines: int
    outcome: str
    seconds: float
    restarts: int
    writes: int
    write_p50_ms: float
    write_max_ms: float
    told_to_retry: int


def measure(dialect: str, lines: int, cell_count: int = 20) -> LiveResult:
    from bench.core import Databases
    from domain.roll.profile import MemberProfile
    from domain.roll.values import Education, PoliticalTheory, Sector, Sex
    from services.config import Settings
    from services.front_door.bus import handle
    from services.front_door.commands import RecordEvent
    from services.importing.run import ImportRun
    from services.registry import ConcurrencyError
    from services.roll.commands import Admit, MemberRef
    from services.wiring import build_registry

    dbs = Databases(dialect)
    workdir = Path(tempfile.mkdtemp(prefix="sodang_import_live_"))
    try:
        settings = Settings(database_url=dbs.url(f"live{lines}"), deployment="bench")
        registry = build_registry(settings)
        web = build_registry(settings)
        cells = found_province(registry, cell_count)
        path = write_file(workdir / "file.ndjson", lines, cells)
        stop = threading.Event()
        latencies: list[float] = []
        told_to_retry: list[int] = []

        def user() -> None:
            number = 0
            while not stop.wait(WRITE_EVERY):
                number += 1
                person = MemberProfile(
                    f"7{number:011d}", "Web Thử", Sex.MALE, date(1990, 1, 1), "Kinh", None,
                    Education.UNIVERSITY, PoliticalTheory.BASIC, True, Sector.STATE_AGENCY,
                )  # fmt: skip
                command = Admit(MemberRef(profile=person), date(2022, 5, 2))
                started = time.perf_counter()
                while True:  # "an import is being stored; try again": with the same key
                    try:
                        event = RecordEvent(cells[0], command, f"web-{number}")
                        handle(web, event, recorded_by="web")
                        break
                    except ConcurrencyError:
                        told_to_retry.append(1)
                latencies.append((time.perf_counter() - started) * 1000)

        writer = threading.Thread(target=user, daemon=True)
        writer.start()
        started = time.perf_counter()
        outcome, restarts = "stored", 0
        try:
            with ImportRun(registry, path, "bench:import", None) as run:
                run.execute()
                restarts = run.restarts
        except Exception as error:  # reported, not raised: the figure is the outcome
            outcome = f"failed: {type(error).__name__}"
        seconds = time.perf_counter() - started
        stop.set()
        writer.join(timeout=60)
        registry.close()
        web.close()
        p50 = report.percentile(latencies, 50)
        return LiveResult(
            dialect, lines, outcome, seconds, restarts, len(latencies), p50,
            max(latencies, default=float("nan")), len(told_to_retry),
        )  # fmt: skip
    finally:
        dbs.close()
        shutil.rmtree(workdir, ignore_errors=True)


def render(results: list[LiveResult]) -> str:
    rows: list[list[object]] = [
        [
            r.dialect,
            f"{r.lines:,}",
            r.outcome,
            f"{r.seconds:.1f} s",
            r.restarts,
            r.writes,
            f"{r.write_p50_ms:.0f} / {r.write_max_ms:.0f} ms",
            r.told_to_retry,
        ]
        for r in results
    ]
    return report.table(
        [
            "database",
            "lines",
            "import",
            "import time (incl. catch-up)",
            "whole restarts",
            "user writes meanwhile",
            "user write p50 / max (retries included)",
            f"told to try again (waited > {GATE_WAIT:.0f} s)",
        ],
        rows,
    )


def main(sizes: list[int], dialects: list[str]) -> list[LiveResult]:
    results = []
    for dialect in dialects:
        for size in sizes:
            result = measure(dialect, size)
            print(result, flush=True)
            results.append(result)
    return results
