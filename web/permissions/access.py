"""Who may read and write what: every organization sees itself and its subtree, nothing else.

A code outside the user's reach gets the same 404 as a code that does not exist, so codes
do not leak. Roles:

- oversight: reads its whole subtree (the provincial organization department at the province);
- officer:   reads and writes its subtree;
- clerk:     reads and writes its own organization and the cells (chi bộ) below it;
- auditor:   reads its subtree, never writes, may look at the past as it was known (`known_at`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import g
from werkzeug.exceptions import Forbidden, NotFound

from domain.errors import NotFound as DomainNotFound
from domain.roll.values import CODE_PATTERN, OrgKind
from services.store.users import ROLES, User
from web import extensions
from web.auth import current_user
from web.permissions.reach import current_reach

if TYPE_CHECKING:
    from projections.results import OrgInfo

__all__ = [
    "ROLES",
    "can_read",
    "can_read_lineage",
    "can_write",
    "may_use_known_at",
    "require_known_at",
    "require_lineage",
    "require_officer",
    "require_read",
    "require_structure_on",
    "require_window",
    "require_write",
]

READERS_OF_SUBTREE = frozenset({"oversight", "officer", "auditor"})
WRITERS = frozenset({"officer", "clerk"})
KNOWN_AT_ROLES = frozenset({"auditor", "oversight"})


def today() -> date:
    return extensions.get_registry().today()


def _memo() -> dict[tuple[object, ...], Any]:
    """This request's answers, by question; the values are of several kinds (Any)."""
    if "sodang_access" not in g:
        g.sodang_access = {}
    memo: dict[tuple[object, ...], Any] = g.sodang_access
    return memo


def in_subtree(code: str, root: str, on: date) -> bool:
    """Whether `code` is `root` or lies under it on a day (unknown codes: never)."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return False
    memo = _memo()
    key = ("subtree", code, root, on)
    if key not in memo:
        memo[key] = _in_subtree(code, root, on)
    found: bool = memo[key]
    return found


def _in_subtree(code: str, root: str, on: date) -> bool:
    tree = current_reach(None).tree  # the request's tree, read once
    return code in tree.orgs and root in tree.orgs and tree.is_in_subtree(code, root, on)


def org_record(code: str) -> OrgInfo | None:
    """The organization's OrgInfo (kind, founding, end), or None for an unknown code."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return None
    memo = _memo()
    key = ("org", code)
    if key not in memo:
        try:
            memo[key] = extensions.get_queries().org(code)
        except DomainNotFound:
            memo[key] = None
    found: OrgInfo | None = memo[key]
    return found


def org_kind(code: str) -> str | None:
    found = org_record(code)
    return None if found is None else found.kind


def last_day(code: str) -> date | None:
    """The last day an ended organization existed (None while it exists)."""
    found = org_record(code)
    ended = None if found is None else getattr(found, "ended_on", None)
    return None if ended is None else ended - timedelta(days=1)


def _clerk_reaches(user: User, code: str, on: date) -> bool:
    """A clerk's own organization and the cells below it."""
    if code == user.org:
        return in_subtree(code, user.org, on)
    if not in_subtree(code, user.org, on):
        return False
    kind = org_kind(code)
    return kind is not None and OrgKind(kind).holds_members


def _reaches(user: User, code: str, on: date) -> bool:
    if user.role == "clerk":
        return _clerk_reaches(user, code, on)
    if user.role in READERS_OF_SUBTREE:
        return in_subtree(code, user.org, on)
    return False


def can_read(user: User | None, org_code: str, on: date | None = None) -> bool:
    """Whether the user may see the organization as it was on a day (default: today).

    The organization must lie inside the user's subtree on that very day (web/permissions/reach.py): a
    day before a move is the old parent's, a day after it the new parent's. An ended
    organization is read as on its last day: those who reached it then keep its history."""
    if user is None or user.disabled or user.role not in ROLES:
        return False
    if not isinstance(org_code, str) or not CODE_PATTERN.match(org_code):
        return False
    reach = current_reach(user)
    return reach.knows(org_code) and reach.covers(org_code, on or today())


