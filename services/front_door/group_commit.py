"""Group commit (ghi gộp): the single writes of one process's request threads, stored together.

Under load every write pays for one insert into the event store, serialised on its table lock
up to an fsync'd commit (bench/RESULTS.md, "Writes under load"). Requests that arrive while a
save is running queue here instead; the first of them then leads: it takes every waiting
command (up to `Settings.group_commit_max`), applies them in order in ONE unit of work through
the front door's table, and stores all their events in one transaction, one insert and one
seal step. Each request gets back its own command's answer.

The outcomes are those of running the commands one after the other, in the order they were
queued: a command refused by a rule (or failing in any other way while it is applied) fails
alone, with its own error. The unit of work is then abandoned, since the refused command may
have changed an aggregate before its rule stopped it, and the batch is applied again without
it, so that the commands after it see exactly the state sequential execution would have
given them. A twin request's idempotency key stored earlier in the same batch is found in the
unit of work and replayed, as it would be from the store. Version conflicts with other
processes, the writers' gate and the retry queue are the registry's (`run_with_position`).

Read-your-writes: each request returns only after the projections have caught up to its
batch's position. The leader announces the save once (the registry's listeners: the
projections' shared catch-up of projections.wiring, the checkpoints) after handing over to
the next leader, so the next batch is stored while this one is projected, and only then wakes
the batch's requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from services.config import Settings
from services.front_door.bus import Handled, handle, prefetch_created
from services.front_door.commands import Command
from services.front_door.handlers import Context, dispatch
from services.roll.client_keys import StoredMeanwhile
from services.unit_of_work import UnitOfWork

T = TypeVar("T")


class GroupRunner(Protocol):
    """What group commit needs of services.registry.Registry."""

    settings: Settings

    def run_with_position(
        self, change: Callable[[UnitOfWork], T], announce: bool = True
    ) -> tuple[T, int | None]: ...

    def announce_saved(self, position: int) -> None: ...


@dataclass(eq=False)
class Ticket:
    """One request's command waiting in the queue, then its outcome."""

    command: Command
    context: Context
    result: Any = None
    error: BaseException | None = None
    position: int | None = None
    done: bool = False
    # Set when the outcome is there, or when this request is asked to lead the next batch.
    woken: threading.Event = field(default_factory=threading.Event)


class Refused(Exception):
    """A command of the batch failed while it was applied: the batch is abandoned, not saved."""

    def __init__(self, ticket: Ticket, error: Exception) -> None:
        super().__init__(str(error))
        self.ticket = ticket
        self.error = error


class GroupCommitter:
    """The queue of one process's single writes and the batch its current leader stores."""

    def __init__(self, registry: GroupRunner, most: int) -> None:
        self.registry = registry
        self.most = max(1, most)
        self._lock = threading.Lock()
        self._pending: list[Ticket] = []
        self._leading = False

    @property
    def queued(self) -> int:
        """Commands waiting for the next batch."""
        with self._lock:
            return len(self._pending)

    def submit(self, command: Command, context: Context) -> Handled:
        """Store the command with whatever else is waiting; its own answer, or its own error."""
        ticket = Ticket(command, context)
        with self._lock:
            self._pending.append(ticket)
            lead = not self._leading
            self._leading = True
        if not lead:
            ticket.woken.wait()
        if not ticket.done:
            self._lead()
        if ticket.error is not None:
            raise ticket.error
        return Handled([ticket.result], ticket.position)

    def _lead(self) -> None:
        """Store one batch (this request's own command first), hand over to the next leader,
        announce the save, then wake the batch's requests."""
        with self._lock:
            batch = self._pending[: self.most]
            del self._pending[: self.most]
        try:
            try:
                self.store(batch)
            except BaseException as error:  # the save itself failed: every command of it did
                for ticket in batch:
                    if not ticket.done:
                        ticket.error = error
            finally:
                with self._lock:
                    if self._pending:
                        self._pending[0].woken.set()  # not done: it leads the next batch
                    else:
                        self._leading = False
            stored = {t.position for t in batch if t.position is not None}
            for position in stored:
                # Once per save, as for a write alone (a checkpoint is written by one listener
                # call, not one per request); the listeners include the projections' catch-up,
                # so every request of the batch, a replayed one too (its twin may be in it),
                # is woken only when the read models cover the batch.
                self.registry.announce_saved(position)
        finally:
            for ticket in batch:
                ticket.done = True
                ticket.woken.set()

    def store(self, batch: list[Ticket]) -> None:
        """Apply and save the batch; a refused command is answered and the rest tried again."""
        remaining = list(batch)
        while remaining:
            try:
                results, position = self.registry.run_with_position(
                    lambda uow: applied(uow, remaining), announce=False
                )
            except Refused as refused:
                refused.ticket.error = refused.error
                refused.ticket.done = True
                remaining.remove(refused.ticket)
                continue
            for ticket, result in zip(remaining, results, strict=True):
                ticket.result, ticket.position = result, position
            return


def applied(uow: UnitOfWork, tickets: list[Ticket]) -> list[Any]:
    """Each ticket's command in order in one unit of work, with its sender's context."""
    if len(tickets) > 1:
        for scope in {t.context.key_scope for t in tickets}:
            prefetch_created(
                uow, [t.command for t in tickets if t.context.key_scope == scope], scope
            )
    results: list[Any] = []
    for ticket in tickets:
        # Each command recorded at its own moment, as when they ran one after the other.
        uow.now = uow.registry.clock()
        uow.today = uow.registry.today()
        try:
            results.append(dispatch(uow, ticket.command, ticket.context))
        except StoredMeanwhile:
            raise  # the registry starts the whole batch again: the twin's key replays
        except Exception as error:
            raise Refused(ticket, error) from error
    return results


_committers_lock = threading.Lock()


def committer(registry: GroupRunner) -> GroupCommitter:
    """The registry's group committer (one per process), created on first use."""
    found: GroupCommitter | None = getattr(registry, "_group_committer", None)
    if found is None:
        with _committers_lock:
            found = getattr(registry, "_group_committer", None)
            if found is None:
                found = GroupCommitter(registry, registry.settings.group_commit_max)
                registry._group_committer = found  # type: ignore[attr-defined]
    return found


def write(
    registry: GroupRunner, command: Command, *, recorded_by: str, key_scope: str | None = None
) -> Handled:
    """One request's command: grouped with the process's other writes when the setting is on
    (SODANG_GROUP_COMMIT, on by default), otherwise in a unit of work of its own."""
    if not registry.settings.group_commit:
        return handle(registry, command, recorded_by=recorded_by, key_scope=key_scope)
    return committer(registry).submit(command, Context(recorded_by, key_scope))
