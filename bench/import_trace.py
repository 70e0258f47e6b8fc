"""Where an import's memory goes, phase by phase (issue 10 item 12): tracemalloc in the child.

`python -m bench.import_trace DIALECT 10000,40000` imports files of those lengths (each in a
fresh process, as bench.import_memory does) with tracemalloc on, and prints per phase
(applying the file, storing it, the projections' catch-up) the phase's traced peak and the
ten biggest allocation sites alive at its end. Comparing two lengths shows what grows with
the file. tracemalloc sees Python's heap only, not libpq's buffers: the RSS figures of
bench.import_memory stay the measure; this says where to look.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.import_files import found_province, write_file

ROOT = Path(__file__).resolve().parent.parent
FRAMES = 8
TOP = 10


class Phases:
    """Snapshots taken at the end of each phase, with the traced peak during it."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def mark(self, phase: str) -> None:
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        top = [
            {"kb": round(stat.size / 1024), "count": stat.count, "where": _where(stat.traceback)}
            for stat in snapshot.statistics("traceback")[:TOP]
        ]
        self.rows.append(
            {
                "phase": phase,
                "peak_mb": round(peak / 2**20, 1),
                "now_mb": round(current / 2**20, 1),
                "top": top,
            }
        )
        tracemalloc.reset_peak()


def _where(traceback: tracemalloc.Traceback) -> str:
    """The innermost frames of the project (or the library call site), short."""
    frames = [f for f in traceback if "site-packages" not in f.filename] or list(traceback)
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames[:3])


def _wrap(
    owner: Any, name: str, before: Callable[[], None] | None, after: Callable[[], None]
) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if before is not None:
            before()
        result = original(*args, **kwargs)
        after()
        return result

    setattr(owner, name, wrapped)


def child(url: str, path: str) -> None:
    from services.config import Settings
    from services.importing import run
    from services.importing.run import import_events
    from services.integrity import recorders
    from services.wiring import build_registry

    registry = build_registry(Settings(database_url=url, deployment="bench"))
    phases = Phases()
    tracemalloc.start(FRAMES)
    # ImportRun.execute: _apply_file, then _store, then the catch-up (announce_saved).
    _wrap(run.ImportRun, "_apply_file", None, lambda: phases.mark("apply"))
    # Inside the storing transaction, once every event is inserted: what the seal is given.
    _wrap(recorders, "seal", lambda: phases.mark("store: inserted"), lambda: None)
    _wrap(run.ImportRun, "_store", None, lambda: phases.mark("store: sealed, committed"))
    _wrap(type(registry), "announce_saved", None, lambda: phases.mark("catch-up"))
    import_events(registry, Path(path), "bench:import")
    tracemalloc.stop()
    print(json.dumps(phases.rows))
    registry.close()


def main(dialect: str, sizes: list[int], cell_count: int = 20) -> None:
    from bench.core import Databases
    from services.config import Settings
    from services.wiring import build_registry

    dbs = Databases(dialect)
    workdir = Path(tempfile.mkdtemp(prefix="sodang_import_trace_"))
    try:
        for size in sizes:
            url = dbs.url(f"trace{size}")
            registry = build_registry(Settings(database_url=url, deployment="bench"))
            cells = found_province(registry, cell_count)
            registry.close()
            path = write_file(workdir / f"t{size}.ndjson", size, cells, key_prefix=f"t{size}")
            done = subprocess.run(
                [sys.executable, "-m", "bench.import_trace", "child", url, str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-3000:])
            for row in json.loads(done.stdout.strip().splitlines()[-1]):
                print(
                    f"{dialect} {size:,} lines, {row['phase']}: traced peak {row['peak_mb']} MB, "
                    f"alive at its end {row['now_mb']} MB"
                )
                for stat in row["top"]:
                    print(f"    {stat['kb']:>8,} KB {stat['count']:>8,}  {stat['where']}")
    finally:
        dbs.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1], [int(x) for x in sys.argv[2].split(",")])
