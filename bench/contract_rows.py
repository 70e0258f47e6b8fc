"""The contract table's rows from what `python -m bench contract` measured on each database
(bench/contract.py) and from the recorded figures (bench/recorded.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from bench import contract_table as t
from bench import import_rate, rebuild, recorded, report
from bench.contract_table import Row


@dataclass
class Measured:
    """What one database's run measured; None where a stage failed (its error in `errors`)."""

    dialect: str
    imports: import_rate.ImportRates | None = None
    rounds: rebuild.Rounds | None = None
    queries: dict[str, list[float]] = field(default_factory=dict)
    web: dict[str, dict[str, Any]] = field(default_factory=dict)
    duration: int = 0
    errors: list[str] = field(default_factory=list)


def _rate(events: int, wall: float, cpu: float) -> str:
    return (
        f"{events / wall:,.0f}/s ({events / cpu:,.0f} per CPU s)"
        if cpu
        else f"{events / wall:,.0f}/s"
    )


def import_rows(m: Measured) -> list[Row]:
    rates = m.imports
    rows = []
    for figure, bound, mode in (
        ("NDJSON import, projections attached (imported events/s)", t.IMPORT_ATTACHED, "attached"),
        ("NDJSON import, detached: the write side alone", t.IMPORT_DETACHED, "detached"),
    ):
        timed = getattr(rates, mode) if rates else None
        if rates is None or timed is None or rates.raw is None:
            rows.append(Row(figure, m.dialect, bound, None, "not measured"))
            continue
        rows.append(
            Row(
                figure,
                m.dialect,
                bound,
                timed.rate,
                _rate(timed.events, timed.wall, timed.cpu),
                "raw inserts " + _rate(rates.raw.events, rates.raw.wall, rates.raw.cpu),
                f"{timed.rate / rates.raw.rate:.3f}x",
            )
        )
    if rates is not None and rates.shorter is not None and rates.attached is not None:
        short, long = rates.shorter, rates.attached
        flat = long.cpu_rate / short.cpu_rate
        rows.insert(
            1,
            Row(
                "same, flat with scale: the long file's rate over a quarter-length file's",
                m.dialect,
                t.IMPORT_FLAT,
                flat,
                f"{long.events:,} lines {long.cpu_rate:,.0f} per CPU s ({long.rate:,.0f}/s)",
                f"{short.events:,} lines {short.cpu_rate:,.0f} per CPU s ({short.rate:,.0f}/s)",
                f"{flat:.2f}x per CPU s ({long.rate / short.rate:.2f}x wall)",
            ),
        )
    return rows


def rebuild_row(m: Measured) -> Row:
    figure = "projection rebuild, every projection (imported events/s)"
    r = m.rounds
    if r is None or not r.everything:
        return Row(figure, m.dialect, t.REBUILD, None, "not measured")
    cpu = statistics.median(r.cpu["everything"])
    base_cpu = statistics.median(r.cpu["baseline"])
    return Row(
        figure,
        m.dialect,
        t.REBUILD,
        r.rate(r.everything),
        f"{r.rate(r.everything):,.0f}/s ({r.events / cpu:,.0f} per CPU s)",
        f"decoded log read {r.rate(r.baseline):,.0f}/s ({r.events / base_cpu:,.0f} per CPU s)",
        f"{1 / r.ratio(r.everything):.2f}x",
    )


