"""Runs a projection over the event log: batches, positions, the lock, rebuilds and status.

Every batch is one transaction that writes the read-model rows and the new position together,
under the projection's lock (PostgreSQL: `pg_advisory_xact_lock`; SQLite: BEGIN IMMEDIATE), so
each event counts exactly once whatever process runs it and wherever a run is killed. Events are
always read `> position`: PostgreSQL notification ids have gaps.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, func, inspect, select, update
from sqlalchemy.exc import DBAPIError

from projections.admission.projection import DossierProjection
from projections.counts.figures import FiguresProjection
from projections.counts.quota_view import QuotaProjection
from projections.log_window import LogWindow
from projections.store.engine import (
    Engines,
    LockedTransaction,
    LockWaitTimedOut,
    Turns,
    engines_for,
    take_lock,
)
from projections.store.schema import STATE_METADATA, projection_state

PROJECTIONS: dict[str, Callable[[str, str], Any]] = {  # (dialect, province)
    "figures": FiguresProjection,
    "quotas": QuotaProjection,
    "dossiers": DossierProjection,
}
BATCH = 500
REBUILD_BATCH = 2000  # SQLite: keeps each hold of the write lock short
Progress = Callable[[int, int], None]


def create_missing(conn: Connection, metadata: MetaData) -> None:
    """Create the tables of `metadata` that the database lacks, with their indexes.

    One query lists the tables present: `create_all`'s own check asks once per table, a round
    trip each on PostgreSQL, at every runner's first batch in every registry opened."""
    present = set(inspect(conn).get_table_names())
    missing = [table for table in metadata.sorted_tables if table.name not in present]
    if missing:
        metadata.create_all(conn, tables=missing, checkfirst=True)


@dataclass(frozen=True)
class State:
    name: str
    generation: int
    position: int
    active: bool
    structure: int


