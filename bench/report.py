"""Machine facts, versions, timing statistics and the sections of bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = """# Sổ Đảng benchmarks

Written by `python -m bench` (bench/). Each section below is replaced when its benchmark runs
again. Timings are medians and percentiles of samples taken on a shared, noisy 2-core machine;
compare the ratios against the baseline measured in the same run rather than absolute figures.
"""


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "cores": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "load average at start (1, 5, 15 min)": load,
        "os": platform.platform(),
    }


def _pkg(name: str) -> str:
    try:
        return version(name)
    except Exception:
        return "not installed"


def postgres_version(url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> str:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            return str(conn.execute("SHOW server_version").fetchone()[0])
    except Exception as error:
        return f"unavailable ({type(error).__name__})"


def versions(extra: dict[str, str] | None = None) -> dict[str, str]:
    found = {
        "Python": sys.version.split()[0],
        "eventsourcing": _pkg("eventsourcing"),
        "SQLAlchemy": _pkg("sqlalchemy"),
        "psycopg": _pkg("psycopg"),
        "PostgreSQL server": postgres_version(),
        "SQLite library": __import__("sqlite3").sqlite_version,
    }
    found.update(extra or {})
    return found


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) in the samples' unit."""
    return statistics.median(samples), percentile(samples, 99)


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def facts(
    command: str, started: datetime, machine_facts: dict[str, str], version_facts: dict[str, str]
) -> str:
    rows = [[k, v] for k, v in machine_facts.items()] + [[k, v] for k, v in version_facts.items()]
    return f"Command: `{command}`  \nDate: {started.strftime('%Y-%m-%d %H:%M UTC')}\n\n" + table(
        ["", ""], rows
    )


def command_line() -> str:
    return " ".join(["python -m bench", *sys.argv[1:]])


def now() -> datetime:
    return datetime.now(UTC)


def write_section(name: str, text: str, first: bool = False) -> Path:
    """Replace the section `name` of RESULTS.md, or add it: at the end, or right after the
    header when `first` (the contract, which the page opens with)."""
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{text.strip()}\n{end}"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _: block, current)
    elif first and current.startswith(HEADER):
        current = HEADER + "\n" + block + "\n\n" + current[len(HEADER) :].lstrip()
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")
    return RESULTS


def run_quiet(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception:
        return ""
