"""Figures too long to measure in every run of the contract (the full-scale demo, the reform of
the 10,000-organization province, `make test` from a fresh clone): the latest measurement of
each, with its date, command and conditions, kept in bench/recorded.json.

The benches that measure them record them here (bench/pages.py when it builds the full demo,
bench/reform.py at 10,000 organizations); `make test` from a clone is recorded by hand with
`python -m bench.recorded make-test SECONDS "COMMAND" "CONDITIONS"`. `python -m bench contract`
shows them marked "recorded <date>", never as if measured in its own run.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import report

RECORDED = Path(__file__).with_name("recorded.json")


@dataclass(frozen=True)
class Recorded:
    figure: str  # "demo", "reform", "make-test"
    database: str  # "sqlite", "postgresql", or "both" (make test runs on both)
    seconds: float
    date: str  # "YYYY-MM-DD HH:MM UTC"
    command: str
    conditions: str  # load average, what else ran, the scale when it is not the contract's
    full_scale: bool = True  # False: measured at a smaller scale than the contract's row


def parse(text: str) -> list[Recorded]:
    """The entries of recorded.json; a malformed entry is an error naming it, not skipped."""
    found = []
    for index, entry in enumerate(json.loads(text) if text.strip() else []):
        try:
            found.append(Recorded(**entry))
        except TypeError as error:
            raise ValueError(f"{RECORDED.name}, entry {index}: {error}") from None
    return found


def load(path: Path = RECORDED) -> list[Recorded]:
    return parse(path.read_text(encoding="utf-8")) if path.exists() else []


def latest(entries: list[Recorded], figure: str, database: str) -> Recorded | None:
    """The most recent entry of a figure on a database (dates sort as written)."""
    matching = [e for e in entries if e.figure == figure and e.database == database]
    return max(matching, key=lambda e: e.date) if matching else None


def replaced(entries: list[Recorded], entry: Recorded) -> list[Recorded]:
    """The entries with `entry` in place of the earlier one of its figure and database."""
    kept = [e for e in entries if (e.figure, e.database) != (entry.figure, entry.database)]
    return sorted([*kept, entry], key=lambda e: (e.figure, e.database))


def record(
    figure: str,
    database: str,
    seconds: float,
    command: str,
    conditions: str = "",
    full_scale: bool = True,
    path: Path = RECORDED,
) -> Recorded:
    load_now = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    entry = Recorded(
        figure,
        database,
        round(seconds, 1),
        report.now().strftime("%Y-%m-%d %H:%M UTC"),
        command,
        conditions or f"load average {load_now} at the end",
        full_scale,
    )
    entries = replaced(load(path), entry)
    path.write_text(
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return entry


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "make-test":
        raise SystemExit('usage: python -m bench.recorded make-test SECONDS "COMMAND" "CONDITIONS"')
    print(record("make-test", "both", float(sys.argv[2]), sys.argv[3], sys.argv[4]))
