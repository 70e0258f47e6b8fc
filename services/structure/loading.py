"""Bulk loading of many organizations into a unit of work: a reform touches thousands at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from services.integrity.snapshots import SealedSnapshotStore
from services.store.bulk_reads import CHUNK, latest_stored, stored_events
from services.unit_of_work import UnitOfWork


def preload(uow: UnitOfWork, ids: Iterable[UUID]) -> None:
    """Load many aggregates into the unit of work, a few queries per 500 of them: the latest
    snapshot of each, then only the events stored after it (one round trip each would take
    minutes for a reform of 10,000 organizations on PostgreSQL; every event read would decode
    a cell's whole history)."""
    registry = uow.registry
    dialect = registry.settings.dialect
    wanted = [i for i in dict.fromkeys(ids) if i not in uow.aggregates and i not in uow.absent]
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        latest: dict[UUID, StoredEvent] = {}
        if isinstance(registry.snapshots, SealedSnapshotStore):
            # Checked as the registry checks one it reads: a snapshot not sealed by the
            # application is refused and its aggregate loaded from its events.
            found = latest_stored(dialect, registry.snapshots.recorder, chunk)
            latest = {s.originator_id: s for s in registry.snapshots.trusted(list(found.values()))}
        after = {i: s.originator_version for i, s in latest.items()}
        streams: dict[UUID, list[StoredEvent]] = {i: [] for i in chunk}
        for stored in stored_events(dialect, registry.recorder, chunk, after):
            streams[stored.originator_id].append(stored)
        for aggregate_id, stream in streams.items():
            head = [latest[aggregate_id]] if aggregate_id in latest else []
            aggregate: Any = None
            for stored in [*head, *stream]:
                aggregate = registry.mapper.to_domain_event(stored).mutate(aggregate)
            if aggregate is None:
                uow.absent.add(aggregate_id)
            else:
                uow.aggregates[aggregate_id] = aggregate


def preload_subtree(uow: UnitOfWork, root: str, day: date) -> None:
    """Load an organization and everything under it on a day, one level at a time."""
    level = [root]
    while level:
        preload(uow, [uow.ids.organization(code) for code in level])
        level = [child for code in level for child in uow.organization(code).children_on(day)]
