"""The `reform` section of bench/RESULTS.md (issue 6, item 5)."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import TYPE_CHECKING

from bench import report
from bench.province import FULL_MEMBERS, BenchProvince
from bench.reform_queries import PAST_DAY, SAME_SHAPE, SPECIFIED
from bench.reform_replay import REFORM_ON, NewCommittee

if TYPE_CHECKING:
    from bench.reform_runs import DbRun

TARGET_REFORM_SECONDS = 60.0  # "seconds, not minutes": the whole reform under a minute
TARGET_RATIO = 2.0  # restated p50 at most twice the structured p50
# What the investigation of the 2026-11-22 run found (cProfile of the reform and the queries on
# SQLite, same data, projections/counts/figures.py sha256 7427b5587012): printed under every run's figures.
NOTES: list[str] = [
    "The reform runs the way a command of its own would: a new registry after the set-up, so the "
    "figures projection starts with an empty member cache. About two thirds of the time is the "
    "figures projection catching up inline. Profile of 4 districts on SQLite (2,000 structure "
    "events, 3,534 members; 10.3 s, 7.3 s projections): `_settle`/`_recompute` 77% of the "
    "projection time, of which `storage.load_member` 68% (two SELECTs and a JSON decode per member, "
    "one member at a time, ~1 ms each; SQLAlchemy cache-key generation for the freshly built "
    "statements is a fifth of it) and `contribution.compute` 27%. Loading the members found by "
    "`_members_at` in bulk (one query per 500, as `services.structure.reorganization.preload` does for "
    "aggregates) would remove most of it. Moving a cell only changes its ancestors, yet every "
    "member on its roll is recomputed from the whole history: shifting the cell's own "
    "pre-aggregated rows from the old ancestors to the new ones would make the projection's work "
    "grow with organizations, not members.",
    "The write side (~1.1-1.7 ms per organization) is mostly `preload_subtree` decoding the cells' "
    "streams (from their last snapshot) and the save itself (~1,500 events per district encoded).",
    "The time grows with the members carried. Same tree, SQLite, same code, `--members-scale` 0.01 "
    "/ 0.04 / 0.08 (4,399 / 17,548 / 34,992 members on the rolls): 9.2 / 32.7 / 51.9 s (projections "
    "4.9 / 21.9 / 40.3 s; 0.01 and 0.08 run separately right after this run). A straight line "
    "through them gives about 5 s + 1.4 ms per member (projections alone: 1.15 ms per member). At "
    "full scale (~440,000 on the rolls, ~50 per cell) that is about 10 minutes on SQLite and more "
    "on PostgreSQL (1.7x per member here): the target is met at the reduced member history on both "
    "databases, not at full scale.",
    "Earlier runs on the same data tracked the projection's changes (projections/counts/figures.py is "
    "being reworked): recomputing the moved subtree's members after every Moved/Ended event, 80.7 s "
    "on SQLite (61.6 s projections, set-up's warm caches); grouped by instant (sha256 "
    "ddbb1fe052f2), 50.9 s on SQLite and 66.6 s on PostgreSQL; with the structure rows written in "
    "bulk as well (sha256 7427b5587012, measured above), 32.7 s and 55.0 s.",
    "restated(province, depth=1) cannot come within 2x of the structured roll-up of the past day: "
    "that one reads 21 organizations (province and 20 districts), while the restated one must read "
    "the past figures of the 500 grassroots committees (each lands whole in one new committee; "
    "the districts are opened) plus the structure day's own figures of the 181 shown nodes, and "
    "the prefix-sum read costs ~0.025 ms per organization. About half of its warm time (~18 of "
    "36 ms per call in a profile) is `restated.tree`, which calls `children_on` on every shown node, "
    "including the 180 leaves of the depth-1 view, scanning the ~53 cells under each (~9,500 "
    "`exists_on` per call); stopping at the depth as `reports.rollup_tree` does would remove it. "
    "Even then it would be ~3x the structured roll-up of the very tree it shows.",
    "Cold calls pay `restated.plan` (~75 ms for depth 1, ~145 ms for the full tree in a profile, "
    "pure Python over the whole territory) once per (org, as_of, structure_on, depth): every new "
    "past day recomputes it although the plan only changes where the tree changed. Keying the "
    "cache by the tree's version on as_of rather than the day would make cold calls rare.",
    "Full tree: restated reads and builds the tree twice (the past day restated, and the structure "
    "day's own figures beside it), so it is close to 2x by construction; `Plan.reads()` also "
    "re-sorts the 10,000 codes on every call.",
    "Noise: the fresh-Queries rows have 10 samples only and swing from run to run (SQLite's restated "
    "p50 here is above warm + plan + tree load added up; PostgreSQL's ratio is below 1); the p99 "
    'of cheap cases measured right after heavy ones ("varying as_of" after the cold full tree) '
    "shows garbage collection and other jobs on the shared 2 cores (load average ~2-2.7).",
]


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
        "Set-up (organizations, then the member events with the projections attached; not in the figures): "
        + ", ".join(f"{r.dialect} {r.setup_seconds:.0f} s" for r in runs)
        + ".",
        "",
        "### Replay of the reform (wall clock, seconds; projections attached and caught up inline)",
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
                f"{t.projections:.1f} ({100 * t.projections / t.total:.0f}%)",
                f"{t.total - t.projections:.1f}",
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
        lines.append(
            f"- {r.dialect}: {r.conservation.eve:,} members on the rolls moved with their cells: "
            f"projections {1000 * t.projections / moved:.2f} ms per member moved; write side "
            f"{1000 * (t.total - t.projections) / (t.moved + t.ended + t.founded):.2f} ms per "
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
                f"{t.total:.1f} s ({t.projections:.1f} s of it projections)",
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
