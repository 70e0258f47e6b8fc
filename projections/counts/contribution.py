"""A member's contribution to the figures: what their whole effective history adds, per org and day.

Whenever anything about a member is recorded (an entry, a correction, a retraction), the
projection recomputes their whole history as known now with the domain's own `effective` and
`MemberHistory.replay`, turns it into point deltas per (ancestor chain, day): a roll stint
counts at its cell's chain of the day, cut where the chain changes (at an old parent until the
day its cell moves, at the new one from then), and writes the difference with the previous
contribution. Using the domain code keeps the projection in agreement with the naive replay by
construction.

A contribution is kept per chain, not per organization: one put per (chain, day) instead of one
per ancestor. Only the difference with the previous contribution is spread over the chain's
organizations (`spread`); since a figure is a sum, spreading the difference of two
contributions equals the difference of their spreads, whatever tree each was computed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from domain.roll.history import Entry, MemberHistory, effective
from domain.roll.values import EventType, MemberStatus
from projections.store.metrics import (
    ADMITTED_FLAGS,
    FLOW_OF,
    INDEX,
    ROLL_FLAGS,
    UNDER_30,
    Sparse,
    add_sparse,
    flag_vector,
    profile_flags,
    thirtieth_birthday,
)
from projections.structure.hierarchy import Hierarchy

PROBATIONARY, OFFICIAL = INDEX["probationary"], INDEX["official"]
Chain = tuple[str, ...]  # an organization and its ancestors on a day, nearest first
Key = tuple[Chain, int]  # (chain, day ordinal)
OrgDay = tuple[str, int]  # (organization code, day ordinal)
# One roll stint: (cell, joined, left or None, status on joining, official from or None, name)
StintRow = tuple[str, int, int | None, str, int | None, str]


@dataclass
class Replay:
    """What a computation replayed, kept in memory so that the next entry appended in valid-time
    order can extend it (projections/counts/extension.py) instead of replaying again."""

    history: MemberHistory
    last_day: date | None  # the valid day of the last effective entry
    # An entry names an organization the tree does not know yet: its founding would change
    # this contribution, so only a full recompute may follow.
    dangling: bool


@dataclass
class Contribution:
    cells: dict[Key, Sparse]
    stints: list[StintRow]
    replay: Replay


def compute(entries: list[Entry], hierarchy: Hierarchy) -> Contribution:
    """The member's contribution as known after all `entries` (in recording order)."""
    live = effective(entries)
    history = MemberHistory.replay(live)
    profile = history.profile or {}
    flags = tuple(profile_flags(profile))
    builder = Builder(hierarchy)
    stints = [stint_row(builder, history, stint, profile, flags) for stint in history.stints]
    for entry in live:
        add_flow(builder, entry, profile, flags)
    dangling = any(not knows_orgs_of(entry, hierarchy) for entry in live)
    replay = Replay(history, live[-1].effective_on if live else None, dangling)
    return Contribution(builder.cells, stints, replay)


def knows_orgs_of(entry: Entry, hierarchy: Hierarchy) -> bool:
    """Whether the tree knows every organization the entry names (its own, a transfer's other
    side): the contribution of an entry naming one it does not know changes at its founding."""
    other = counterpart(entry)
    return entry.org in hierarchy.orgs and (not other or other in hierarchy.orgs)


def counterpart(entry: Entry) -> str | None:
    """The other side of a transfer inside the deployment, as the entry names it."""
    if entry.kind == EventType.TRANSFERRED_OUT:
        return entry.details.get("to")
    if entry.kind == EventType.TRANSFERRED_IN and not entry.details.get("from_outside"):
        return entry.details.get("from")
    return None


def diff(old: dict[Key, Sparse], new: dict[Key, Sparse]) -> dict[Key, Sparse]:
    """new - old, without the keys whose difference is zero."""
    changes: dict[Key, Sparse] = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        delta = dict(after or {})
        add_sparse(delta, before or {}, -1)
        if delta:
            changes[key] = delta
    return changes


def spread(changes: dict[Key, Sparse]) -> dict[OrgDay, Sparse]:
    """Per-chain differences as per-organization ones (each chain's organizations get its
    delta), without the (organization, day) whose deltas cancel out: a cell moved within a
    district changes nothing at the district."""
    found: dict[OrgDay, Sparse] = {}
    for (chain, ordinal), delta in changes.items():
        for code in chain:
            cell = found.get((code, ordinal))
            if cell is None:
                found[(code, ordinal)] = dict(delta)
            else:
                add_sparse(cell, delta)
    return {key: delta for key, delta in found.items() if delta}


