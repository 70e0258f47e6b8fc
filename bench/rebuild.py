"""Issue 12 item 2: projection rebuild speed beside a decoded read of the same log.

One database per dialect is filled once (the synthetic province imported with the projections
detached), then each round times, back to back so that the machine's noise hits both alike:

* the baseline: reading the figures projection's events from the log and decoding them
  (`select_notifications` in rebuild batches + `mapper.to_domain_event`), nothing else;
* `Runner(registry, "figures").rebuild()`;
* the rebuild of every projection (what `sodang projections rebuild` does).

Figures are medians over the rounds, in imported events per second (the province's events,
as the issue's table counts them) and as a ratio to the baseline of the same round.
"""

from __future__ import annotations

import contextlib
import cProfile
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench import report
from bench.core import Databases, _load
from bench.province import generate

TARGET = 15_000
GOAL = 30_000


@dataclass
class Rounds:
    dialect: str
    events: int  # imported events (the province's)
    records: int = 0  # stored events the figures projection reads
    baseline: list[float] = field(default_factory=list)  # seconds per round
    figures: list[float] = field(default_factory=list)
    everything: list[float] = field(default_factory=list)
    # CPU seconds of this process per step (time.process_time): on a shared machine the wall
    # clock counts the other jobs too; the database server's own CPU is not in it.
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def spent(self, label: str, seconds: float) -> None:
        self.cpu.setdefault(label, []).append(seconds)

    def rate(self, samples: list[float]) -> float:
        return self.events / statistics.median(samples)

    def ratio(self, samples: list[float]) -> float:
        """How many times the decoded log read the rebuild takes (median of the rounds)."""
        return statistics.median(s / b for s, b in zip(samples, self.baseline, strict=True))


def read_log(registry: Any, batch: int) -> int:
    """Read and decode every event the figures projection follows: the floor of a rebuild."""
    from projections.counts.figures import FiguresProjection

    topics, position, count = FiguresProjection.topics, 0, 0
    while True:
        notes = registry.recorder.select_notifications(
            position, batch, topics=topics, inclusive_of_start=False
        )
        for note in notes:
            registry.mapper.to_domain_event(note)
        count += len(notes)
        if len(notes) < batch:
            return count
        position = notes[-1].id


def time_rounds(
    registry: Any, found: Rounds, rounds: int, profile: str, say: Callable[[str], None]
) -> Rounds:
    """Time `rounds` rounds of the log read, the figures rebuild and every rebuild, back to back,
    on a registry whose log is filled; the figures are added to `found`."""
    from projections.runner import PROJECTIONS, REBUILD_BATCH, Runner

    dialect = found.dialect
    for number in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        found.records = read_log(registry, REBUILD_BATCH)
        found.baseline.append(time.perf_counter() - started)
        found.spent("baseline", time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        if profile and number == 0:
            with cProfile.Profile() as profiler:
                Runner(registry, "figures").rebuild()
            profiler.dump_stats(f"{profile}.{dialect}")
        else:
            Runner(registry, "figures").rebuild()
        found.figures.append(time.perf_counter() - started)
        found.spent("figures", time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        for name in PROJECTIONS:
            Runner(registry, name).rebuild()
        found.everything.append(time.perf_counter() - started)
        found.spent("everything", time.process_time() - cpu)
        say(
            f"    round {number + 1}: log read {found.baseline[-1]:.2f} s, figures "
            f"{found.figures[-1]:.2f} s, all projections {found.everything[-1]:.2f} s"
        )
    return found


def run_database(
    dialect: str, scale: float, rounds: int, profile: str, say: Callable[[str], None]
) -> Rounds:
    province = generate(scale)
    found = Rounds(dialect, len(province.events))
    dbs = Databases(dialect)
    try:
        say(f"[{dialect}] import {len(province.events):,} events, projections detached")
        registry, _ = _load(dbs.url("r"), province, False, say)
        time_rounds(registry, found, rounds, profile, say)
        with contextlib.suppress(Exception):
            registry.close()
    finally:
        dbs.close()
    return found


def render(results: list[Rounds], scale: float, rounds: int, started: datetime) -> str:
    rows = []
    for r in results:
        for label, key, samples in (
            ("decoded log read (baseline)", "baseline", r.baseline),
            ("rebuild figures", "figures", r.figures),
            ("rebuild every projection", "everything", r.everything),
        ):
            rows.append(
                [
                    r.dialect,
                    label,
                    f"{statistics.median(samples):.2f}",
                    f"{statistics.median(r.cpu[key]):.2f}",
                    f"{r.rate(samples):,.0f}",
                    f"{r.ratio(samples):.2f}x",
                    "" if samples is r.baseline else _status(r.rate(samples)),
                ]
            )
    province = generate(scale)
    return "\n\n".join(
        [
            "## Rebuild: figures set-wise (issue 12, item 2)",
            report.facts(report.command_line(), started, report.machine(), report.versions()),
            f"Scale {scale}: {province.describe()}. The figures projection reads "
            f"{results[0].records:,} stored events of the log. {rounds} rounds; each times the "
            "decoded log read, the figures rebuild and the rebuild of every projection back to "
            "back. Medians; events/s are the province's imported events per second of the step; "
            "the ratio is the step's time over the log read of the same round (median of the "
            "rounds' ratios). CPU seconds are the bench process's own (median), without the "
            "database server's.",
            report.table(
                [
                    "database",
                    "step",
                    "seconds",
                    "CPU s (this process)",
                    "imported events/s",
                    "x log read",
                    f"target {TARGET:,} / goal {GOAL:,}",
                ],
                rows,
            ),
        ]
    )


def _status(rate: float) -> str:
    if rate >= GOAL:
        return "goal met"
    return "target met" if rate >= TARGET else "**missed**"


def main(scale: float, databases: list[str], rounds: int, profile: str) -> int:
    started = report.now()

    def say(text: str) -> None:
        print(text, flush=True)

    results = [run_database(d, scale, rounds, profile, say) for d in databases]
    text = render(results, scale, rounds, started)
    print(text)
    report.write_section("rebuild", text)
    return 0
