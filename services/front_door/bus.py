"""`handle(registry, *commands)`: every write, one command or thousands, in one unit of work.

Batching is a property of the front door: the API sends one command, the demo's loader
thousands; both get the registry's get-change-save loop (services.registry.run_with_position:
the writers' gate, retries after a version conflict, a twin request's key replayed), and
either everything is stored or nothing.

The import is the one caller with its own save: it holds the writers' gate alone for the whole
file and stages its events on disk (services.importing.run), since a file of a million lines
must neither live in memory nor lose races to small writers. It still applies its lines with
`applied`, the same batch loop `handle` runs, through the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from uuid import UUID

from services.front_door.commands import Command, FoundOrganization, RecordEvent
from services.front_door.handlers import Context, dispatch
from services.roll.commands import Receipt
from services.roll.handlers import candidate_ids
from services.unit_of_work import UnitOfWork

T = TypeVar("T")


class Runner(Protocol):
    """The registry's get-change-save loop (services.registry.Registry)."""

    def run_with_position(self, change: Callable[[UnitOfWork], T]) -> tuple[T, int | None]: ...


@dataclass(frozen=True)
class Handled:
    """What each command answered, in order, and the log position of the one save."""

    results: list[Any]
    position: int | None

    def receipts(self) -> list[Receipt]:
        """The roll events' receipts, each with the save's position."""
        return [
            Receipt(**{**r.__dict__, "position": self.position})
            for r in self.results
            if isinstance(r, Receipt)
        ]


def handle(
    registry: Runner, *commands: Command, recorded_by: str, key_scope: str | None = None
) -> Handled:
    """Apply the commands in order in one unit of work: all stored or, on the first error, none."""
    context = Context(recorded_by, key_scope)
    results, position = registry.run_with_position(
        lambda uow: list(applied(uow, commands, context))
    )
    return Handled(results, position)


def applied(
    uow: UnitOfWork,
    commands: Sequence[Command],
    context: Context,
    known: Callable[[UUID], bool] | None = None,
) -> Iterator[Any]:
    """The batch loop: each command in order inside the caller's unit of work, its answer
    yielded as it is applied, so a caller that reports errors per command (the import, by
    line) knows which one failed. `known` says which aggregates the caller holds already."""
    if len(commands) > 1:
        prefetch_created(uow, commands, context.key_scope, known)
    for command in commands:
        yield dispatch(uow, command, context)


def prefetch_created(
    uow: UnitOfWork,
    commands: Sequence[Command],
    key_scope: str | None,
    known: Callable[[UUID], bool] | None = None,
) -> None:
    """Members, keys and organizations a batch may create, and those it reads: learnt absent,
    or at their last stored version, in one query, not one each (a province's tree founded
    from a file is thousands of them; a loaded history reads every cell again and again)."""
    events = [(c.event, c.client_key) for c in commands if isinstance(c, RecordEvent)]
    wanted = candidate_ids(uow, events, key_scope)
    wanted |= {uow.ids.organization(c.code) for c in commands if isinstance(c, FoundOrganization)}
    wanted |= read_ids(uow, commands)
    uow.prefetch_versions({i for i in wanted if known is None or not known(i)})


def read_ids(uow: UnitOfWork, commands: Sequence[Command]) -> set[UUID]:
    """The organizations and known members the batch's roll events name."""
    ids: set[UUID] = set()
    for command in commands:
        if not isinstance(command, RecordEvent):
            continue
        ids.add(uow.ids.organization(command.org))
        event = command.event
        for side in (getattr(event, "source", None), getattr(event, "destination", None)):
            if getattr(side, "code", None):
                ids.add(uow.ids.organization(side.code))
        ref = getattr(event, "member", None)
        if ref is not None and getattr(ref, "member_id", None) is not None:
            ids.add(ref.member_id)
    return ids
