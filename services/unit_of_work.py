"""A unit of work over the registry: aggregates loaded once, saved together in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.errors import NotFound
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.values import Ids


class Registry(Protocol):
    """What a unit of work needs of services.registry.Registry, which opens units of work (so
    this module names the registry's shape, not its module: no import circle)."""

    ids: Ids
    clock: Callable[[], datetime]

    # Read-only here: the Registry's are properties or class variables.
    @property
    def repository(self) -> Any: ...

    @property
    def snapshots(self) -> Any: ...

    @property
    def snapshotting_intervals(self) -> Any: ...

    def today(self) -> date: ...

    def existing(self, ids: set[UUID]) -> set[UUID]: ...

    def last_versions(self, ids: set[UUID]) -> dict[UUID, int]: ...

    def save(self, *objs: Any) -> list[Any]: ...


T = TypeVar("T", bound=Aggregate)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its per-event `isinstance` against a
    runtime-checkable protocol, which Python 3.11 checks attribute by attribute: a fifth of
    a bulk load's time went there. Our events are all the library's `Aggregate.Event`s."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class UnitOfWork:
    """Everything one command (or one whole import) touches; nothing is stored until `commit`."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.ids = registry.ids
        self.aggregates: dict[UUID, Aggregate] = {}
        # Ids known to have no stored events (bulk loads check them in one query).
        self.absent: set[UUID] = set()
        # The last stored version of aggregates a batch will read, learnt in one query at its
        # start: a cached copy at that version needs no query of its own (see `get`).
        self.last_stored: dict[UUID, int] = {}
        self.today = registry.today()
        self.now = registry.clock()

    def get(self, aggregate_id: UUID, cls: type[T]) -> T | None:
        if aggregate_id not in self.aggregates:
            if aggregate_id in self.absent:
                return None
            # The repository keeps aggregates between units of work and hands out private
            # copies caught up with the events stored since (services.store.cached_repository).
            try:
                found = self.registry.repository.get(
                    aggregate_id,
                    projector_func=replay,
                    known_version=self.last_stored.get(aggregate_id),
                )
            except AggregateNotFoundError:
                return None
            self.aggregates[aggregate_id] = found
        aggregate = self.aggregates[aggregate_id]
        return aggregate if isinstance(aggregate, cls) else None

    def add(self, aggregate: Aggregate) -> None:
        self.aggregates[aggregate.id] = aggregate
        self.absent.discard(aggregate.id)

    def prefetch_absence(self, ids: set[UUID]) -> None:
        """Learn in bulk which of these aggregates do not exist, so `get` needs no query for them."""
        self.absent |= ids - self.registry.existing(ids)

    def prefetch_versions(self, ids: set[UUID]) -> None:
        """Learn in one query which of these aggregates do not exist and the last stored version
        of those that do: `get` then asks nothing of the first, and takes the repository's
        cached copy of the others when it is at that version, without the query that would
        catch it up (one round trip per aggregate, most of a bulk load's time at province
        scale).

        A copy so taken is as of this call, not as of `get`. That is safe for what the unit
        of work changes: another process's event stored meanwhile takes the version this
        save needs, the save is refused and the registry's loop runs again from fresh
        copies. What it only reads is as of the batch's start, as a read caught up at `get`
        is as of that moment.
        """
        found = self.registry.last_versions(ids)
        self.absent |= ids - found.keys()
        self.last_stored.update(found)

    def organization(self, code: str) -> Organization:
        org = self.get(self.ids.organization(code), Organization)
        if org is None:
            raise NotFound("organization", code)
        return org

    def member(self, member_id: UUID) -> Member | None:
        return self.get(member_id, Member)

    def commit(self) -> list[Any]:
        """Save every changed aggregate in one transaction, events in recording-time order.

        The log must list events in the order they were recorded (projections keep running
        totals in that order), not grouped by aggregate as `save(*aggregates)` would.
        """
        changed = [a for a in self.aggregates.values() if a.pending_events]
        if not changed:
            return []
        owners = {a.id: a for a in changed}
        events = sorted(
            (event for aggregate in changed for event in aggregate.collect_events()),
            key=lambda event: event.timestamp,  # stable: versions keep their order
        )
        recordings = self.registry.save(*events)
        self.snapshot(events, owners)
        # Stored: the next unit of work may start from these states (one query for what
        # others stored since) instead of decoding again what this one wrote.
        self.registry.repository.keep(changed)
        return recordings

    def snapshot(self, events: list[Any], owners: dict[UUID, Aggregate]) -> None:
        """Snapshot aggregates whose new events crossed an interval, from memory (no reload)."""
        intervals = self.registry.snapshotting_intervals or {}
        due: dict[UUID, Aggregate] = {}
        for event in events:
            owner = owners[event.originator_id]
            interval = intervals.get(type(owner))
            if interval and event.originator_version % interval == 0:
                due[owner.id] = owner
        if due and self.registry.snapshots is not None:
            # The aggregates in memory are exactly the saved versions: no need to read them back.
            self.registry.snapshots.put([type(a).Snapshot.take(a) for a in due.values()])
