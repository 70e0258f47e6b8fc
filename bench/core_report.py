"""The core bench's results and its report: each figure beside its target and baseline.

Split from bench/core.py, which measures; this module only turns the measures into tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bench import report
from bench.province import BenchProvince

TARGET_IMPORT = 10_000
TARGET_REBUILD = 30_000
TARGET_ROLLUP_P99_MS = 2.0
TARGET_BASELINE_RATIO = 2.0


@dataclass
class DbResult:
    dialect: str
    events: int = 0
    import_attached: float = 0.0  # seconds
    import_detached: float = 0.0
    rebuild: float = 0.0
    rebuild_events: int = 0
    queries: dict[str, list[float]] = field(default_factory=dict)  # name -> ms samples
    baseline_of: dict[str, str] = field(default_factory=dict)  # query -> baseline name
    notes: list[str] = field(default_factory=list)


# -- the report ----------------------------------------------------------------------------


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(
    results: list[DbResult],
    province: BenchProvince,
    scale: float,
    samples: int,
    started: datetime,
    machine: dict[str, str],
    versions: dict[str, str],
) -> str:
    lines = [
        "## Core: import, rebuild, queries (issue 3, item 5)",
        "",
        report.facts(report.command_line(), started, machine, versions),
        "",
        f"Scale {scale}: {province.describe()}.",
        "",
    ]
    if scale < 1.0:
        lines += [
            "**Full scale was not run** (it would take hours on this machine at these rates). "
            "To run it: `python -m bench core --scale 1.0`.",
            "",
        ]
    rows = []
    for r in results:
        rows.append(
            [
                r.dialect,
                f"{r.events:,}",
                f"{r.events / r.import_attached:,.0f}",
                f"{r.events / r.import_detached:,.0f}",
                f"{r.rebuild_events / r.rebuild:,.0f} log records/s = {r.events / r.rebuild:,.0f} import events/s",
                f"{r.import_attached:.1f} / {r.import_detached:.1f} / {r.rebuild:.1f}",
            ]
        )
    lines += [
        "### Throughput (events/s)",
        "",
        report.table(
            [
                "database",
                "events",
                "import, projections attached",
                "import, detached (write side)",
                "rebuild (all projections; the log holds several stored events per imported event)",
                "seconds (att. / det. / rebuild)",
            ],
            rows,
        ),
        "",
        f"### Query latency, in-process, {samples} samples each (ms)",
        "",
    ]
    for r in results:
        qrows = []
        for name, values in r.queries.items():
            p50, p99 = report.summary(values)
            base = r.baseline_of.get(name)
            ratio = ""
            if base:
                b50, b99 = report.summary(r.queries[base])
                ratio = f"{p50 / b50:.1f}x / {p99 / b99:.1f}x"
            qrows.append([name, f"{p50:.2f}", f"{p99:.2f}", base or "(baseline)", ratio])
        lines += [
            f"**{r.dialect}**",
            "",
            report.table(["query", "p50", "p99", "baseline", "vs baseline p50 / p99"], qrows),
            "",
        ]
        lines += [f"- note: {n}" for n in r.notes]
        if r.notes:
            lines.append("")
    lines += ["### Targets (issue 3)", "", targets(results), ""]
    return "\n".join(lines)


def targets(results: list[DbResult]) -> str:
    rows = []
    for r in results:
        imp = r.events / r.import_attached
        det = r.events / r.import_detached
        reb = r.rebuild_events / r.rebuild
        rows.append(
            [
                r.dialect,
                f"import >= {TARGET_IMPORT:,} events/s",
                f"{imp:,.0f} (detached {det:,.0f})",
                _met(imp >= TARGET_IMPORT),
                "the write side itself (the detached figure is close to the attached one): each batch of 500 reloads every cell it touches "
                "from its last snapshot (Organization snapshots every 200 events), about 12 stored events decoded per imported event at "
                "scale 0.006, ~20% of the time in eventsourcing's isinstance checks against runtime_checkable protocols during replay; "
                "take_snapshot reloads the aggregate again; then marshmallow parsing and the domain rules. It gets worse with more cells per batch",
            ]
        )
        rows.append(
            [
                r.dialect,
                f"rebuild >= {TARGET_REBUILD:,} events/s",
                f"{reb:,.0f} log records/s ({r.events / r.rebuild:,.0f} import events/s)",
                _met(reb >= TARGET_REBUILD),
                "Python per stored event in one process: the log holds ~4 stored events per imported event, each decoded "
                "and turned into bitemporal row updates",
            ]
        )
        rollups = {k: v for k, v in r.queries.items() if k.startswith("rollup")}
        worst = max(rollups, key=lambda k: report.summary(rollups[k])[1])
        worst_p99 = report.summary(rollups[worst])[1]
        rows.append(
            [
                r.dialect,
                f"any rollup p99 <= {TARGET_ROLLUP_P99_MS} ms",
                f"worst p99 {worst_p99:.2f} ms ({worst})",
                _met(worst_p99 <= TARGET_ROLLUP_P99_MS),
                "per-call fixed costs: a transaction with the active-state lookup (snapshot), then the prefix-sum query; "
                "on PostgreSQL each is a loopback round trip at REPEATABLE READ; noise from other jobs on 2 cores shows in p99",
            ]
        )
        ratios = []
        for name, base in r.baseline_of.items():
            ratios.append(
                (report.summary(r.queries[name])[0] / report.summary(r.queries[base])[0], name)
            )
        worst_ratio, worst_name = max(ratios)
        rows.append(
            [
                r.dialect,
                f"no query slower than {TARGET_BASELINE_RATIO:.0f}x the CRUD count (p50)",
                f"worst {worst_ratio:.1f}x ({worst_name})",
                _met(worst_ratio <= TARGET_BASELINE_RATIO),
                "the CRUD count is a single indexed SQL statement; the projections' queries pay the snapshot transaction, "
                "the hierarchy walk and building result objects in Python",
            ]
        )
    return report.table(["database", "target", "measured", "status", "what bounds it"], rows)
