"""What every page needs: the signed-in person, their scope, the read side and the query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import abort, request

from domain.errors import NotFound
from services.config import TIMEZONE
from web import auth, extensions
from web.permissions import access

# Pages send an anonymous visitor to the sign-in form (the API answers 401 instead).
page_login_required = auth.login_required


def user() -> Any:
    """The signed-in person (pages are behind `page_login_required`)."""
    current = auth.current_user()
    if current is None:
        abort(404)
    return current


def queries() -> Any:
    return extensions.get_queries()


def registry() -> Any:
    return extensions.get_registry()


def today() -> date:
    """Today in Vietnam, on the registry's clock."""
    result: date = registry().today()
    return result


def now() -> datetime:
    result: datetime = registry().clock()
    return result


def readable(code: str, on: date | None = None) -> None:
    """404 unless the signed-in person may read `code` as it was on a day (default today;
    unknown codes look the same)."""
    if not access.can_read(user(), code, on):
        abort(404)


def writable(code: str) -> None:
    """404 outside the person's subtree; 403 where they may only read."""
    access.require_write(code)


def may_use_known_at() -> bool:
    return bool(access.may_use_known_at(user()))


@dataclass(frozen=True)
class OrgInfo:
    """What a page shows about an organization besides its figures."""

    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: date | None = None
    ended_on: date | None = None  # the first day it no longer exists

    @property
    def last_day(self) -> date | None:
        """The last day an ended organization existed."""
        return None if self.ended_on is None else self.ended_on - timedelta(days=1)

    def exists_on(self, day: date) -> bool:
        if self.founded_on is not None and day < self.founded_on:
            return False
        return self.ended_on is None or day < self.ended_on


def org_info(code: str) -> OrgInfo:
    """Name, kind and parent of an organization; 404 when it does not exist."""
    try:
        found = queries().org(code)
    except NotFound:
        abort(404)
    if found is None:
        abort(404)
    value = found if not isinstance(found, dict) else _Obj(found)
    kind = getattr(value, "kind", "")
    return OrgInfo(
        code=getattr(value, "code", code),
        name=getattr(value, "name", code),
        kind=getattr(kind, "value", kind),
        parent=getattr(value, "parent", None),
        founded_on=getattr(value, "founded_on", None),
        ended_on=getattr(value, "ended_on", None),
    )


class _Obj:
    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def ancestors(info: OrgInfo) -> list[OrgInfo]:
    """The readable organizations above this one, top first (the breadcrumb)."""
    chain: list[OrgInfo] = []
    parent = info.parent
    while parent and access.can_read(user(), parent) and len(chain) < 10:
        above = org_info(parent)
        chain.insert(0, above)
        parent = above.parent
    return chain


def holds_members(kind: str) -> bool:
    return kind in ("cell", "grassroots_cell")


# -- the query string ---------------------------------------------------------------------


def arg_date(name: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD parameter; a malformed one is ignored (the default applies)."""
    raw = request.values.get(name, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return default


def parse_moment(raw: str) -> datetime | None:
    """A local date-time (Vietnam) or an ISO time with offset, as an aware UTC datetime."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=TIMEZONE)
    return value.astimezone(UTC)


def arg_known_at() -> datetime | None:
    """`known_at`, only for those allowed to look back in knowledge time."""
    value = parse_moment(request.values.get("known_at", ""))
    if value is None or not may_use_known_at():
        return None
    return value


def local_input(value: datetime | None) -> str:
    """The value of a datetime-local input, in Vietnam's time."""
    if value is None:
        return ""
    return value.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M:%S")


def arg_period(default: str) -> str:
    """A quota period: "2020" or "2015-2020"."""
    raw = request.values.get("period", "").strip()
    parts = raw.split("-")
    if raw and len(parts) <= 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        return raw
    return default
