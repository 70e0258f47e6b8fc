"""What every page needs: the signed-in person, their scope, the read side and the query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from flask import abort, request
from werkzeug.exceptions import BadRequest

from domain.errors import NotFound
from services.config import TIMEZONE
from services.day_input import BadDay, parse_day, parse_local_moment, parse_past_day
from web import auth, extensions
from web.pages import i18n
from web.permissions import access

if TYPE_CHECKING:
    from projections.queries import Queries
    from services.registry import Registry
    from services.store.users import User

# Pages send an anonymous visitor to the sign-in form (the API answers 401 instead).
page_login_required = auth.login_required


def user() -> User:
    """The signed-in person (pages are behind `page_login_required`)."""
    current = auth.current_user()
    if current is None:
        abort(404)
    return current


def queries() -> Queries:
    return extensions.get_queries()


def registry() -> Registry:
    return extensions.get_registry()


def today() -> date:
    """Today in Vietnam, on the registry's clock."""
    return registry().today()


def now() -> datetime:
    return registry().clock()


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
    return OrgInfo(
        code=found.code,
        name=found.name,
        kind=str(found.kind),
        parent=found.parent,
        founded_on=found.founded_on,
        ended_on=found.ended_on,
    )


@dataclass(frozen=True)
class Crumb:
    """One organization above the page's, named as it was on the page's day."""

    code: str
    name: str
    as_of: date | None  # the day its link opens; None for today


def crumbs(code: str) -> list[Crumb]:
    """The organizations above `code` as they stood on the page's day, top first, as far up as
    the person may read on that day (the breadcrumb). The day is `as_of` read within the
    organization's life, so a page of an organization that ended in a reorganization leads
    back up through the committees it then belonged to, even those that ended with it."""
    tree = queries().tree()
    node = tree.orgs.get(code)
    if node is None:
        return []
    try:
        day = parse_past_day(request.args.get("as_of", "").strip(), today())
    except BadDay:  # no date asked (or a bad one, whose page is an error without crumbs)
        day = today()
    day = max(day, node.founded_on)
    if node.ended_on is not None and day >= node.ended_on:
        day = node.ended_on - timedelta(days=1)
    link_day = None if day == today() else day
    chain: list[Crumb] = []
    parent = tree.parent_on(code, day)
    while parent and parent in tree.orgs and len(chain) < 10:
        if not access.can_read(user(), parent, day):
            break
        chain.insert(0, Crumb(parent, tree.name_on(parent, day), link_day))
        parent = tree.parent_on(parent, day)
    return chain


def holds_members(kind: str) -> bool:
    return kind in ("cell", "grassroots_cell")


# -- the query string ---------------------------------------------------------------------


class BadDayAsked(BadRequest):
    """A date in the query string or a form that is malformed, impossible or in the future:
    the page says so (never a silent fallback to today, never a future shown as fact)."""

    name = "Invalid date"  # the error code: invalid_date

    def __init__(self, bad: BadDay) -> None:
        super().__init__(day_message(bad))


def day_message(bad: BadDay) -> str:
    """What was wrong with a typed day, in the page's language."""
    if bad.reason == "future" and bad.today is not None:
        return i18n._(
            "Ngày {day} chưa tới (hôm nay là {today}): sổ chưa có số liệu của ngày chưa tới.",
            day=bad.text,
            today=bad.today.strftime("%d/%m/%Y"),
        )
    if bad.reason == "impossible":
        return i18n._("{text} không phải là một ngày có thật.", text=bad.text)
    return i18n._(
        "“{text}” không phải là một ngày: hãy viết ngày/tháng/năm (dd/mm/yyyy).", text=bad.text
    )


def arg_date(name: str, default: date | None = None, allow_future: bool = False) -> date | None:
    """A dd/mm/yyyy (or YYYY-MM-DD) parameter; empty gives the default. A malformed or
    impossible day, or one after today (unless `allow_future`: a decision's start), is a 400
    page that says what is wrong."""
    raw = request.values.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse_day(raw) if allow_future else parse_past_day(raw, today())
    except BadDay as bad:
        raise BadDayAsked(bad) from None


def parse_moment(raw: str) -> datetime | None:
    """A local date-time (Vietnam; dd/mm/yyyy HH:MM, 24-hour) or an ISO time with offset, as
    an aware UTC datetime; None when empty or not a time."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        try:
            value = parse_local_moment(raw)
        except BadDay:
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


def org_name(code: str | None) -> str:
    """An organization's name where a code would be shown, with the code beside it when the
    person may read it; anything else (free text, a code they may not read) as given."""
    if not code:
        return ""
    try:
        if not access.can_read(user(), code):
            return code
        return f"{queries().org(code).name} ({code})"
    except Exception:  # free text such as "Đảng ủy xã An", or an unknown code
        return code
