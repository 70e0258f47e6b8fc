"""What one database's reform run measured, shared by the run (bench/reform.py) and its report."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.reform_queries import Latencies
from bench.reform_replay import ReplayTimes


@dataclass
class Conservation:
    eve: int = 0  # province roll on the eve (structured rollup)
    day: int = 0  # on the effective day
    restated_eve: int = 0  # the eve restated onto the day's structure
    successors: int = 0  # sum over the province's children on the day
    children_kinds: dict[str, int] = field(default_factory=dict)
    expected: int = 0  # the generator's count of members on a roll at its "today"
    check_seconds: float = 0.0
    checks: list[str] = field(default_factory=list)
    balanced: bool = False
    caught_up: bool = False

    @property
    def ok(self) -> bool:
        totals = {self.eve, self.day, self.restated_eve, self.successors, self.expected}
        return len(totals) == 1 and self.balanced and self.caught_up


@dataclass
class DbRun:
    dialect: str
    setup_seconds: float = 0.0
    setup_reused: str | None = None  # the kept set-up this run copied (bench.reform.Kept)
    setup_events: int = 0
    times: ReplayTimes = field(default_factory=ReplayTimes)
    conservation: Conservation = field(default_factory=Conservation)
    latencies: Latencies = field(default_factory=Latencies)
