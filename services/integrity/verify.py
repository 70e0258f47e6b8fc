"""`sodang verify`: recompute the sealed log from the stored rows and compare.

One pass in log order over two streams fetched in batches, the events (by position) and the
leaves (by tree index), inside one read transaction:

- each event's leaf is recomputed from its stored bytes and compared with its sealed leaf
  (a rewritten, swapped or copied payload; a row replaced under another position);
- a sealed leaf without its event is a deleted event (a cut tail shows here too);
- an event without a leaf was written around the application;
- the stored nodes and tree heads are recomputed from the leaves (a rewritten seal table);
- every checkpoint must equal the tree head at its size, and a consistency proof from it to the
  current head must verify: only this catches an insider who rewrote events AND their seals.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.integrity.checkpoints import Checkpoint
from services.integrity.leaves import (
    Dialect,
    Leaf,
    Row,
    TreeHead,
    leaves_from,
)
from services.integrity.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    root_of_frontier,
    verify_consistency,
)
from services.integrity.proofs import subtree_hash

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One finding; `position` is the log position it concerns (None: not one position)."""

    position: int | None
    message: str


@dataclass
class Report:
    head: TreeHead = field(default_factory=lambda: TreeHead(0, 0, EMPTY_ROOT))
    rows: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    checkpoints: int = 0
    snapshots: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> Problem | None:
        located = [p for p in self.problems if p.position is not None]
        if located:
            return min(located, key=lambda p: p.position or 0)
        return self.problems[0] if self.problems else None

    def add(self, position: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(position, message))

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def stream_rows(cursor: Any, dialect: Dialect) -> Iterator[Row]:
    after = 0
    while True:
        cursor.execute(dialect.rows_after(), (after,))
        batch = [dialect.to_row(r) for r in cursor.fetchall()]
        yield from batch
        if not batch:
            return
        after = batch[-1].position


def verify_log(cursor: Any, dialect: Dialect, checkpoints: Sequence[Checkpoint] = ()) -> Report:
    """Check every event against its seal, the seals against themselves and the checkpoints."""
    started = time.perf_counter()
    report = Report()
    wanted: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        wanted.setdefault(checkpoint.size, []).append(checkpoint)
    rows = stream_rows(cursor, dialect)
    row = next(rows, None)
    frontier = Frontier()
    previous: Leaf | None = None
    for leaf in leaves_from(cursor, dialect, 0, 2**62):
        if leaf.tree_index != frontier.size:
            report.add(leaf.position, f"sealed leaf {frontier.size} is missing from the seals")
            break
        if previous and leaf.position <= previous.position:
            report.add(leaf.position, f"sealed leaf {leaf.tree_index} is out of log order")
        while row is not None and row.position < leaf.position:
            report.add(row.position, "event not sealed: written around the application")
            report.rows += 1
            row = next(rows, None)
        if row is None or row.position > leaf.position:
            report.add(leaf.position, "sealed event is missing: deleted from the log")
        else:
            report.rows += 1
            if row.leaf() != leaf.leaf:
                report.add(row.position, "event differs from its seal: rewritten or replaced")
            row = next(rows, None)
        node, root = frontier.append(leaf.leaf)
        if node != leaf.node or root != leaf.root:
            report.add(leaf.position, f"the seal table's tree head {leaf.tree_index} was altered")
        for checkpoint in wanted.pop(frontier.size, []):
            check_root(report, checkpoint, root)
        previous = leaf
    while row is not None:
        report.add(row.position, "event not sealed: written around the application")
        report.rows += 1
        row = next(rows, None)
    size = frontier.size
    report.head = TreeHead(size, previous.position if previous else 0, frontier_root(frontier))
    for size_wanted, cut in sorted(wanted.items()):
        after = previous.position if previous else 0
        for checkpoint in cut:
            report.add(
                after + 1,
                f"the log holds {size} sealed events, fewer than the {size_wanted} of checkpoint "
                f"{label(checkpoint)}: events after position {after} were cut",
            )
    for checkpoint in checkpoints:
        if checkpoint.size <= size:
            check_extension(report, cursor, dialect, checkpoint)
    report.checkpoints = len(checkpoints)
    report.seconds = time.perf_counter() - started
    return report


def frontier_root(frontier: Frontier) -> bytes:
    return root_of_frontier(frontier.nodes)


def label(checkpoint: Checkpoint) -> str:
    name = checkpoint.path.name if checkpoint.path else f"of size {checkpoint.size}"
    return f"{name} ({checkpoint.time:%Y-%m-%d %H:%M}Z)"


def check_root(report: Report, checkpoint: Checkpoint, root: bytes) -> None:
    if root == checkpoint.root:
        return
    report.add(
        checkpoint.position,
        f"the log does not extend checkpoint {label(checkpoint)}: its tree head at size "
        f"{checkpoint.size} differs, so events up to position {checkpoint.position} were "
        "rewritten together with their seals",
    )


def check_extension(report: Report, cursor: Any, dialect: Dialect, checkpoint: Checkpoint) -> None:
    """The RFC 6962 consistency proof from the checkpoint to the current head must verify."""
    if checkpoint.size == 0 or report.problems:
        return
    proof = consistency_proof(
        checkpoint.size,
        report.head.size,
        lambda start, end: subtree_hash(cursor, dialect, start, end),
    )
    if not verify_consistency(
        checkpoint.size, report.head.size, checkpoint.root, report.head.root, proof
    ):
        report.add(checkpoint.position, f"no consistency proof from checkpoint {label(checkpoint)}")
