"""Who may send a write: one rule, from the organizations the command writes.

The front door says which organizations each command writes (services.front_door.handlers
`touches`: both sides of a transfer, the other side of a paired event a correction or a
retraction amends). A user may send the command only if they may write every one of them;
the API and the pages both ask here, so they cannot disagree. An organization the command
founds (a successor founded by a merger or a split) does not exist yet and no one may write
it: the user must be able to write the parent it is founded under instead.
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound

from services.front_door.commands import Command
from services.front_door.handlers import Context, founds, touches
from services.store.users import User
from web import extensions
from web.permissions.access import can_write


def context_of(user: User) -> Context:
    """The user's name is recorded; their organization scopes their idempotency keys."""
    return Context(recorded_by=user.name, key_scope=user.org)


def unwritable(user: User | None, command: Command) -> list[str]:
    """The organizations the command writes that the user may not (sorted: a stable answer)."""
    if user is None:
        return sorted(touches(extensions.get_registry(), command, Context("")))
    written = touches(extensions.get_registry(), command, context_of(user))
    parents = founds(command)
    return sorted(code for code in written if not can_write(user, parents.get(code, code)))


def may_write(user: User | None, command: Command) -> bool:
    """Whether the user may write every organization the command writes."""
    return user is not None and not unwritable(user, command)


def require_writable(user: User, *commands: Command) -> None:
    """404 when a command writes an organization the user may not, naming none: the
    organization may be one the user never named (the roll a probationer moved to)."""
    for command in commands:
        if unwritable(user, command):
            raise NotFound("the command writes an organization outside what you may write")
