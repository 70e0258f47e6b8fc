"""Peak memory and time of `sodang events import` for files of growing length (issue 10 item 12).

Each import runs in a fresh child process (the CLI's own code path, projections attached) and
reports its peak resident set size (getrusage ru_maxrss), so one measurement never inherits
another's heap.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.import_files import found_province, write_file

ROOT = Path(__file__).resolve().parent.parent


def child(url: str, path: str) -> None:
    """Runs in the child: import the file, print peak RSS (MB), seconds and events stored."""
    from services.config import Settings
    from services.importing.run import import_events
    from services.wiring import build_registry

    registry = build_registry(Settings(database_url=url, deployment="bench"))
    started = time.perf_counter()
    report = import_events(registry, Path(path), "bench:import")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"peak_mb": round(peak, 1), "seconds": round(seconds, 2), "stored": report.stored}
        )
    )
    registry.close()


def measure(url: str, lines: int, cells: list[str], workdir: Path, prefix: str) -> dict[str, float]:
    path = write_file(workdir / f"{prefix}.ndjson", lines, cells, key_prefix=prefix)
    run = subprocess.run(
        [sys.executable, "-m", "bench.import_memory", "child", url, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def growth(baseline: tuple[int, dict[str, float]], later: tuple[int, dict[str, float]]) -> float:
    """Peak RSS added per 1,000 lines of file, from the baseline (the first, shortest file) to
    a longer one: the figure that must stay near the organizations' rolls (issue 10 item 12),
    whatever the interpreter, the libraries and the caches cost at any length."""
    (base_lines, base), (lines, figures) = baseline, later
    return (figures["peak_mb"] - base["peak_mb"]) / ((lines - base_lines) / 1000)


def main(
    sizes: list[int], dialect: str, cell_count: int = 20
) -> list[tuple[int, dict[str, float]]]:
    from bench.core import Databases
    from services.config import Settings
    from services.wiring import build_registry

    dbs = Databases(dialect)
    workdir = Path(tempfile.mkdtemp(prefix="sodang_import_mem_"))
    results = []
    try:
        for size in sizes:
            url = dbs.url(f"mem{size}")
            registry = build_registry(Settings(database_url=url, deployment="bench"))
            cells = found_province(registry, cell_count)
            registry.close()
            figures = measure(url, size, cells, workdir, f"m{size}")
            if results:
                figures["mb_per_1000"] = growth(results[0], (size, figures))
            growth_text = (
                f", {figures['mb_per_1000']:.2f} MB per 1,000 lines above the first file"
                if "mb_per_1000" in figures
                else ""
            )
            print(
                f"{dialect} {size:>7,} lines: peak {figures['peak_mb']:.0f} MB, "
                f"{figures['seconds']:.1f} s{growth_text}",
                flush=True,
            )
            results.append((size, figures))
    finally:
        dbs.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return results


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3])
    else:
        main([int(x) for x in sys.argv[2].split(",")], sys.argv[1])
