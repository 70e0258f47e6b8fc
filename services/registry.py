"""The Registry application: Sổ Đảng's service layer over the event store.

Persistence (the eventsourcing Application, its transcodings and sealed snapshots), the
get-change-save loop every write runs in (`run_with_position`: retried on a version conflict,
behind the writers' gate of services/store/gates.py) and reads of single aggregates. Writes
come in through services/front_door (commands, one table of handlers, `bus.handle`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.errors import NotFound
from domain.roll.entry import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.values import ENUMS, Ids
from services.config import TIMEZONE, Settings
from services.integrity import wiring as integrity
from services.roll.client_keys import StoredMeanwhile, event_of_key
from services.store import immutability
from services.store.bulk_reads import existing_ids, last_versions
from services.store.cached_repository import CachingRepository
from services.store.gates import (  # noqa: F401 (re-exported: the errors a write may answer)
    GATE_WAIT,
    ConcurrencyError,
    ImportRunning,
    WriterLocks,
    opening_lock,
)
from services.store.transcodings import (
    DateAsISO,
    EntryAsDict,
    RollLedgerAsChunks,
    enum_transcoding,
)
from services.unit_of_work import UnitOfWork

T = TypeVar("T")
log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 8
# Aggregates each process keeps between commands (LRU). A command then reads only the events
# stored since its last use: the library fast-forwards a cached aggregate from the log before
# handing out a private copy, so several processes stay correct, and a failed attempt changes
# only its copy; a unit of work that saved leaves its organizations and members there. Without
# it every admission decoded its cell's whole snapshot (37 ms of a 90 ms request at 1 writer,
# 150 ms under 16). 5,000 rather than 500: a bulk load re-reads members of a province of
# thousands (bench.core_load 0.005 detached: 500 gave 1,800/s per CPU second, 5,000 gave
# 2,100/s). The cells hold their rolls, so this is up to a few hundred MB per process for the
# largest province; the environment may set another size (0: off).
AGGREGATE_CACHE = "5000"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Registry(Application[UUID]):
    """Every command is get, change, save: one transaction, retried on a version conflict."""

    name = "Registry"
    snapshotting_intervals: ClassVar = {Organization: 50, Member: 100}

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.ids = Ids(settings.namespace)
        self.clock: Clock = clock or utc_now
        # Called with the highest log position after each successful save (projections).
        self.on_saved: list[Callable[[int], None]] = []
        self.trigger_alarms: list[immutability.TriggerAlarm] = []
        self.locks = WriterLocks(settings, lambda: self.recorder.datastore)  # type: ignore[attr-defined]
        with opening_lock(settings) as session:
            env = settings.eventsourcing_env()
            if "AGGREGATE_CACHE_MAXSIZE" not in os.environ:
                env["AGGREGATE_CACHE_MAXSIZE"] = AGGREGATE_CACHE
            super().__init__(env=env)
            if settings.create_tables:
                # A missing or disabled trigger is reported (logged), left as found, never repaired.
                self.trigger_alarms = immutability.install(
                    settings, *integrity.protected_tables(self), session=session
                )
            integrity.attach(self)

    def construct_repository(self) -> CachingRepository:
        """The library's repository, its cached aggregates copied cheaply (services.store)."""
        plain = super().construct_repository()
        return CachingRepository(
            event_store=plain.event_store,
            snapshot_store=plain.snapshot_store,
            cache_maxsize=plain.cache.maxsize if plain.cache else None,  # type: ignore[attr-defined]
            fastforward=plain.fastforward,
            fastforward_skipping=plain.fastforward_skipping,
            deepcopy_from_cache=plain.deepcopy_from_cache,
        )

    def forget_cached(self) -> None:
        """Read every aggregate afresh from the store from now on (services.store.cached_repository)."""
        self.repository.forget_cached()  # type: ignore[attr-defined]

    def construct_snapshot_store(self) -> Any:
        """Snapshots sealed to the log and signed; one that fails its seal is never used."""
        return integrity.snapshot_store(self)

    @property
    def events_table(self) -> str:
        return "stored_events" if self.settings.dialect == "sqlite" else "registry_events"

    @property
    def snapshots_table(self) -> str:
        return "stored_snapshots" if self.settings.dialect == "sqlite" else "registry_snapshots"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(EntryAsDict())
        transcoder.register(RollLedgerAsChunks(transcoder))
        for enum in ENUMS:
            transcoder.register(enum_transcoding(enum))

    def today(self) -> date:
        """Today in Vietnam: effective dates after it are in the future."""
        return self.clock().astimezone(TIMEZONE).date()

    # -- organizations --------------------------------------------------------------

    def get_organization(self, code: str) -> Organization:
        try:
            org: Any = self.repository.get(self.ids.organization(code))
        except AggregateNotFoundError:
            raise NotFound("organization", code) from None
        if not isinstance(org, Organization):
            raise NotFound("organization", code)
        return org

    def subtree(self, code: str, on: date) -> list[Organization]:
        """The organization and everything under it on a day (loads every stream: small trees only)."""
        found: list[Organization] = []
        pending = [code]
        while pending:
            org = self.get_organization(pending.pop())
            found.append(org)
            pending.extend(org.children_on(on))
        return found

    def roll_count(self, code: str, as_of: date, known_at: datetime | None = None) -> int:
        """Members on the rolls of an organization's subtree on a day, replayed from the streams."""
        return sum(len(o.roll_on(as_of, known_at)) for o in self.subtree(code, as_of))

    def get_member(self, member_id: UUID) -> Member:
        try:
            member = self.repository.get(member_id)
        except AggregateNotFoundError:
            raise NotFound("member", member_id) from None
        if not isinstance(member, Member):
            raise NotFound("member", member_id)
        return member

    def event_of_key(self, key: str, key_scope: str | None, requester: str) -> UUID | None:
        """The event the requester's key produced, if they used it."""
        try:
            return event_of_key(UnitOfWork(self), key, key_scope, requester)
        except NotFound:
            return None

    # -- the get/change/save loop -----------------------------------------------------

    def run(self, change: Callable[[UnitOfWork], T]) -> T:
        return self.run_with_position(change)[0]

    def run_with_position(
        self, change: Callable[[UnitOfWork], T], announce: bool = True
    ) -> tuple[T, int | None]:
        """Apply `change` to fresh aggregates and save; on a version conflict, start again.

        The first attempt is optimistic. After a conflict the retries queue behind one
        advisory lock (PostgreSQL), so a slow writer is not starved by faster ones. Every
        attempt holds the writers' gate shared: an import's locked retry waits for them. A
        command whose key a twin request stored meanwhile starts again at once: it replays.
        Without `announce` the listeners (the projections' catch-up) are left to the caller,
        who calls `announce_saved` (group commit: each request of a batch waits on its own).
        """
        with ExitStack() as stack:
            stack.enter_context(self.writers_gate(exclusive=False))
            queued = False
            for _ in range(MAX_ATTEMPTS):
                uow = UnitOfWork(self)
                try:
                    result = change(uow)
                except StoredMeanwhile:
                    continue
                try:
                    with self.locks.one_writer():
                        recordings = uow.commit()
                except IntegrityError:
                    if not queued:
                        stack.enter_context(self.locks.retry_queue())
                        queued = True
                    continue
                position = max((r.notification.id for r in recordings), default=None)
                stack.close()
                if position is not None and announce:
                    self._saved(position)
                return result, position
        raise ConcurrencyError(
            f"the organization was changed by others {MAX_ATTEMPTS} times in a row; try again"
        )

    def announce_saved(self, position: int) -> None:
        """For writers that store through the recorder themselves (the import) or announce
        their saves themselves (group commit)."""
        self._saved(position)

    def _saved(self, position: int) -> None:
        """Tell the listeners; the command is stored whatever they do, so their errors are logged."""
        for callback in self.on_saved:
            try:
                callback(position)
            except Exception:
                log.exception("a listener failed after position %s was saved", position)

    def writers_gate(self, exclusive: bool) -> AbstractContextManager[None]:
        """Shared by every write, exclusive for an import (services.store.gates)."""
        return self.locks.writers_gate(exclusive)

    def writers_in(self) -> bool:
        """Whether a write holds the writers' gate now (services.store.gates)."""
        return self.locks.writers_in()

    def close(self) -> None:
        self.locks.close()
        super().close()

    def existing(self, ids: set[UUID]) -> set[UUID]:
        """Which of these aggregate ids have stored events (one query per 500 ids)."""
        return existing_ids(self.settings.dialect, self.recorder, ids)

    def last_versions(self, ids: set[UUID]) -> dict[UUID, int]:
        """The last stored version of each of these aggregates that exists (one query per 500)."""
        return last_versions(self.settings.dialect, self.recorder, ids)

    def save(self, *objs: Any, **kwargs: Any) -> list[Any]:
        """Events stored as given (a unit of work passes them in recording order).

        The library's `save` asks of every object whether it is an event through a
        runtime-checkable protocol, which Python 3.11 answers attribute by attribute (about a
        tenth of a bulk load). Events of our aggregates are `DomainEvent`s: they go straight to
        the event store, as the library's save would put them (it has no snapshot or
        notification to add for bare events). Aggregates take the library's way."""
        if objs and all(isinstance(o, DomainEvent) for o in objs):
            return self.events.put(list(objs), **kwargs)
        return super().save(*objs, **kwargs)

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def refresh_statistics(self) -> None:
        """Have PostgreSQL sample the log again after a bulk load (ANALYZE).

        The planner chooses how to read an aggregate's events by the table's statistics. A
        load of a province's history (an hour of inserts) can end before autovacuum samples
        the table, or where it is off: the planner then believes a table never analyzed, puts
        tens of thousands of events under each id, and plans scans and JIT compilation for
        one aggregate's handful. Sampling costs about a second at two million events.
        """
        if self.settings.dialect != "postgresql":
            return
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        tables = [self.events_table, self.snapshots_table]
        with datastore.get_connection() as conn:
            for table in tables:
                conn.execute(f'ANALYZE "{datastore.schema}"."{table}"')
            conn.commit()

    def stream(self, code: str) -> list[Entry]:
        """The organization's roll events in recording order, exactly as stored."""
        return list(self.get_organization(code).entries)
