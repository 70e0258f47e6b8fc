"""One run of `import_events`: the file applied a chunk at a time, stored in one save.

Lines are roll events and foundings (the organization tree comes in the same file, founding
lines first: services.importing.founding); both are front-door commands, applied in order.

Beside live traffic: a web user writing to a cell of the file a few times a second made the
import fail (it started again from the top after each conflict, 8 times, and never won). Now
the import holds the writers' gate alone for its whole run (every other write holds it shared,
services.store.gates): small writers wait for it, then go on; the import cannot lose a race, so
it is applied once and saved once. Why not an optimistic import that re-applies only the lines
of the streams others changed: its events would carry the recording time of its start while
others' later events were stored and projected before them, so a report "as known at" a
moment in between would count events nobody could see then, and the projections would rewrite
every running total recorded after that moment (measured: one batch of 500 events took over 90
seconds under the chaos run). Held from the start, the gate keeps the log in recording order.

A conflict can still come from a writer that does not take the gate (an older version of the
code during an upgrade): the file is then applied again from the top, still under the gate.

So the import keeps its own save, the one exception to the front door's `handle` (one unit of
work in memory, the gate held shared, retried from scratch): it applies its lines with the
front door's own batch loop (services.front_door.bus.applied) and table, but stages the events
on disk and stores them under the gate held alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.errors import DomainError, NotFound
from domain.roll.organization import Organization
from services.front_door.bus import applied
from services.front_door.handlers import Context
from services.importing.importer import ImportFailed, ImportReport, ParsedLine, explain, parse_line
from services.importing.staging import NOT_LOADED, Staging
from services.registry import MAX_ATTEMPTS, ConcurrencyError, Registry
from services.unit_of_work import UnitOfWork, replay

T = TypeVar("T", bound=Aggregate)
CHUNK = 500  # lines applied between two flushes to the staging file
PROJECTION_MEMBERS = 5_000  # member histories the projections keep after an import


class StagedUnitOfWork(UnitOfWork):
    """A unit of work whose pending events wait in the staging file, not in memory.

    Members and idempotency keys leave memory at each flush and are rebuilt, when a later
    line needs them, from the version first read plus their staged events. Organizations
    stay: nearly every line reads one and their rolls are what the rules check.
    """

    def __init__(self, registry: Registry, staging: Staging) -> None:
        super().__init__(registry)
        self.staging = staging

    def get(self, aggregate_id: UUID, cls: type[T]) -> T | None:
        if aggregate_id not in self.aggregates:
            found = self._load(aggregate_id)
            if found is None:
                return None
            self.aggregates[aggregate_id] = found
        aggregate = self.aggregates[aggregate_id]
        return aggregate if isinstance(aggregate, cls) else None

    def _load(self, aggregate_id: UUID) -> Aggregate | None:
        first = self.staging.loaded_version(aggregate_id)
        repository = self.registry.repository
        if first is NOT_LOADED:
            found: Aggregate | None = None
            if aggregate_id not in self.absent:
                try:
                    found = repository.get(aggregate_id, projector_func=replay)
                except AggregateNotFoundError:
                    found = None
            self.staging.note_loaded(aggregate_id, found.version if found else None)
            return found
        # Read before: the same version as then (a conflict is found at the save), plus ours.
        aggregate = (
            repository.get(aggregate_id, version=first, projector_func=replay)
            if first is not None
            else None
        )
        for stored in self.staging.events_of(aggregate_id):
            aggregate = self.registry.mapper.to_domain_event(stored).mutate(aggregate)
        return aggregate

    def add(self, aggregate: Aggregate) -> None:
        self.staging.note_loaded(aggregate.id, None)
        super().add(aggregate)

    def flush(self) -> None:
        """Stage the pending events in recording-time order; keep only organizations."""
        changed = [a for a in self.aggregates.values() if a.pending_events]
        events = sorted(
            (event for aggregate in changed for event in aggregate.collect_events()),
            key=lambda event: event.timestamp,
        )
        mapper = self.registry.mapper
        self.staging.stage(mapper.to_stored_event(e) for e in events)
        self.aggregates = {i: a for i, a in self.aggregates.items() if isinstance(a, Organization)}
        self.absent.clear()

    def snapshot_organizations(self) -> None:
        """Snapshot organizations whose new events crossed an interval (from memory)."""
        interval = (self.registry.snapshotting_intervals or {}).get(Organization)
        if not interval or self.registry.snapshots is None:
            return
        for org in self.aggregates.values():
            first = self.staging.loaded_version(org.id)
            first = 0 if first is None or first is NOT_LOADED else first
            if org.version // interval > first // interval:
                # One at a time (memory10): the snapshots of all the file's organizations at
                # once held every roll twice more, serialized; PostgreSQL's insert a third time
                # (traced: 5.6 KB per line of file at this step). Snapshots are a cache: each
                # stands alone, so separate saves lose nothing.
                self.registry.snapshots.put([type(org).Snapshot.take(org)])


class ImportRun:
    """`with ImportRun(...) as run: run.execute()`; the staging file is removed at the end."""

    def __init__(
        self,
        registry: Registry,
        path: Path,
        recorded_by: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.registry = registry
        self.path = path
        self.recorded_by = recorded_by
        self.progress = progress
        self.staging = Staging()
        self.restarts = 0  # whole-file re-applications after a conflict
        self.founded: set[str] = set()  # codes a line of this run founded

    def __enter__(self) -> ImportRun:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.staging.close()

    def execute(self) -> ImportReport:
        with self.registry.writers_gate(exclusive=True):
            uow = self._apply_file(self.progress)
            for _ in range(MAX_ATTEMPTS):
                try:
                    position = self._store(uow)
                    break
                except IntegrityError:  # a writer that ignores the gate: start again
                    self.restarts += 1
                    self.staging.close()
                    self.staging = Staging()
                    self.founded.clear()
                    uow = self._apply_file(None)
            else:
                raise ConcurrencyError(
                    f"the file's organizations were changed by others {MAX_ATTEMPTS} times "
                    "in a row; nothing was imported, try again"
                )
        lines, replayed = self.staging.lines(), self.staging.replayed()
        if position is not None:
            _bound_projection_caches(self.registry)
            self.registry.announce_saved(position)
        return ImportReport(lines, lines - replayed, replayed, position)

    # -- applying lines ----------------------------------------------------------------

    def _apply_file(self, progress: Callable[[int], None] | None) -> StagedUnitOfWork:
        uow = StagedUnitOfWork(self.registry, self.staging)
        for chunk in self._chunks():
            self._apply(uow, chunk, progress)
        return uow

    def _chunks(self) -> Iterator[list[ParsedLine]]:
        chunk: list[ParsedLine] = []
        with self.path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                parsed = parse_line(number, _decode(number, raw))
                if parsed is not None:
                    chunk.append(parsed)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    def _apply(
        self,
        uow: StagedUnitOfWork,
        chunk: list[ParsedLine],
        progress: Callable[[int], None] | None,
    ) -> None:
        receipts = applied(uow, [p.command for p in chunk], Context(self.recorded_by), self._staged)
        for parsed in chunk:
            try:
                receipt = next(receipts)
            except DomainError as error:
                raise self._refusal(parsed, error) from None
            self.staging.note_line(parsed.line, self._replayed(parsed, receipt))
            if progress is not None:
                progress(1)
        uow.flush()

    def _replayed(self, parsed: ParsedLine, answer: Any) -> bool:
        """A roll event's receipt says it; a founding stored nothing if the organization was
        there before the line (founded by an earlier run, or by an earlier line alike)."""
        code = parsed.founds
        if code is None:
            return bool(answer.replayed)
        if code in self.founded or not any(
            isinstance(e, Organization.Founded) for e in answer.pending_events
        ):
            return True
        self.founded.add(code)
        return False

    def _refusal(self, parsed: ParsedLine, error: DomainError) -> ImportFailed:
        """The line and field refused; an organization the file founds only further down is
        named with its founding line (founding lines come before the lines that need them)."""
        field, message = explain(error)
        if isinstance(error, NotFound) and error.what == "organization":
            if parsed.founds is not None:
                field = "parent"
            later = self._founding_line(str(error.key), after=parsed.line)
            if later is not None:
                message = (
                    f"organization {error.key} is founded on line {later}, after this line: "
                    "founding lines must come before the lines that need them"
                )
        return ImportFailed(parsed.line, field, message)

    def _founding_line(self, code: str, after: int) -> int | None:
        """The line further down the file that founds `code`, if any (read on a refusal only)."""
        with self.path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if number <= after or b'"founded"' not in raw:
                    continue
                try:
                    parsed = parse_line(number, raw.decode("utf-8"))
                except (ImportFailed, UnicodeDecodeError):
                    continue
                if parsed is not None and parsed.founds == code:
                    return number
        return None

    def _staged(self, aggregate_id: UUID) -> bool:
        """Whether the run read this aggregate already (its absence needs no query)."""
        return self.staging.loaded_version(aggregate_id) is not NOT_LOADED

    # -- storing, and after a conflict ---------------------------------------------------

    def _store(self, uow: StagedUnitOfWork) -> int | None:
        events = self.staging.stored_events()
        if not len(events):
            return None  # every line was already imported
        ids = self.registry.recorder.insert_events(events)
        uow.snapshot_organizations()
        return max(ids) if ids else self.registry.max_position()


def _bound_projection_caches(registry: Registry) -> None:
    """The catch-up after the save must not hold every imported member's history either."""
    try:
        from projections.wiring import bound_caches
    except ModuleNotFoundError:  # projections not installed: nothing to catch up
        return
    bound_caches(registry, PROJECTION_MEMBERS)


def _decode(number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFailed(number, "(line)", "not valid UTF-8") from None


def import_events(
    registry: Registry,
    path: Path,
    recorded_by: str,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a file, all or nothing; `progress` is called once per applied line.

    The file is read a chunk at a time and its events wait on disk until the one save at the
    end (services.importing.staging), so memory does not grow with the file. A save refused
    by a writer that ignored the gate applies the file again from the top, still under it
    (ImportRun.execute).
    """
    with ImportRun(registry, path, recorded_by, progress) as run:
        report = run.execute()
    registry.refresh_statistics()
    return report
