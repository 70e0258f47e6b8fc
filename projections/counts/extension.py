"""Extending a member's contribution by one entry appended in valid-time order, without a replay.

Nearly every entry of an import or of the daily work lands at or after the member's last
effective day. For such an entry the whole-history recompute of
projections/counts/contribution.py would replay every earlier entry to the same history and
rebuild the same cells for every roll stint that ended before the entry's day. `extend` applies
the entry to a copy of the kept history instead (the domain's own `MemberHistory.apply`, so the
same rules run) and rebuilds only what the entry can change: the stints still open or ending on
or after its day, before and after it, and the entry's own flow. Their difference is exactly
the difference of two whole recomputes, because:

* a stint that started before the entry's day and ended by it reads only the statuses dated
  on or before its start and strictly inside it, and the entry adds a status (if any) on its
  own day, not one of those;
* every count of a member carries flags of the member's profile: an entry that changes the
  profile (an intake bringing new attributes) changes every stint and flow, so it is left to
  the full recompute;
* the cells of the earlier entries depend on the tree, which the caller guarantees is the
  tree they were computed with (no change of structure since; no entry naming an
  organization the tree did not know: `Replay.dangling`).

Anything else (a late entry, a correction, a retraction, an entry the rules refuse) returns
None and the caller recomputes the whole history, as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.roll.history import Entry, MemberHistory
from domain.roll.values import EventType
from projections.counts.contribution import (
    Builder,
    Key,
    Replay,
    StintRow,
    add_flow,
    diff,
    knows_orgs_of,
    stint_row,
)
from projections.store.metrics import Sparse, profile_flags
from projections.structure.hierarchy import Hierarchy

REVISIONS = (EventType.CORRECTION, EventType.RETRACTION)


@dataclass
class Extension:
    changes: dict[Key, Sparse]  # new cells - old cells, per (chain, day)
    kept: int  # the old stint rows before this index are unchanged
    rows: list[StintRow]  # the stint rows from `kept` on
    replay: Replay


def extend(replay: Replay, entry: Entry, hierarchy: Hierarchy) -> Extension | None:
    """The contribution's change when `entry` is appended, or None when only a full recompute
    can tell it."""
    day = entry.effective_on
    if replay.dangling or entry.type in REVISIONS or not knows_orgs_of(entry, hierarchy):
        return None
    if replay.last_day is not None and day < replay.last_day:
        return None
    before = replay.history
    after = _copy(before)
    try:
        after.apply(entry)
    except Exception:
        return None  # the full recompute raises it, as it always did
    if after.profile != before.profile:
        return None
    profile = after.profile or {}
    flags = tuple(profile_flags(profile))
    kept = _first_touched(before, after, day)
    old, new = Builder(hierarchy), Builder(hierarchy)
    for stint in before.stints[kept:]:
        stint_row(old, before, stint, profile, flags)
    rows = [stint_row(new, after, stint, profile, flags) for stint in after.stints[kept:]]
    add_flow(new, entry, profile, flags)
    return Extension(diff(old.cells, new.cells), kept, rows, Replay(after, day, False))


def apply_changes(cells: dict[Key, Sparse], changes: dict[Key, Sparse]) -> None:
    """cells += changes, in place, without keys that come back to zero."""
    for key, delta in changes.items():
        cell = cells.get(key)
        if cell is None:
            cells[key] = dict(delta)
            continue
        cell = dict(cell)  # the old vector may be shared with a cache: never edit it
        for index, value in delta.items():
            total = cell.get(index, 0) + value
            if total:
                cell[index] = total
            else:
                del cell[index]
        if cell:
            cells[key] = cell
        else:
            del cells[key]


def _copy(history: MemberHistory) -> MemberHistory:
    """A copy `apply` may change: it appends to the lists and closes the last stint in place."""
    stints = list(history.stints)
    if stints:
        stints[-1] = replace(stints[-1])
    return replace(history, stints=stints, statuses=list(history.statuses))


def _first_touched(before: MemberHistory, after: MemberHistory, day: date) -> int:
    """The first stint, in either history, the entry can change: one it opens or closes, or
    one that reads a status of `day` (it starts on or after it, or is still open after it).
    A stint that ended on or before `day` and started before it reads nothing the entry adds."""
    for index, (old, new) in enumerate(zip(before.stints, after.stints, strict=False)):
        if old.end is None or new.end is None or old.end > day or new.end > day:
            return index
        if old.start >= day or new.start >= day:
            return index
    return min(len(before.stints), len(after.stints))