def web_rows(m: Measured) -> list[Row]:
    results = m.web
    reads = [name for name in results if name.startswith("GET")]
    posts = [name for name in results if name.startswith("POST")]
    if not results or not reads or not posts:
        return [
            Row(
                "GET rollup / roll / standings under gunicorn, 64 connections",
                m.dialect,
                t.READ_VS_BARE,
                None,
                "not measured",
            ),
            Row(
                "POST admissions to 15 cells, 64 connections",
                m.dialect,
                t.ADMISSIONS,
                None,
                "not measured",
            ),
        ]
    bare_name = next(iter(results))
    bare = results[bare_name]["rps"]
    rows = []
    for name in reads:
        r = results[name]
        shown = f"{r['rps']:,.0f} req/s, p99 {r['p99']:.1f} ms"
        if r["non2xx"]:
            shown += f", {r['non2xx']:,} non-2xx"
        base = f"bare Flask {bare:,.0f} req/s, p99 {results[bare_name]['p99']:.1f} ms"
        rows.append(
            Row(
                f"{name}: req/s vs bare",
                m.dialect,
                t.READ_VS_BARE,
                r["rps"] / bare,
                shown,
                base,
                f"{r['rps'] / bare:.2f}x",
            )
        )
        rows.append(
            Row(
                f"{name}: p99",
                m.dialect,
                t.READ_P99,
                r["p99"] if not r["non2xx"] else float("inf"),
                f"{r['p99']:.1f} ms",
                base,
                "-",
            )
        )
    post = results[posts[0]]
    created = post.get("created", 0)
    rate = created / m.duration
    rows.append(
        Row(
            f"{posts[0]}: admissions/s",
            m.dialect,
            t.ADMISSIONS,
            rate,
            f"{rate:,.0f}/s ({created:,} answered 201 in {m.duration} s, "
            f"{post.get('other', 0):,} other answers), p99 {post['p99']:,.0f} ms",
            f"bare Flask {bare:,.0f} req/s",
            f"{post['rps'] / bare:.3f}x",
        )
    )
    lost = max(post.get("lost", 0), post.get("missing", 0)) + post.get("doubled", 0)
    rows.append(
        Row(
            f"{posts[0]}: lost or doubled",
            m.dialect,
            t.LOST,
            float(lost),
            f"{post.get('lost', 0)} lost, {post.get('doubled', 0)} doubled of {post.get('ids', 0):,} acknowledged; {post.get('missing', 0)} missing from the roll",
        )
    )
    return rows


def query_rows(m: Measured) -> list[Row]:
    q = m.queries
    if not q:
        return [Row("rollup p99 in process", m.dialect, t.ROLLUP_P99, None, "not measured")]
    rollups = {k: v for k, v in q.items() if k.startswith("rollup")}
    worst = max(rollups, key=lambda k: report.summary(rollups[k])[1])
    p99 = report.summary(rollups[worst])[1]
    crud99 = report.summary(q["CRUD count(province)"])[1]
    rows = [
        Row(
            "rollup p99 in process (the worst of the rollups timed)",
            m.dialect,
            t.ROLLUP_P99,
            p99,
            f"{p99:.2f} ms: {worst}",
            f"CRUD count(province) p99 {crud99:.2f} ms",
            f"{p99 / crud99:.1f}x",
        )
    ]
    for name, base in (
        ("roll(cell)", "CRUD count(cell)"),
        ("standing(province, year)", "CRUD count(province)"),
    ):
        p50, b50 = report.summary(q[name])[0], report.summary(q[base])[0]
        rows.append(
            Row(
                f"{name} vs the CRUD count, p50",
                m.dialect,
                t.VS_CRUD,
                p50 / b50,
                f"{p50:.2f} ms",
                f"{base} {b50:.2f} ms",
                f"{p50 / b50:.1f}x",
            )
        )
    return rows


def rows(measured: list[Measured], entries: list[recorded.Recorded]) -> list[Row]:
    found: list[Row] = []
    for m in measured:
        found += import_rows(m)
    found += [rebuild_row(m) for m in measured]
    found.append(
        t.from_recorded(
            "full-scale `sodang demo` (36k events, the reform), wall clock from a fresh database",
            "sqlite",
            t.DEMO,
            recorded.latest(entries, "demo", "sqlite"),
            "python -m bench pages --scale 1.0 records it when it builds the demo",
        )
    )
    for m in measured:
        found.append(
            t.from_recorded(
                "reform of a 10,000-org, 500,000-member province, projections attached",
                m.dialect,
                t.REFORM,
                recorded.latest(entries, "reform", m.dialect),
                "python -m bench reform --orgs 10000 --members-scale 1.0",
            )
        )
    for m in measured:
        found += web_rows(m)
    for m in measured:
        found += query_rows(m)
    found.append(
        t.from_recorded(
            "`make test` from a fresh clone",
            "both",
            t.MAKE_TEST,
            recorded.latest(entries, "make-test", "both"),
            "python -m bench.recorded make-test SECONDS ...",
        )
    )
    return found
