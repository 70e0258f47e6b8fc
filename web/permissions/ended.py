"""Why nothing can be recorded for an organization that ended in a reorganization: on which
day, by which decision, and which organization carries it on (the API and the pages).

Only organizations the person may read are named; an heir outside their scope is said to
exist without its name (an error never names another tenant's places).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from werkzeug.exceptions import Forbidden

from domain.errors import NotFound
from services.store.users import User
from web import extensions

CODE = "organization_ended"


class Reach(Protocol):
    """What the permissions know (passed in: the permissions call this module, not back)."""

    def can_read(self, user: User | None, code: str) -> bool: ...

    def last_day(self, code: str) -> date | None: ...


@dataclass(frozen=True)
class Ending:
    code: str
    name: str
    ended_on: date  # the first day it no longer exists
    decision_no: str | None
    decision_on: date | None
    decided_by: str | None  # a name, when the person may read it
    heirs: list[tuple[str, str]]  # (code, name) of those the person may read
    hidden_heirs: bool


def ending_of(user: User | None, code: str, reach: Reach) -> Ending | None:
    """How `code` ended, as `user` may know it; None while it exists."""
    if reach.last_day(code) is None:
        return None
    queries = extensions.get_queries()
    try:
        found = queries.lineage(code)
    except NotFound:
        return None
    if found.ended_on is None:
        return None
    event = next((e for e in reversed(found.events) if e.type == "ended"), None)
    readable = [h for h in found.heirs if reach.can_read(user, h)]

    def name(of: str) -> str:
        return str(queries.org(of).name)

    decider = event.decided_by if event is not None else None
    return Ending(
        code=code,
        name=found.name,
        ended_on=found.ended_on,
        decision_no=event.decision_no if event is not None else None,
        decision_on=event.decision_on if event is not None else None,
        decided_by=name(decider) if decider and reach.can_read(user, decider) else None,
        heirs=[(h, name(h)) for h in readable],
        hidden_heirs=len(readable) < len(found.heirs),
    )


class OrganizationEnded(Forbidden):
    """403 `organization_ended` (the error code is the name, as for every HTTP error)."""

    name = "Organization ended"


def refusal_if_ended(user: User | None, code: str, reach: Reach) -> OrganizationEnded | None:
    """The 403 for recording in an ended organization, with the facts as fields."""
    ending = ending_of(user, code, reach)
    if ending is None:
        return None
    decision = f" by decision {ending.decision_no}" if ending.decision_no else ""
    if ending.decision_on is not None:
        decision += f" of {ending.decision_on.isoformat()}"
    if ending.heirs:
        heirs = "; it is carried on by " + ", ".join(f"{n} ({c})" for c, n in ending.heirs)
    elif ending.hidden_heirs:
        heirs = "; it is carried on by an organization outside your scope"
    else:
        heirs = ""
    message = (
        f"{ending.name} ({code}) ended on {ending.ended_on.isoformat()}{decision}{heirs}: "
        "nothing can be recorded for it any more"
    )
    return OrganizationEnded(message)


def fields_of(ending: Ending) -> dict[str, list[str]]:
    """The facts of an ending, as the pages word them."""
    return {
        "organization": [ending.name],
        "ended_on": [ending.ended_on.isoformat()],
        "decision_no": [ending.decision_no or ""],
        "decision_on": [ending.decision_on.isoformat() if ending.decision_on else ""],
        "decided_by": [ending.decided_by or ""],
        "carried_on_by_names": [n for _c, n in ending.heirs],
    }
