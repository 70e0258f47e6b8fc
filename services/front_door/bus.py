"""`handle(registry, *commands)`: every write, one command or thousands, in one unit of work.

Batching is a property of the front door: the API sends one command, the demo's loader
thousands; both get the registry's get-change-save loop (services.registry.run_with_position:
the writers' gate, retries after a version conflict, a twin request's key replayed), and
either everything is stored or nothing. The import keeps its own staged save for memory's
sake but applies each line through the same table (services.importing.run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from services.front_door.commands import Command, RecordEvent
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

    def change(uow: UnitOfWork) -> list[Any]:
        if len(commands) > 1:
            # Members and keys a batch may create: learnt absent in one query, not one each.
            events = [(c.event, c.client_key) for c in commands if isinstance(c, RecordEvent)]
            uow.prefetch_absence(candidate_ids(uow, events, key_scope))
        return [dispatch(uow, command, context) for command in commands]

    results, position = registry.run_with_position(change)
    return Handled(results, position)
