"""The Registry application: Sổ Đảng's service layer over the event store."""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import psycopg
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.errors import DomainError, NotFound
from domain.roll.entry import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.values import ENUMS, Ids, OrgKind
from services.config import TIMEZONE, Settings
from services.integrity import wiring as integrity
from services.roll.client_keys import StoredMeanwhile, event_of_key
from services.roll.commands import (
    Admit,
    Command,
    Correct,
    Readmit,
    Receipt,
    Recognize,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)
from services.roll.handlers import found, handle
from services.store import immutability
from services.store.bulk_reads import existing_ids
from services.store.transcodings import DateAsISO, EntryAsDict, enum_transcoding
from services.unit_of_work import UnitOfWork

T = TypeVar("T")
log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 8
RETRY_LOCK = 727002  # advisory lock key: writers retrying after a conflict
# Every write holds this gate shared; an import finishing after a conflict holds it alone
# (services/importing/importer.py), so that small writers cannot win every race against a large save.
WRITERS_GATE = 727003
OPENING_LOCK = 727004  # advisory lock key: a process creating the tables and triggers
GATE_WAIT = 20.0  # seconds a write waits for an import to finish before "try again"


class ConcurrencyError(DomainError):
    """Other writers kept changing the same streams; the command was not stored."""


class ImportRunning(ConcurrencyError):
    """An import held the writers' gate longer than a write may wait; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(
            f"an import is being stored; waited {GATE_WAIT:.0f} s, nothing was stored: try again"
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


class Registry(Application[UUID]):
    """Every command is get, change, save: one transaction, retried on a version conflict."""

    name = "Registry"
    snapshotting_intervals: ClassVar = {Organization: 200, Member: 100}

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.ids = Ids(settings.namespace)
        self.clock: Clock = clock or utc_now
        # Called with the highest log position after each successful save (projections).
        self.on_saved: list[Callable[[int], None]] = []
        self.trigger_alarms: list[immutability.TriggerAlarm] = []
        self._retry_lock = threading.Lock()
        self._sqlite_writer = threading.Lock()
        self._gate_mutex = threading.Lock()
        self._gate_holders = 0
        self._gate_conn: psycopg.Connection[Any] | None = None
        with self._opening_lock():
            super().__init__(env=settings.eventsourcing_env())
            if settings.create_tables:
                # A missing or disabled trigger is reported (logged), left as found, never repaired.
                self.trigger_alarms = immutability.install(
                    settings, *integrity.protected_tables(self)
                )
            integrity.attach(self)

    @contextmanager
    def _opening_lock(self) -> Iterator[None]:
        """One process at a time creates the tables, triggers and (SQLite) turns on WAL.

        Workers starting together on a new database otherwise race: SQLite's
        `PRAGMA journal_mode=WAL` needs the file alone and does not wait ("database is
        locked"); PostgreSQL's `CREATE TABLE IF NOT EXISTS` run twice at once fails on
        pg_type's unique index. PostgreSQL: an advisory lock; SQLite: a file lock beside it.
        """
        if self.settings.dialect == "postgresql":
            with psycopg.connect(self.settings.database_url, autocommit=True) as conn:
                conn.execute("SELECT pg_advisory_lock(%s)", (OPENING_LOCK,))
                try:
                    yield
                finally:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (OPENING_LOCK,))
            return
        path = self.settings.sqlite_path.with_name(self.settings.sqlite_path.name + ".opening")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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
        for enum in ENUMS:
            transcoder.register(enum_transcoding(enum))

    def today(self) -> date:
        """Today in Vietnam: effective dates after it are in the future."""
        return self.clock().astimezone(TIMEZONE).date()

    # -- organizations --------------------------------------------------------------

    def found_organization(
        self,
        code: str,
        name: str,
        kind: OrgKind,
        parent: str | None,
        founded_on: date,
        recorded_by: str,
    ) -> Organization:
        """Found a Party organization under its parent (both streams in one transaction).

        Deprecated: writes go through services.front_door (FoundOrganization)."""

        return self.run(lambda uow: found(uow, code, name, kind, parent, founded_on, recorded_by))

    def get_organization(self, code: str) -> Organization:
        try:
            org = self.repository.get(self.ids.organization(code))
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

    # -- roll commands: deprecated, kept for the CLI and tests ---------------------------
    # Writes go through services.front_door.bus.handle. The front door sits above the
    # registry (the wings its handlers call import the registry), so these cannot call it:
    # they call the same roll handler as its RecordEvent route, nothing of their own.

    def admit(self, org: str, command: Admit, recorded_by: str, key: str | None = None) -> Receipt:
        """Admit a probationary member (kết nạp), effective on the ceremony date."""
        return self.execute(org, command, recorded_by, key)

    def readmit(
        self, org: str, command: Readmit, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Readmit a former member (kết nạp lại), at least 36 months after they left."""
        return self.execute(org, command, recorded_by, key)

    def transfer_in(
        self, org: str, command: TransferIn, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Receive a member by official transfer; from inside, the origin's side is recorded too."""
        return self.execute(org, command, recorded_by, key)

    def recognize(
        self, org: str, command: Recognize, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Recognize an official member, effective exactly 12 months after the ceremony."""
        return self.execute(org, command, recorded_by, key)

    def transfer_out(
        self, org: str, command: TransferOut, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Release a member by official transfer; to inside, the destination's side is recorded too."""
        return self.execute(org, command, recorded_by, key)

    def remove(
        self, org: str, command: Remove, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Expel, strike off, record a death or annul an admission."""
        return self.execute(org, command, recorded_by, key)

    def correct(
        self, org: str, command: Correct, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Correct an earlier event by a new one that points at it, with a reason."""
        return self.execute(org, command, recorded_by, key)

    def retract(
        self, org: str, command: Retract, recorded_by: str, key: str | None = None
    ) -> Receipt:
        """Retract an earlier event by a new one that points at it, with a reason."""
        return self.execute(org, command, recorded_by, key)

    def execute(
        self,
        org: str,
        command: Command,
        recorded_by: str,
        key: str | None = None,
        *,
        key_scope: str | None = None,
    ) -> Receipt:
        """One roll command, by its type, through the front door's roll handler.

        `key_scope` is the requester's organization: their idempotency keys are theirs alone."""
        receipt, position = self.run_with_position(
            lambda uow: handle(
                uow, org, command, recorded_by=recorded_by, client_key=key, key_scope=key_scope
            )
        )
        return Receipt(**{**receipt.__dict__, "position": position})

    def event_of_key(self, key: str, key_scope: str | None, requester: str) -> UUID | None:
        """The event the requester's key produced, if they used it."""
        try:
            return event_of_key(UnitOfWork(self), key, key_scope, requester)
        except NotFound:
            return None

    # -- the get/change/save loop -----------------------------------------------------

    def run(self, change: Callable[[UnitOfWork], T]) -> T:
        return self.run_with_position(change)[0]

    def run_with_position(self, change: Callable[[UnitOfWork], T]) -> tuple[T, int | None]:
        """Apply `change` to fresh aggregates and save; on a version conflict, start again.

        The first attempt is optimistic. After a conflict the retries queue behind one
        advisory lock (PostgreSQL), so a slow writer is not starved by faster ones. Every
        attempt holds the writers' gate shared: an import's locked retry waits for them. A
        command whose key a twin request stored meanwhile starts again at once: it replays.
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
                    with self._one_writer():
                        recordings = uow.commit()
                except IntegrityError:
                    if not queued:
                        stack.enter_context(self._writers_queue())
                        queued = True
                    continue
                position = max((r.notification.id for r in recordings), default=None)
                stack.close()
                if position is not None:
                    self._saved(position)
                return result, position
        raise ConcurrencyError(
            f"the organization was changed by others {MAX_ATTEMPTS} times in a row; try again"
        )

    def announce_saved(self, position: int) -> None:
        """For writers that store through the recorder themselves (the import)."""
        self._saved(position)

    def _saved(self, position: int) -> None:
        """Tell the listeners; the command is stored whatever they do, so their errors are logged."""
        for callback in self.on_saved:
            try:
                callback(position)
            except Exception:
                log.exception("a listener failed after position %s was saved", position)

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        """On SQLite, this process's writers take turns before they take a connection.

        SQLite lets one writer in at a time anyway; waiting for its file lock, each writer
        would hold a pooled connection (15 at most, 5 s to get one), and sixteen threads
        writing at once left the last without a connection."""
        if self.settings.dialect != "sqlite":
            yield
            return
        with self._sqlite_writer:
            yield

    @contextmanager
    def _writers_queue(self) -> Iterator[None]:
        if self.settings.dialect != "postgresql":
            # SQLite serialises writers on its file lock already.
            yield
            return
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        # The threads of this process queue here first, holding no connection: were they to
        # wait for the advisory lock each on a pooled connection, the writer holding it could
        # find the pool empty and wait for them in turn (16 writers, 15 connections).
        with self._retry_lock, datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (RETRY_LOCK,))
            conn.commit()  # a session lock: not idle in a transaction (killed after 5 s)
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (RETRY_LOCK,))
                conn.commit()

    @contextmanager
    def writers_gate(self, exclusive: bool) -> Iterator[None]:
        """Shared by every write, exclusive for an import: no write commits during an import.

        PostgreSQL: a session advisory lock (shared: one per process). SQLite: a file lock beside
        the database (flock, one descriptor per holder, so threads exclude each other as
        processes do). A shared holder waits at most GATE_WAIT seconds (a web request must
        answer before gunicorn's timeout), then gets ConcurrencyError: nothing was stored.
        """
        if self.settings.dialect != "postgresql":
            with self._file_gate(exclusive):
                yield
            return
        if exclusive:
            with self._pg_gate_exclusive():
                yield
            return
        with self._pg_gate_shared():
            yield

    @contextmanager
    def _pg_gate_exclusive(self) -> Iterator[None]:
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        with datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (WRITERS_GATE,))
            conn.commit()
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (WRITERS_GATE,))
                conn.commit()

    @contextmanager
    def _pg_gate_shared(self) -> Iterator[None]:
        """This process's writers share one session lock, on a connection of the gate's own.

        Each writer holding the lock on a pooled connection of its own while it needs a
        second one to commit emptied the pool with 16 threads writing at once (each held one,
        all waited for another). One shared holder per process needs no pooled connection.
        """
        with self._gate_mutex:
            if self._gate_holders == 0:
                conn = self._gate_connection()
                try:
                    conn.execute(f"SET lock_timeout = {int(GATE_WAIT * 1000)}")
                    conn.execute("SELECT pg_advisory_lock_shared(%s)", (WRITERS_GATE,))
                except psycopg.errors.LockNotAvailable:
                    raise ImportRunning() from None
                finally:
                    if not conn.closed:
                        conn.execute("SET lock_timeout = 0")
            self._gate_holders += 1
        try:
            yield
        finally:
            with self._gate_mutex:
                self._gate_holders -= 1
                if self._gate_holders == 0 and self._gate_conn is not None:
                    try:
                        self._gate_conn.execute(
                            "SELECT pg_advisory_unlock_shared(%s)", (WRITERS_GATE,)
                        )
                    except psycopg.OperationalError:
                        # The session is gone, and its lock with it.
                        self._gate_conn = None

    def _gate_connection(self) -> psycopg.Connection[Any]:
        if self._gate_conn is None or self._gate_conn.closed:
            self._gate_conn = psycopg.connect(self.settings.database_url, autocommit=True)
        return self._gate_conn

    def close(self) -> None:
        if self._gate_conn is not None:
            self._gate_conn.close()
            self._gate_conn = None
        super().close()

    @contextmanager
    def _file_gate(self, exclusive: bool) -> Iterator[None]:
        path = self.settings.sqlite_path.with_name(self.settings.sqlite_path.name + ".gate")
        with path.open("a") as handle:
            if exclusive:
                fcntl.flock(handle, fcntl.LOCK_EX)
            else:
                deadline = time.monotonic() + GATE_WAIT
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise ImportRunning() from None
                        time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def existing(self, ids: set[UUID]) -> set[UUID]:
        """Which of these aggregate ids have stored events (one query per 500 ids)."""
        return existing_ids(self.settings.dialect, self.recorder, ids)

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def stream(self, code: str) -> list[Entry]:
        """The organization's roll events in recording order, exactly as stored."""
        return list(self.get_organization(code).entries)
