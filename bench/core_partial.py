"""The report of a `bench core` run stopped before its end, from the run's own log.

`python -m bench.core_partial LOG [--database NAME] [--reason TEXT]`. At scale 1.0 the write
side's import alone can outlast the time given to the run; the progress lines it printed
(bench/core_progress.py: clock, events done, rates, memory, database size, CPU) are then the
only figures it produced. This turns them into the section the finished run would have written,
with what was not reached said plainly and the total time extrapolated from the last rates.
With `--database`, the stopped run's PostgreSQL database is measured table by table
(bench/pg_tables.py) before the caller drops it.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

from bench import report
from bench.core_progress import Point
from bench.core_report import CURVE_HEADERS, curve_rows
from bench.pg_tables import measure

LINE = re.compile(
    r"(?P<clock>\d\d:\d\d:\d\d) UTC events (?P<done>[\d,]+)/(?P<total>[\d,]+): "
    r"elapsed (?P<elapsed>[\d,]+) s, (?P<rate>[\d,]+)/s overall, (?P<recent>[\d,]+)/s recent; "
    r"(?:cpu (?P<cpu>[\d,]+) s; )?rss (?P<rss>[\d,]+) MiB .*?database (?P<db>[\d,]+|\?)"
)


def _n(text: str) -> float:
    return float(text.replace(",", ""))


def parse(text: str) -> tuple[list[Point], int, dict[str, str], dict[str, str], str]:
    """The import's points, its total, the machine and versions, and the generation line."""
    points: list[Point] = []
    total = 0
    machine: dict[str, str] = {}
    versions: dict[str, str] = {}
    generated = ""
    for line in text.splitlines():
        if line.startswith("machine: "):
            machine = ast.literal_eval(line.removeprefix("machine: "))
        elif line.startswith("versions: "):
            versions = ast.literal_eval(line.removeprefix("versions: "))
        elif " generated in " in line:
            generated = line.split(" UTC ", 1)[-1]
        elif found := LINE.search(line):
            total = int(_n(found["total"]))
            points.append(
                Point(
                    clock=found["clock"],
                    done=int(_n(found["done"])),
                    elapsed=_n(found["elapsed"]),
                    rate=_n(found["rate"]),
                    recent=_n(found["recent"]),
                    rss_mib=_n(found["rss"]),
                    database_bytes=None if found["db"] == "?" else int(_n(found["db"]) * 1e6),
                    cpu=None if found["cpu"] is None else _n(found["cpu"]),
                )
            )
    return points, total, machine, versions, generated


def render(
    log: Path, database: str | None, reason: str, command: str, notes: list[str] | None = None
) -> str:
    points, total, machine, versions, generated = parse(log.read_text(encoding="utf-8"))
    if not points:
        raise SystemExit(f"{log}: no progress lines of the import")
    last = points[-1]
    tail = [p for p in points if p.elapsed >= last.elapsed - 1800] or points
    span = last.elapsed - tail[0].elapsed
    late_rate = (last.done - tail[0].done) / span if span > 0 else last.rate
    remaining_hours = (total - last.done) / late_rate / 3600 if late_rate else float("inf")
    lines = [
        "## Core at province scale (scale 1.0, PostgreSQL)",
        "",
        f"Run: `{command}` (its log {log.name}, read by `python -m bench.core_partial`).",
        "",
        report.table(["", ""], [[k, v] for k, v in {**machine, **versions}.items()]),
        "",
        f"Province: {generated}.",
        "",
        f"**The run did not finish.** {reason} It was stopped at {last.clock} UTC after "
        f"{last.done:,} of {total:,} events of the write side's import ({last.done / total:.0%}) "
        f"in {last.elapsed:,.0f} s; the import with the projections attached was skipped, and "
        "the rebuild and the query latencies were not reached. At the rate of its last half "
        f"hour ({late_rate:,.0f} events/s) the rest of the import would have taken "
        f"{remaining_hours:,.1f} more hours.",
        "",
        "### The write side's import over time (a line every 10,000 events)",
        "",
        report.table(CURVE_HEADERS, curve_rows(points, 24)),
        "",
    ]
    if database:
        url = f"postgresql://postgres@127.0.0.1:5432/{database}"
        tables, size = measure(url)
        rows: list[list[object]] = [
            [t.name, f"{t.size / 1e6:,.1f}", f"{t.rows:,}", f"{t.size / last.done:,.0f}"]
            for t in tables
            if t.size >= 1_000_000
        ]
        rows.append(["the whole database", f"{size / 1e6:,.1f}", "", f"{size / last.done:,.0f}"])
        lines += [
            f"### Tables when stopped ({last.done:,} imported events; the log alone, no read "
            "models: they were to be rebuilt after the import)",
            "",
            report.table(["table", "MB", "rows", "bytes per imported event"], rows),
            "",
        ]
    for note in notes or []:
        lines += [note, ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.core_partial", description=__doc__)
    parser.add_argument("log", type=Path)
    parser.add_argument("--database", default=None, help="the stopped run's PostgreSQL database")
    parser.add_argument("--reason", default="", help="why it was stopped, one sentence")
    parser.add_argument(
        "--command",
        default="python -m bench core --scale 1.0 --db postgresql --skip-attached",
        help="the stopped run's command line, environment included",
    )
    parser.add_argument(
        "--note", action="append", default=[], help="a paragraph to add (measures from outside)"
    )
    args = parser.parse_args()
    text = render(args.log, args.database, args.reason, args.command, args.note)
    print(text)
    print(f"\nwritten: {report.write_section('core-province', text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