class Builder:
    def __init__(self, hierarchy: Hierarchy) -> None:
        self.hierarchy = hierarchy
        self.cells: dict[Key, Sparse] = {}

    def add(self, org: str, day: date, vector: Sparse, skip_common_with: str | None = None) -> None:
        """Add at the organization and each ancestor on that day; a move inside a subtree is
        no flow of the ancestors both sides share."""
        chain = self.hierarchy.chain(org, day)
        if skip_common_with is not None:
            shared = set(self.hierarchy.chain(skip_common_with, day))
            chain = [code for code in chain if code not in shared]
        if chain:
            self._put(tuple(chain), day.toordinal(), vector)

    def hold(self, org: str, start: date, end: date | None, vector: Sparse) -> None:
        """Count `vector` over [start, end) at the organization, and at each ancestor only
        while it is one: a cell moved to a new parent leaves the old one's figures that day."""
        if end is not None and end <= start:
            return
        negative = {index: -value for index, value in vector.items()}
        for a, b, chain in self.hierarchy.segments(org, start, end):
            key = tuple(chain)
            self._put(key, a.toordinal(), vector)
            if b is not None:
                self._put(key, b.toordinal(), negative)

    def put(self, chain: Chain, ordinal: int, vector: Sparse) -> None:
        """Add at one (chain, day) as it stands: a count carried over as it was stored."""
        self._put(chain, ordinal, vector)

    def _put(self, chain: Chain, ordinal: int, vector: Sparse) -> None:
        cell = self.cells.get((chain, ordinal))
        if cell is None:
            self.cells[(chain, ordinal)] = dict(vector)
        else:
            add_sparse(cell, vector)
            if not cell:
                del self.cells[(chain, ordinal)]


def _status_at(history: MemberHistory, day: date) -> MemberStatus:
    status = MemberStatus.OFFICIAL
    for changed_on, value in history.statuses:
        if changed_on <= day:
            status = value
    return status


@cache
def _on_roll(flags: tuple[int, ...], probationary: bool) -> Sparse:
    """The roll vector of a member with these flags (shared: callers never change it)."""
    vector = flag_vector(ROLL_FLAGS, list(flags))
    vector[PROBATIONARY if probationary else OFFICIAL] = 1
    return vector


@cache
def _admitted(flags: tuple[int, ...], column: int) -> Sparse:
    """The flow vector of an admission with these flags, under_30 included."""
    return {column: 1, **flag_vector(ADMITTED_FLAGS, list(flags))}


def stint_row(
    builder: Builder,
    history: MemberHistory,
    stint: Any,
    profile: dict[str, Any],
    flags: tuple[int, ...],
) -> StintRow:
    start, end = stint.start, stint.end
    status = _status_at(history, start)
    official_on: date | None = None
    for changed_on, _ in sorted(history.statuses):
        inside = start < changed_on and (end is None or changed_on < end)
        if inside and _status_at(history, changed_on) != status:
            official_on = changed_on  # probationary -> official is the only change there is
            break
    org, on_roll = stint.org, _on_roll(flags, status == MemberStatus.PROBATIONARY)
    builder.hold(org, start, end, on_roll)
    if official_on is not None:
        builder.hold(org, official_on, end, {PROBATIONARY: -1, OFFICIAL: 1})
    turns_30 = thirtieth_birthday(profile)
    if turns_30 is not None and start < turns_30:
        builder.hold(org, start, min(end, turns_30) if end else turns_30, {ROLL_FLAGS[UNDER_30]: 1})
    return (
        stint.org,
        start.toordinal(),
        end.toordinal() if end else None,
        status.value,
        official_on.toordinal() if official_on else None,
        str(profile.get("full_name") or ""),
    )


def add_flow(
    builder: Builder, entry: Entry, profile: dict[str, Any], flags: tuple[int, ...]
) -> None:
    kind = entry.kind
    column = FLOW_OF.get(kind)
    if column is None:
        return
    day: date = entry.effective_on
    vector = {column: 1}
    if kind == EventType.ADMITTED:
        turns_30 = thirtieth_birthday(profile)
        young = int(turns_30 is not None and day < turns_30)
        vector = _admitted((*flags[:UNDER_30], young, *flags[UNDER_30 + 1 :]), column)
    other = counterpart(entry)
    internal = other if other and other in builder.hierarchy.orgs else None
    builder.add(entry.org, day, vector, skip_common_with=internal)
