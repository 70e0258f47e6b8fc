"""Loading a generated history (demo or benchmark) with its original recording times.

Only tooling uses this: the recording time of each event is the simulated moment the
generator says it was entered, so that audits of past days (known_at) make sense in the
demo. Commands from people always take the clock's time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from domain.errors import DomainError
from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import FoundOrganization, RecordEventAt
from services.importing.importer import ImportFailed, explain
from services.registry import Registry
from services.roll.bodies import parse_body


class OrgLike(Protocol):
    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: Any


class EventLike(Protocol):
    recorded_at: datetime
    org: str
    body: dict[str, Any]


# Aggregates kept while loading: every organization of a province (10,000 in the bench's) and
# the members between two visits to their cell, so no cell's snapshot is decoded twice.
BULK_CACHE = 200_000


@dataclass
class SettableClock:
    """A clock the seeding moves along the simulated history."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def found_all(registry: Registry, orgs: Sequence[OrgLike], recorded_by: str) -> None:
    """Found organizations parents first (the generator lists them in that order)."""
    founding = [
        FoundOrganization(s.code, s.name, OrgKind(s.kind), s.parent, s.founded_on) for s in orgs
    ]
    handle(registry, *founding, recorded_by=recorded_by)


def load_events(
    registry: Registry,
    events: Iterable[EventLike],
    recorded_by: str,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Record events in transactions of `batch_size`, each at its own recording time."""
    count = 0
    batch: list[EventLike] = []
    with registry.repository.widened(BULK_CACHE):  # type: ignore[attr-defined]
        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                count += _record_batch(registry, batch, recorded_by, progress)
                batch = []
        if batch:
            count += _record_batch(registry, batch, recorded_by, progress)
    registry.refresh_statistics()
    return count


def _record_batch(
    registry: Registry,
    batch: list[EventLike],
    recorded_by: str,
    progress: Callable[[int], None] | None,
) -> int:
    parsed = []
    now = datetime.now(UTC)
    for index, event in enumerate(batch):
        if event.recorded_at > now:
            # The wall clock, not the registry's settable one: no history is entered in the future.
            raise ImportFailed(
                index, "recorded_at", f"{event.recorded_at.isoformat()} is later than now"
            )
        try:
            parsed.append((event, *parse_body(dict(event.body))))
        except Exception as error:  # marshmallow.ValidationError: a generator bug
            raise ImportFailed(index, "(body)", f"{error} in {event.body}") from None

    # Each event carries its own simulated recording time.
    commands = [
        RecordEventAt(event.org, command, key, recorded_at=event.recorded_at)
        for event, command, key in parsed
    ]
    try:
        handle(registry, *commands, recorded_by=recorded_by)
    except DomainError as error:
        field, message = explain(error)
        raise ImportFailed(0, field, f"{message} (in a batch of {len(commands)})") from None
    done = len(commands)
    if progress is not None:
        progress(done)
    return done
