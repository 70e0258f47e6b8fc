"""Aggregates kept warm between units of work: a batch reads each cell once, not once per batch.

A bulk load (the demo's history, seeding, a reform) saves thousands of commands in batches, and
every batch used to read each organization it touched again from its last snapshot, which holds
its whole roll history: loading a cell decoded its whole past, once per batch (about 12 stored
events decoded per imported event at scale 0.02, and more as the province grows).

Here a unit of work that committed leaves its organizations and members, at the versions it
saved, and the next unit of work starts from them: it reads only the events stored since (one
query, usually empty: other writers and processes are caught up this way, so nothing here can
be stale), on its own copy; what is kept is a copy too. The copy is cheap because these aggregates change only by
appending to their lists, and by setting a key of a dict inside them (a link's `until`); their
roll entries are immutable records, shared. Only committed states are kept: a refused or
previewed unit of work leaves nothing. Bounded by the roll entries held, least recently used
first out.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Iterable
from threading import Lock
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.roll.member import Member
from domain.roll.organization import Organization

WARM_TYPES = (Organization, Member)
BUDGET = 50_000  # roll entries held per process (about 1 kB each with member attributes: ~50 MB)

Replay = Callable[[Any, Iterable[Any]], Any]


def private_copy(aggregate: Aggregate) -> Aggregate:
    """A copy the caller may change without touching the original: lists are new, the dicts
    in them too; immutable values (entries, dates, strings) are shared."""
    twin = copy.copy(aggregate)
    state = twin.__dict__
    for name, value in state.items():
        if type(value) is list:
            state[name] = [dict(x) if type(x) is dict else x for x in value]
        elif type(value) is dict:
            state[name] = dict(value)
    return twin


def weight(aggregate: Aggregate) -> int:
    return 1 + len(getattr(aggregate, "entries", ()))


class WarmAggregates:
    """Committed organizations and members of this process, by id (thread-safe)."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self.held = 0
        self.kept: OrderedDict[UUID, Aggregate] = OrderedDict()
        self.lock = Lock()

    def get(
        self, aggregate_id: UUID, newer: Callable[[UUID, int], Iterable[Any]], replay: Replay
    ) -> Aggregate | None:
        """A private copy, caught up with the events stored since it was kept; None if not kept."""
        with self.lock:
            kept = self.kept.get(aggregate_id)
            if kept is None:
                return None
            self.kept.move_to_end(aggregate_id)
        aggregate = private_copy(kept)
        caught_up: Aggregate = replay(aggregate, newer(aggregate_id, aggregate.version))
        return caught_up

    def keep(self, aggregates: Iterable[Aggregate]) -> None:
        """Keep committed states (no pending events), never over a later version. Copies are
        kept: the caller may still hold, and change, its own."""
        with self.lock:
            for aggregate in aggregates:
                if not isinstance(aggregate, WARM_TYPES) or aggregate.pending_events:
                    continue
                old = self.kept.pop(aggregate.id, None)
                if old is not None:
                    self.held -= weight(old)
                kept = old if old and old.version > aggregate.version else private_copy(aggregate)
                self.kept[aggregate.id] = kept
                self.held += weight(kept)
            while self.held > self.budget and self.kept:
                _, out = self.kept.popitem(last=False)
                self.held -= weight(out)

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()
            self.held = 0
