"""The shapes every route shares: who sends (Context), what `touches` may read (Reader), and a
route's parts (Route): the change, the organizations whose streams it writes, and among those
the ones it founds (each with the parent it is founded under)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from domain.errors import NotFound
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.values import Ids
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Context:
    """Who sends the commands: their name is recorded, their organization scopes their keys."""

    recorded_by: str
    key_scope: str | None = None


class Reader(Protocol):
    """What `touches` reads of the registry (services.registry.Registry)."""

    ids: Ids

    @property
    def repository(self) -> Any: ...  # read-only: the Registry's is a property

    def get_organization(self, code: str) -> Organization: ...

    def get_member(self, member_id: UUID) -> Member: ...

    def event_of_key(self, key: str, key_scope: str | None, requester: str) -> UUID | None: ...


Handle = Callable[[UnitOfWork, Any, Context], Any]
Touches = Callable[[Reader, Any, Context], frozenset[str]]
Founds = Callable[[Any], Mapping[str, str]]


def founds_nothing(command: Any) -> Mapping[str, str]:
    return {}


@dataclass(frozen=True)
class Route:
    """`handle` changes aggregates in a unit of work; `touches` names the organizations whose
    streams that change writes. The two must agree: the web authorizes from `touches` alone.

    `founds` maps each code among `touches` that the command founds to its parent (also among
    `touches`). Nobody may write a code that does not exist yet, so a writer is asked for the
    parent instead; the handler refuses a founded code that exists (`code_taken`), so naming a
    code as founded can never open an existing organization's stream."""

    handle: Handle
    touches: Touches
    founds: Founds = founds_nothing


def organization_or_none(reader: Reader, code: str) -> Organization | None:
    """An organization to read for `touches`; an unknown one touches nothing more (the handler
    answers it with NotFound, storing nothing)."""
    try:
        return reader.get_organization(code)
    except NotFound:
        return None
