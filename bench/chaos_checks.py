"""What the chaos run asserts afterwards, read from the database itself.

- every acknowledged admission (a 201 from the API, an import that exited 0) is on the log
  exactly once: its member has exactly one admission entry, under the acknowledged event id;
- the projections, caught up, answer exactly as a rebuild of them from the log does;
- `sodang verify` passes (when this build has the command).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Acknowledged:
    """One admission someone was told is stored."""

    member_id: UUID
    event_id: UUID | None  # None for an import line (the file's answer is one exit code)


@dataclass(frozen=True)
class Audit:
    acknowledged: int
    missing: int
    doubled: int
    wrong_event: int
    entries: int  # admission entries on the log, acknowledged or not


def audit(registry: Any, cells: list[str], acknowledged: list[Acknowledged]) -> Audit:
    """Count, from the cells' streams, each acknowledged admission's entries."""
    per_member: Counter[UUID] = Counter()
    event_of: dict[UUID, set[UUID]] = {}
    for code in cells:
        for entry in registry.get_organization(code).entries:
            if getattr(entry["type"], "value", entry["type"]) == "admitted":
                per_member[entry["member_id"]] += 1
                event_of.setdefault(entry["member_id"], set()).add(entry["event_id"])
    missing = sum(1 for a in acknowledged if per_member[a.member_id] == 0)
    doubled = sum(max(0, n - 1) for n in per_member.values())
    wrong = sum(
        1
        for a in acknowledged
        if a.event_id is not None
        and per_member[a.member_id]
        and a.event_id not in event_of[a.member_id]
    )
    return Audit(len(acknowledged), missing, doubled, wrong, sum(per_member.values()))


def answers(queries: Any, root: str, cells: list[str], known_at: datetime) -> dict[str, Any]:
    """Figures the read models give, at one fixed moment of knowledge."""
    today = datetime.now(UTC).date()
    return {
        "rollup": queries.rollup(root, as_of=today, known_at=known_at),
        "rolls": {
            c: sorted(
                (str(m.member_id), m.status)
                for m in queries.roll(c, as_of=today, known_at=known_at).members
            )
            for c in cells
        },
        "flows": queries.flows(root, date(2020, 1, 1), today, known_at=known_at),
        "indicators": queries.indicators(root, date(2020, 1, 1), today, known_at=known_at),
    }


def projections_equal_rebuild(
    registry: Any, settings: Any, root: str, cells: list[str]
) -> tuple[bool, int]:
    """Catch up, read the answers, rebuild every projection from the log, read them again."""
    from projections.queries import Queries
    from projections.runner import PROJECTIONS, Runner, lowest_position

    for name in PROJECTIONS:
        Runner(registry, name).catch_up()
    position = lowest_position(registry)
    known_at = datetime.now(UTC)
    before = answers(Queries(settings), root, cells, known_at)
    for name in PROJECTIONS:
        Runner(registry, name).rebuild()
    after = answers(Queries(settings), root, cells, known_at)
    return before == after, position


def verify(env: dict[str, str]) -> str:
    """`sodang verify`: 'passed', 'FAILED ...' or 'not available in this build'."""
    run = subprocess.run(
        [sys.executable, "-c", "from services.cli import main; main()", "verify"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    if run.returncode != 0 and "No such command" in run.stderr:
        return "not available in this build"
    if run.returncode == 0:
        return "passed"
    return f"FAILED (exit {run.returncode}): {(run.stdout + run.stderr).strip()[-500:]}"