def require_window(org_code: str, start: date, end: date) -> tuple[date, date]:
    """The part of [start, end] the current user may read about the organization (the latest
    stretch it lay inside their subtree); 404 as for an unknown code when there is none."""
    user = current_user()
    if user is None or user.disabled or not isinstance(org_code, str):
        raise not_found(org_code)
    if not CODE_PATTERN.match(org_code):
        raise not_found(org_code)
    found = current_reach(user).window(org_code, start, end)
    if found is None:
        raise not_found(org_code)
    return found


def can_write(user: User | None, org_code: str) -> bool:
    """Whether the user may record events for the organization (as it is placed today)."""
    if user is None or user.disabled or user.role not in WRITERS:
        return False
    return _reaches(user, org_code, today())


def may_use_known_at(user: User | None) -> bool:
    """Auditors and oversight may look at reports as they were known at a past moment."""
    return user is not None and not user.disabled and user.role in KNOWN_AT_ROLES


def not_found(org_code: str) -> NotFound:
    # Word for word the domain's NotFound, so that hidden and missing codes answer alike.
    return NotFound(str(DomainNotFound("organization", org_code)))


def require_read(org_code: str, on: date | None = None) -> User:
    """The current user, if they may read the organization; otherwise 404 as for an unknown code."""
    user = current_user()
    if not can_read(user, org_code, on):
        raise not_found(org_code)
    assert user is not None
    return user


class _Reach:
    """This module's answers as web.permissions.ended's Reach (that module may not import
    this one back: the permissions call it, not the other way)."""

    @staticmethod
    def can_read(user: User | None, code: str) -> bool:
        return can_read(user, code)

    @staticmethod
    def last_day(code: str) -> date | None:
        return last_day(code)


REACH = _Reach()


def require_write(org_code: str) -> User:
    """The current user, if they may write there; 403 if they only read it, else 404."""
    user = require_read(org_code)
    if not can_write(user, org_code):
        from web.permissions.ended import (
            refusal_if_ended,  # says when, by what and who carries it on
        )

        raise refusal_if_ended(user, org_code, REACH) or Forbidden(
            f"a {user.role} cannot record anything for {org_code}"
        )
    return user


def require_officer(org_code: str) -> User:
    """Organizations and quotas are set by officers only."""
    user = require_write(org_code)
    if user.role != "officer":
        raise Forbidden(f"only an officer can do this for {org_code}")
    return user


def heirs(code: str) -> list[str]:
    """The organizations that carry `code` on today (itself while it exists)."""
    memo = _memo()
    key = ("heirs", code)
    if key not in memo:
        memo[key] = extensions.get_queries().lineage(code).heirs if org_record(code) else []
    found: list[str] = memo[key]
    return found


def can_read_lineage(user: User | None, org_code: str) -> bool:
    """Whether the user may read where an organization came from and what became of it.

    Beside those who may read the organization itself, those who read one of its heirs: a new
    commune reads the lineage of the committees it took over (names, dates and decisions,
    never their figures, which may include members carried elsewhere)."""
    if can_read(user, org_code):
        return True
    return any(can_read(user, heir) for heir in heirs(org_code) if heir != org_code)


def require_lineage(org_code: str) -> User:
    """The current user, if they may read the organization's lineage; otherwise 404."""
    user = current_user()
    if not can_read_lineage(user, org_code):
        raise not_found(org_code)
    assert user is not None
    return user


def exists_on(org_code: str, day: date) -> bool:
    found = org_record(org_code)
    if found is None or day < found.founded_on:
        return False
    return found.ended_on is None or day < found.ended_on


def require_structure_on(org_code: str, structure_on: date) -> User:
    """The current user, if the organization's subtree on `structure_on` is theirs to read.

    Readable as for any report (today or on that day), and, when it existed that day, within
    the user's reach that day: a tree of that day is shown. One that did not exist then goes
    on to the query, which answers that `structure_on` is not a day it existed (422)."""
    user = require_read(org_code, structure_on)
    if exists_on(org_code, structure_on) and not _reaches(user, org_code, structure_on):
        raise not_found(org_code)
    return user


def require_known_at(known_at: datetime | None) -> None:
    """`known_at` is for auditors and oversight; others see the registry as it is known now."""
    if known_at is not None and not may_use_known_at(current_user()):
        raise Forbidden("known_at is for auditors and oversight")
