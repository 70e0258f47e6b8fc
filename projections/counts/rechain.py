"""A member's contribution carried over to a changed tree without replaying their history.

A change of structure from a day on (a move, an ending, a founding above organizations placed
earlier) changes the ancestor chains every contribution of the organizations under it is keyed
by, not what the members did. A reform moves every member of a province: replaying each one's
entries (projections/counts/contribution.py `compute`) read and decoded the entries of 500,000
members to rebuild histories that had not changed. `rechain` derives the same cells from the
stored ones and the new tree:

* a stock (the roll counts and their flags, metrics below `HELD`) is a level held at an
  organization over days; summing its deltas over the chains of that organization gives the
  level day by day, whatever the chains were, and holding each level over its days with the
  new tree (`Builder.hold`, as `compute` does) gives the cells `compute` would give: `hold` is
  additive over a split of its interval, so one hold per level is the sum of the stints' holds;
* a flow counts once at its organization's chain of its day: before the change that chain is
  unchanged; on or after it, it is the new tree's chain of that organization.

Three things only the history can tell, and then `rechain` answers None and the caller replays:
a transfer on or after the change (it skips the ancestors both sides share, and the other side's
chain may have changed too), a level held over days where the organization had no place in
the tree (the old cells hold nothing there, the new tree might), and a level that does not
count the member exactly once (the old tree's links overlapped: a move recorded after a later
one but dated before it counted the member twice at the ancestors on the days they share).
Flows before the change keep their cells as stored, like the chains they were counted with.

tests/projections/counts/test_rechain.py holds `rechain` equal to `compute` on generated
histories and trees; with `FiguresProjection.check_rechain` set (the test suite sets it) every
member a change of structure carries over is also replayed and compared.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from projections.counts.contribution import OFFICIAL, PROBATIONARY, Builder, Key, StintRow
from projections.store.metrics import FLAGS, INDEX, STOCKS, Sparse, add_sparse
from projections.structure.hierarchy import Hierarchy

HELD = len(STOCKS) + len(FLAGS)  # metrics below this index are stocks; the rest are flows
TRANSFERS = frozenset({INDEX["transferred_in"], INDEX["transferred_out"]})


def rechain(
    cells: dict[Key, Sparse], stints: list[StintRow], hierarchy: Hierarchy, since: date
) -> dict[Key, Sparse] | None:
    """The cells `compute` would give under `hierarchy` for the history whose roll stints are
    `stints` and whose cells under the tree before a change of structure effective from
    `since` are `cells`; None when only a replay can tell."""
    first_changed = since.toordinal()
    builder = Builder(hierarchy)
    levels: dict[str, dict[int, Sparse]] = {}
    for (chain, ordinal), vector in cells.items():
        held = {index: value for index, value in vector.items() if index < HELD}
        if held:
            day = levels.setdefault(chain[0], {}).setdefault(ordinal, {})
            add_sparse(day, held)
            if len(held) == len(vector):
                continue
        flow = {index: value for index, value in vector.items() if index >= HELD}
        if ordinal < first_changed:
            builder.put(chain, ordinal, flow)
        elif TRANSFERS.isdisjoint(flow):
            moved = hierarchy.chain(chain[0], date.fromordinal(ordinal))
            builder.put(tuple(moved), ordinal, flow)
        else:
            return None
    on_roll: dict[str, list[tuple[int, int | None]]] = {}
    for org, joined, left, *_ in stints:
        on_roll.setdefault(org, []).append((joined, left))
    if on_roll.keys() != levels.keys():
        return None
    for org, deltas in levels.items():
        if not _hold_levels(builder, hierarchy, org, deltas, on_roll[org]):
            return None
    return builder.cells


def _hold_levels(
    builder: Builder,
    hierarchy: Hierarchy,
    org: str,
    deltas: dict[int, Sparse],
    stints: list[tuple[int, int | None]],
) -> bool:
    """Hold the organization's level between each change of it. False when a level does not
    count the member exactly once, as probationary or official (as every roll vector does):
    the old tree's links overlapped and counted them twice on the days they shared, which the
    new tree may no longer do. False too when the level is not held exactly while the member
    is on the organization's roll: cells counted with a tree that left the
    organization without a place on some day (projected between two halves of one
    decision's events) hold nothing there, and only a replay tells what they should hold.
    False too when a level falls on days the organization has no place in the new tree."""
    level: Sparse = {}
    days = sorted(deltas)
    levels: list[tuple[int, int | None, Sparse]] = []
    held: list[tuple[int, int | None]] = []
    for i, ordinal in enumerate(days):
        add_sparse(level, deltas[ordinal])
        if not level:
            continue
        if level.get(PROBATIONARY, 0) + level.get(OFFICIAL, 0) != 1:
            return False  # counted twice (old links overlapping) or a flag without the member
        following = days[i + 1] if i + 1 < len(days) else None
        levels.append((ordinal, following, dict(level)))
        if held and held[-1][1] == ordinal:
            held[-1] = (held[-1][0], following)
        else:
            held.append((ordinal, following))
    if held != _merged(stints) or not all(_placed(hierarchy, org, a, b) for a, b in held):
        return False
    for start, end, vector in levels:
        builder.hold(
            org,
            date.fromordinal(start),
            date.fromordinal(end) if end is not None else None,
            vector,
        )
    return True


def _merged(intervals: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """Day intervals [from, to) in order, those that touch or overlap made one."""
    merged: list[tuple[int, int | None]] = []
    for start, end in sorted(intervals, key=lambda x: x[0]):
        if end is not None and end <= start:
            continue
        last = merged[-1] if merged else None
        if last is not None and (last[1] is None or last[1] >= start):
            merged[-1] = (last[0], None if end is None or last[1] is None else max(last[1], end))
        else:
            merged.append((start, end))
    return merged


def _placed(hierarchy: Hierarchy, org: str, start: int, end: int | None) -> bool:
    """Whether the organization's timeline covers the days [start, end) once, without a gap
    (an organization the tree never placed has one segment over all time). Links that
    overlap (a move dated before a later one already in the tree) count a level twice on
    the days they share: only a replay says what the cells hold then."""
    timeline = hierarchy.segments(org, date.min, None)
    for (_, before, _), (after, _, _) in pairwise(timeline):
        if before is None or after < before:
            return False
    reached = date.fromordinal(start)
    last = date.fromordinal(end) if end is not None else None
    for a, b, _ in timeline:
        if b is not None and b <= reached:
            continue
        if a > reached:
            return False
        if b is None or (last is not None and b >= last):
            return True
        reached = b
    return False
