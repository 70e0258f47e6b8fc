"""The `reform` section of bench/RESULTS.md (issue 6, item 5)."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import TYPE_CHECKING

from bench import report
from bench.province import BenchProvince
from bench.province_tree import FULL_MEMBERS
from bench.reform_findings import NOTES
from bench.reform_queries import PAST_DAY, SAME_SHAPE, SPECIFIED
from bench.reform_replay import REFORM_ON, NewCommittee

if TYPE_CHECKING:
    from bench.reform_runs import DbRun

TARGET_REFORM_SECONDS = 60.0  # "seconds, not minutes": the whole reform under a minute
TARGET_RATIO = 2.0  # restated p50 at most twice the structured p50


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _ratio(run: DbRun, restated: str, structured: str) -> tuple[float, float]:
    r50, r99 = report.summary(run.latencies.samples[restated])
    s50, s99 = report.summary(run.latencies.samples[structured])
    return r50 / s50, r99 / s99


def _shape(plan: dict[str, list[NewCommittee]], province: BenchProvince) -> str:
    units = [u for us in plan.values() for u in us]
    sizes: dict[int, int] = {}
    for unit in units:
        sizes[len(unit.predecessors)] = sizes.get(len(unit.predecessors), 0) + 1
    cells = len(province.cells)
    committees = sum(sizes[k] * k for k in sizes)
    by_size = ", ".join(f"{n} of {k}" for k, n in sorted(sizes.items()))
    return (
        f"The reform (effective {REFORM_ON}, recorded that morning) founds {len(units)} commune-level "
        f"committees under the province ({by_size} old grassroots committees each), merges the "
        f"{committees} grassroots committees into them (their {cells:,} cells move with their members), "
        f"and ends the {len(plan)} district committees: {1 + len(plan) + committees + cells:,} "
        f"organizations touched (the province receives the new committees), "
        f"{1 + len(plan) + committees + cells + len(units):,} with the new ones."
    )


def render(
    runs: list[DbRun],
    province: BenchProvince,
    plan: dict[str, list[NewCommittee]],
    members_scale: float,
    samples: int,
    started: datetime,
    machine: dict[str, str],
    versions: dict[str, str],
) -> str:
    on_rolls = len(province.current)
    lines = [
        "## Reform: replay and restated roll-ups (issue 6, item 5)",
        "",
        report.facts(report.command_line(), started, machine, versions),
        "",
        f"Province: {province.describe()}. The organization tree is the full one (scale 1.0); the member "
        f"history is reduced to {members_scale:g} of the full {FULL_MEMBERS:,} members, spread over all "
        f"cells (about {on_rolls / max(1, len(province.cells)):.1f} members per cell on the rolls at the "
        f"reform, against ~50 at full scale), so that set-up stays in minutes.",
        "",
        _shape(plan, province),
        "",
        "Set-up (organizations, then the member events, a follower process projecting beside the load; not in the figures): "
        + ", ".join(
            f"{r.dialect} a copy of {r.setup_reused}, kept from an earlier run"
            if r.setup_reused
            else f"{r.dialect} {r.setup_seconds:.0f} s"
            for r in runs
        )
        + ".",
        "",
        "### Replay of the reform (wall clock, seconds; projections attached: caught up inline "
        "after each save, or by a follower process beside the write side, `--follower`, the time "
        "then running until it reached the head)",
        "",
    ]
    rows = []
    for r in runs:
        t = r.times
        per = list(t.districts.values())
        rows.append(
            [
                r.dialect,
                f"{t.total:.1f}",
                f"{t.founding:.2f}",
                f"{statistics.median(per):.2f} ({min(per):.2f}-{max(per):.2f})",
                (
                    f"follower process; {t.tail:.1f} s after the last district"
                    if t.follower
                    else f"{t.projections:.1f} ({100 * t.projections / t.total:.0f}%)"
                ),
                f"{t.write_side:.1f}",
                f"{t.events:,}",
                f"{t.founded} / {t.moved:,} / {t.ended}",
            ]
        )
    lines += [
        report.table(
            [
                "database",
                "whole reform",
                "founding transaction",
                f"per district, median (min-max) of {len(plan)}",
                "projections catching up (share)",
                "write side (load, decide, save)",
                "log positions written",
                "founded / moved / ended",
            ],
            rows,
        ),
        "",
    ]
    for r in runs:
        t, moved = r.times, max(1, r.conservation.eve)
        if t.follower:
            lines.append(
                f"- {r.dialect}: {r.conservation.eve:,} members on the rolls moved with their "
                "cells, projected by a follower process while the districts were written; the "
                f"write side with it beside {1000 * t.write_side / (t.moved + t.ended + t.founded):.2f} "
                "ms per organization moved, ended or founded."
            )
            continue
        lines.append(
            f"- {r.dialect}: {r.conservation.eve:,} members on the rolls moved with their cells: "
            f"projections {1000 * t.projections / moved:.2f} ms per member moved; write side "
            f"{1000 * t.write_side / (t.moved + t.ended + t.founded):.2f} ms per "
            "organization moved, ended or founded."
        )
    lines += [
        "",
        "### Conservation",
        "",
    ]
    rows = []
    for r in runs:
        c = r.conservation
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(c.children_kinds.items()))
        rows.append(
            [
                r.dialect,
                f"{c.eve:,}",
                f"{c.day:,}",
                f"{c.restated_eve:,}",
                f"{c.successors:,} ({kinds})",
                f"{c.expected:,}",
                "balanced" if c.balanced else "**not balanced**",
                f"{c.check_seconds:.1f}",
                "yes" if c.caught_up else "**no**",
            ]
        )
    lines += [
        report.table(
            [
                "database",
                "province roll on the eve",
                "on the day",
                "eve restated onto the day",
                "sum of the province's children on the day",
                "generator's count",
                "check_structure",
                "check_structure seconds",
                "projections at the head",
            ],
            rows,
        ),
        "",
    ]
    for r in runs:
        lines += [f"- {r.dialect}: {line}" for line in r.conservation.checks]
    lines += [
        "",
        f"### Query latency, in-process, {samples} samples each (ms; past day {PAST_DAY}, "
        f"structure of {REFORM_ON})",
        "",
        "Warm: the same past day each time (plan cached). Cold: a new past day at every sample "
        "(plan computed; tree already loaded), compared with the structured roll-up of the same "
        "days. Fresh Queries: the first call of a new Queries object, which also loads the tree.",
        "",
    ]
    for r in runs:
        qrows = [
            [name, len(values), *(f"{x:.2f}" for x in report.summary(values))]
            for name, values in r.latencies.samples.items()
        ]
        rrows = []
        for restated, structured, kind in r.latencies.pairs:
            q50, q99 = _ratio(r, restated, structured)
            rrows.append(
                [
                    restated,
                    structured,
                    kind,
                    f"{q50:.2f}x",
                    f"{q99:.2f}x",
                    _met(q50 <= TARGET_RATIO),
                ]
            )
        lines += [
            f"**{r.dialect}** (the new committee: {r.latencies.commune})",
            "",
            report.table(["query", "samples", "p50", "p99"], qrows),
            "",
            report.table(
                [
                    "restated",
                    "compared with (structured)",
                    "comparison",
                    "ratio p50",
                    "ratio p99",
                    f"p50 within {TARGET_RATIO:.0f}x",
                ],
                rrows,
            ),
            "",
        ]
    lines += ["### Targets (issue 6, item 5)", "", targets(runs), ""]
    if NOTES:
        lines += ["### Observations", "", *[f"- {note}" for note in NOTES], ""]
    return "\n".join(lines)


def targets(runs: list[DbRun]) -> str:
    rows = []
    for r in runs:
        t = r.times
        rows.append(
            [
                r.dialect,
                f"reform over {t.moved + t.ended + 1:,} organizations in seconds "
                f"(< {TARGET_REFORM_SECONDS:.0f} s)",
                (
                    f"{t.total:.1f} s (projected by a follower, at the head {t.tail:.1f} s after "
                    "the last district)"
                    if t.follower
                    else f"{t.total:.1f} s ({t.projections:.1f} s of it projections)"
                ),
                _met(t.total < TARGET_REFORM_SECONDS),
            ]
        )
        for label, keep in (
            (f"warm, {SPECIFIED}", lambda name, kind: "warm" in name and kind == SPECIFIED),
            (f"cold, {SPECIFIED}", lambda name, kind: "cold" in name and kind == SPECIFIED),
            ("first call on a fresh Queries", lambda name, kind: "fresh" in name),
            (f"warm and cold, {SAME_SHAPE}", lambda name, kind: kind == SAME_SHAPE),
        ):
            chosen = [(a, b) for a, b, kind in r.latencies.pairs if keep(a, kind)]
            worst, name, base = max((_ratio(r, a, b)[0], a, b) for a, b in chosen)
            rows.append(
                [
                    r.dialect,
                    f"restated within {TARGET_RATIO:.0f}x structured (p50), {label}",
                    f"worst {worst:.2f}x ({name} vs {base})",
                    _met(round(worst, 2) <= TARGET_RATIO),
                ]
            )
        c = r.conservation
        rows.append(
            [
                r.dialect,
                "conservation: eve = day = restated eve = generator, check_structure balanced",
                f"{c.eve:,} / {c.day:,} / {c.restated_eve:,} / {c.expected:,}, "
                + ("balanced" if c.balanced else "not balanced"),
                _met(c.ok),
            ]
        )
    return report.table(["database", "target", "measured", "status"], rows)
