"""`python -m bench.periods [--orgs N]`: the report approval of issue 14, timed (not a test).

A province of about N organizations (bench.province_tree's shape), two members admitted to
every cell in 2024, is founded through the front door on a throwaway database of each
dialect. Then every organization's 2024 report is prepared and approved bottom-up (cells,
communes, districts, the province), each step one front-door command: the approval compiles
the headline figures as known now (services.reporting.compilation), reads its children's
states and signs a checkpoint. Timed: each approval (prepare + approve), the province's
period tree (every organization's state: services.reporting.states.period_tree), and the
province's locked report (reproduced as known at its approval, diffs at the eve and the end).
Wall and CPU seconds of this process; the section `periods` of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.core import Databases
from bench.province_tree import build_orgs

PERIOD_YEAR = 2024


class Clock:
    """The registry's clock, set to the days the history happens on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


def timed(call: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def run(dialect: str, orgs: int) -> dict[str, Any]:
    from domain.reporting.period import Period, Structure
    from domain.roll.values import OrgKind
    from services.config import Settings
    from services.front_door.bus import handle
    from services.front_door.commands import (
        ApproveReport,
        FoundOrganization,
        PrepareReport,
        RecordEvent,
    )
    from services.reporting.locked import locked
    from services.reporting.states import period_tree
    from services.roll.commands import Admit, Decision, MemberRef
    from services.wiring import build_registry

    databases = Databases(dialect)
    keys = tempfile.mkdtemp(prefix="sodang_bench_keys_")
    try:
        settings = Settings(
            database_url=databases.url("periods"),
            deployment="bench-periods",
            pool_size=2,
            signing_key_file=Path(keys) / "signing.key",
            witness_dir=Path(keys) / "witness",
        )
        clock = Clock(datetime(2024, 1, 2, 3, 0, tzinfo=UTC))
        registry = build_registry(settings, clock=clock)
        specs = build_orgs(orgs / 10_000)
        handle(
            registry,
            *(
                FoundOrganization(s.code, s.name, OrgKind(s.kind), s.parent, s.founded_on)
                for s in specs
            ),
            recorded_by="bench",
        )
        clock.set(datetime(2024, 6, 3, 3, 0, tzinfo=UTC))
        cells = [s.code for s in specs if s.kind == "cell"]
        admissions = []
        for number, cell in enumerate(cells):
            for person in range(2):
                profile = _profile(number * 2 + person)
                command = Admit(
                    MemberRef(profile=profile),
                    date(2024, 6, 1),
                    Decision("1", date(2024, 6, 1), "Đảng ủy"),
                )
                admissions.append(RecordEvent(cell, command))
        handle(registry, *admissions, recorded_by="bench")
        clock.set(datetime(2025, 1, 10, 3, 0, tzinfo=UTC))
        period, structure = Period.year(PERIOD_YEAR), Structure.AS_STRUCTURED
        depth = {s.code: 0 for s in specs}
        for s in specs:
            if s.parent:
                depth[s.code] = depth[s.parent] + 1
        approvals: list[tuple[float, float]] = []
        for s in sorted(specs, key=lambda s: -depth[s.code]):

            def both(code: str = s.code) -> None:
                handle(registry, PrepareReport(code, period, structure, code), recorded_by="bench")
                handle(registry, ApproveReport(code, period, structure, code), recorded_by="bench")

            approvals.append(timed(both))
        province = specs[0].code
        trees = [
            timed(lambda: period_tree(registry, province, period, structure)) for _ in range(5)
        ]
        locks = [timed(lambda: locked(registry, province, period, structure)) for _ in range(5)]
        registry.close()
        return {
            "orgs": len(specs),
            "members": len(admissions),
            "approve": approvals,
            "tree": trees,
            "locked": locks,
        }
    finally:
        databases.close()


def _profile(number: int) -> Any:
    from domain.roll.profile import MemberProfile
    from domain.roll.values import Education, PoliticalTheory, Sector, Sex

    return MemberProfile(
        national_id=f"0019{number:08d}",
        full_name=f"Nguyễn Văn Bench {number}",
        sex=Sex.MALE,
        birth_date=date(1995, 5, 15),
        ethnicity="Kinh",
        religion=None,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.BASIC,
        youth_union=True,
        sector=Sector.STATE_AGENCY,
    )


def med(samples: list[tuple[float, float]], which: int) -> float:
    return statistics.median(s[which] for s in samples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.periods", description=__doc__)
    parser.add_argument("--orgs", type=int, default=400)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    started, machine = report.now(), report.machine()  # the load average before the runs
    dialects = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    rows = []
    for dialect in dialects:
        found = run(dialect, args.orgs)
        approvals = found["approve"]
        rows.append(
            [
                dialect,
                found["orgs"],
                found["members"],
                f"{med(approvals, 0) * 1000:.0f} / {report.percentile([a[0] for a in approvals], 99) * 1000:.0f}",
                f"{med(approvals, 1) * 1000:.0f}",
                f"{sum(a[0] for a in approvals):.1f} / {sum(a[1] for a in approvals):.1f}",
                f"{med(found['tree'], 0) * 1000:.0f} / {med(found['tree'], 1) * 1000:.0f}",
                f"{med(found['locked'], 0) * 1000:.0f} / {med(found['locked'], 1) * 1000:.0f}",
            ]
        )
        print(rows[-1], flush=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    text = (
        "## Report approval: prepare + approve per organization, the period tree, the locked "
        "report (issue 14, item 2)\n\n"
        + report.facts(
            report.command_line().replace("-m bench", "-m bench.periods"),
            started,
            machine,
            report.versions(),
        )
        + f"\n\nLoad average at the end: {load}. Every organization's 2024 report prepared and "
        "approved bottom-up, each step one front-door command (compile the headline figures as "
        "known now, read the children's states, sign a checkpoint, save). Wall / CPU of this "
        "process, milliseconds unless said.\n\n"
        + report.table(
            [
                "database",
                "organizations",
                "members",
                "prepare + approve, p50 / p99 wall",
                "p50 CPU",
                "all approvals, wall / CPU s",
                "period tree of the province, wall / CPU",
                "locked report of the province, wall / CPU",
            ],
            rows,
        )
    )
    report.write_section("periods", text)


if __name__ == "__main__":
    main()