class Runner:
    """One projection of one registry; one instance per process and projection."""

    def __init__(self, registry: Any, name: str, engines: Engines | None = None) -> None:
        self.registry = registry
        self.name = name
        self.engines = engines or engines_for(registry.settings)
        # One deployment, one province: every read-model row it writes carries the name.
        self.projection = PROJECTIONS[name](self.engines.dialect, registry.settings.deployment)
        self.seen: State | None = None  # what this process last wrote or saw under the lock
        self._topics = frozenset(self.projection.topics)

    def head(self) -> int:
        return int(self.registry.recorder.max_notification_id() or 0)

    def catch_up(
        self,
        batch: int = BATCH,
        until: float | None = None,
        wanted: int | None = None,
        window: LogWindow | None = None,
    ) -> int:
        """Process every event recorded so far (or stop after the batch that passes `until`,
        a time.monotonic() instant); returns the position reached. With `wanted`, a position
        another process has already projected past under the lock ends it at once: its caller
        only needs that far, and a round of its own would only reload the caches. With
        `window`, the log is read through the round's window shared with the other runners."""
        turns = Turns(self.engines.dialect, getattr(self.registry, "writers_in", None))
        while True:
            try:
                with self._locked(until) as conn:
                    state = self._state(conn)
                    if wanted is not None and state.position >= wanted:
                        return state.position
                    processed, position = self._step(conn, state, batch, window)
            except LockWaitTimedOut:  # another process is catching up: it answers for us
                return self.seen.position if self.seen else 0
            if processed < batch or (until is not None and time.monotonic() >= until):
                return position
            turns.between_batches()

    def _step(
        self, conn: Connection, state: State, batch: int, window: LogWindow | None = None
    ) -> tuple[int, int]:
        """One batch for `state`'s generation; the new position is written with the rows.
        Returns the notifications read (a full `batch`: more may follow) and the position."""
        if self.seen != state:
            self.projection.forget()  # someone else moved it on: caches may be stale
        if window is None:
            head = self.head()
            notes = read = self.registry.recorder.select_notifications(
                state.position, batch, topics=self.projection.topics, inclusive_of_start=False
            )
        else:
            head = window.head()
            read = window.after(state.position, batch)
            mine = self._topics
            notes = [n for n in read if n.topic in mine]
        position = max(state.position, read[-1].id if read else 0)
        if len(read) < batch:
            position = max(position, head)  # nothing relevant up to the head we read first
        changed = False
        if notes:
            events = [(n.id, self.registry.mapper.to_domain_event(n)) for n in notes]
            try:
                self.projection.prepare(conn, state.generation, state.position)
                changed = self.projection.process(conn, events)
            except BaseException:
                self.projection.forget()
                self.seen = None
                raise
        if position != state.position:
            conn.execute(
                update(projection_state)
                .where(projection_state.c.name == self.name)
                .where(projection_state.c.generation == state.generation)
                .values(position=position, structure=state.structure + int(changed))
            )
        self.seen = State(
            state.name, state.generation, position, state.active, state.structure + int(changed)
        )
        return len(read), position

    def _locked(self, until: float | None = None) -> Any:
        return LockedTransaction(self.engines, self.name, until)

    def _state(self, conn: Connection) -> State:
        """The active generation, created (generation 1, empty) on first use."""
        if self.seen is None:
            create_missing(conn, STATE_METADATA)
        row = (
            conn.execute(
                select(projection_state).where(
                    projection_state.c.name == self.name, projection_state.c.active.is_(True)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            create_missing(conn, self.projection.metadata(1))
            conn.execute(
                projection_state.insert().values(
                    name=self.name, generation=1, position=0, active=True, structure=0
                )
            )
            return State(self.name, 1, 0, True, 0)
        state = State(**row)
        if self.seen is None and not self.projection.ready(conn, state.generation):
            # Tables of an older format: build the current one from the whole log.
            create_missing(conn, self.projection.metadata(state.generation))
            conn.execute(
                update(projection_state)
                .where(
                    projection_state.c.name == self.name,
                    projection_state.c.generation == state.generation,
                )
                .values(position=0, structure=state.structure + 1)
            )
            state = State(self.name, state.generation, 0, True, state.structure + 1)
        return state

    # -- rebuilds ------------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, batch: int = REBUILD_BATCH) -> State:
        """Build a new generation from the log while reads use the old one, then flip."""
        builder = Runner(self.registry, self.name, self.engines)
        with self._locked() as conn:
            active = self._state(conn)
            building = self._start_generation(conn, active)
        head = self.head()
        turns = Turns(self.engines.dialect, getattr(self.registry, "writers_in", None))
        while True:  # the bulk, without the projection lock: the old generation stays live
            with self.engines.write.begin() as conn:
                take_lock(conn, self.engines.dialect, f"{self.name}.rebuild")
                building = self._row(conn, building.generation)
                processed, position = builder._step(conn, building, batch)
            if progress:
                progress(position, max(head, position))
            if processed < batch:
                break
            turns.between_batches()
        with self._locked() as conn:  # the last events and the flip, atomically
            building = self._row(conn, building.generation)
            while True:
                processed, _ = builder._step(conn, building, batch)
                building = self._row(conn, building.generation)
                if processed < batch:
                    break
            conn.execute(
                update(projection_state)
                .where(projection_state.c.name == self.name)
                .values(active=False)
            )
            conn.execute(
                update(projection_state)
                .where(
                    projection_state.c.name == self.name,
                    projection_state.c.generation == building.generation,
                )
                .values(active=True)
            )
        self.seen = None
        return self._row_now(building.generation)

    def _start_generation(self, conn: Connection, active: State) -> State:
        """A fresh generation after every existing one; generations before the active are dropped."""
        top = conn.execute(
            select(func.max(projection_state.c.generation)).where(
                projection_state.c.name == self.name
            )
        ).scalar()
        generation = int(top or active.generation) + 1
        for old in range(1, active.generation):
            self._drop(conn, old)
        self._drop(conn, generation)
        conn.execute(
            projection_state.delete().where(
                projection_state.c.name == self.name, projection_state.c.active.is_(False)
            )
        )
        self.projection.metadata(generation).create_all(conn)
        conn.execute(
            projection_state.insert().values(
                name=self.name, generation=generation, position=0, active=False, structure=0
            )
        )
        return State(self.name, generation, 0, False, 0)

    def _drop(self, conn: Connection, generation: int) -> None:
        existing = set(inspect(conn).get_table_names())
        metadata = self.projection.metadata(generation)
        metadata.drop_all(conn, tables=[t for t in metadata.sorted_tables if t.name in existing])

    def _row(self, conn: Connection, generation: int) -> State:
        row = (
            conn.execute(
                select(projection_state).where(
                    projection_state.c.name == self.name,
                    projection_state.c.generation == generation,
                )
            )
            .mappings()
            .one()
        )
        return State(**row)

    def _row_now(self, generation: int) -> State:
        with self.engines.read.begin() as conn:
            return self._row(conn, generation)


# Read engines whose projection_state table is known to exist: it is created once and never
# dropped, so the catalog is asked once per engine, not at every read's freshness check.
_tracking: weakref.WeakSet[Engine] = weakref.WeakSet()
_LOWEST = select(projection_state.c.name, projection_state.c.position).where(
    projection_state.c.active.is_(True)
)


def lowest_position(registry: Any) -> int:
    """The log position every active projection has reached (0 before the first run)."""
    engine = engines_for(registry.settings).read
    if engine not in _tracking:
        if not _has_state(engine):
            return 0
        _tracking.add(engine)
    try:
        with engine.begin() as conn:
            found = conn.execute(_LOWEST).all()
    except DBAPIError:
        _tracking.discard(engine)  # the database was replaced under the engine: ask again
        if not _has_state(engine):
            return 0
        raise
    reached = {name: int(position) for name, position in found}
    return min(reached.get(name, 0) for name in PROJECTIONS)


def _has_state(engine: Engine) -> bool:
    with engine.connect() as conn:
        return inspect(conn).has_table(projection_state.name)


def status(registry: Any) -> list[dict[str, Any]]:
    """Position, log head and lag of every projection (and of a rebuild in progress)."""
    engines = engines_for(registry.settings)
    head = int(registry.recorder.max_notification_id() or 0)
    with engines.read.begin() as conn:
        present = inspect(conn).has_table(projection_state.name)
        found = conn.execute(select(projection_state)).mappings() if present else []
        rows = {(r["name"], r["generation"]): r for r in found}
    report = []
    for name in PROJECTIONS:
        for (n, generation), row in sorted(rows.items()):
            if n == name:
                report.append(
                    {
                        "name": name,
                        "generation": generation,
                        "active": row["active"],
                        "position": row["position"],
                        "head": head,
                        "lag": max(0, head - row["position"]),
                    }
                )
        if not any(n == name for n, _ in rows):
            report.append(
                {
                    "name": name,
                    "generation": None,
                    "active": False,
                    "position": 0,
                    "head": head,
                    "lag": head,
                }
            )
    return report
