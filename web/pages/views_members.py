"""A member's page: who they are and every event about them, with both of its times."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from domain.errors import NotFound
from projections.results import MemberEntry, MemberView
from projections.structure.hierarchy import Hierarchy
from services.store.users import NAME_PATTERN, User
from web.extensions import get_users
from web.pages.context import (
    arg_known_at,
    local_input,
    may_use_known_at,
    org_info,
    page_login_required,
    queries,
    readable,
    today,
    user,
)
from web.pages.i18n import _, current_lang
from web.permissions import access
from web.translations.labels import label

bp = Blueprint("pages_members", __name__)


def attr(value: object, name: str, default: object = None) -> object:
    """For the template: a field of a record or a key of a stored mapping, else `default`."""
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def amended(events: list[MemberEntry], key: str) -> set[object]:
    """Ids of the events that a correction (`corrects`) or retraction (`retracts`) points at."""
    return {e.details.get(key) for e in events} - {None}


def load_member(code: str, member_id: UUID) -> tuple[MemberView, list[MemberEntry]]:
    """The member as known (at `known_at` for auditors) and the events the person may read;
    404 unless the member is on a roll below `code` today or one of those events lay below
    `code` on its day."""
    known_at = arg_known_at()
    try:
        view = queries().member(member_id, known_at=known_at)
    except NotFound:
        abort(404)
    # Each event is a fact of its effective day: shown if its organization lay within the
    # person's reach that day (issue 10). Below `code` is asked of the member, not of each
    # event: a cell moved under a new commune in a reorganization keeps its members' earlier
    # events under the committee it belonged to then, and they are still this member's.
    events = [e for e in view.entries if access.can_read(user(), e.org, e.effective_on)]
    here_today = bool(view.org and seen(view.org, code, today()))
    if not here_today and not any(access.in_subtree(e.org, code, e.effective_on) for e in events):
        abort(404)
    if not here_today:
        view = replace(view, org=None, status=None)
    return view, events


def seen(org: str | None, ancestor: str, day: date) -> bool:
    """Whether `org` lay at or below `ancestor` on a day, within the person's reach."""
    if not org:
        return False
    return access.in_subtree(org, ancestor, day) and access.can_read(user(), org, day)


@dataclass(frozen=True)
class Named:
    """An organization or a recorder as the history shows it: a name for people, and the code
    or sign-in name printed small beside it (empty when there is none to give)."""

    name: str
    code: str = ""


class HistoryNames:
    """Names for the codes a member's history holds, each as it stood on the event's day.

    An answer never holds a fact the reader could not read on that fact's day (issue 10): an
    organization outside their reach that day is "another organization", unnamed; so is the
    organization of an account whose events they read."""

    def __init__(self, tree: Hierarchy, reader: User) -> None:
        self.tree = tree
        self.reader = reader
        self.accounts: dict[str, User | None] = {}

    def org(self, code: object, day: date) -> Named:
        """An organization named as on `day`; one outside the deployment (stored as
        {"outside": its name}, typed by a clerk) or text that is no code here, as given."""
        if isinstance(code, dict):
            return Named(str(code.get("outside") or ""))
        if not code:
            return Named("")
        text = str(code)
        if text not in self.tree.orgs:
            return Named(text)
        if not access.can_read(self.reader, text, day):
            return Named(_("một tổ chức khác"))
        return Named(self.tree.name_on(text, day), text)

    def recorder(self, who: str) -> Named:
        """Who recorded an event: an account as its role and organization (sign-in name small),
        anything else (an office's name, as the demo and imports record) as stored."""
        account = self.account(who)
        if account is None:
            return Named(who)
        role = label("role", account.role, current_lang())
        if not access.can_read(self.reader, account.org):
            return Named(_("{role}, một tổ chức khác", role=role))
        return Named(f"{role}, {self.tree.name_on(account.org, today())}", account.name)

    def account(self, who: str) -> User | None:
        if not NAME_PATTERN.match(who or ""):
            return None  # an office's name has capitals and spaces: no account holds it
        if who not in self.accounts:
            self.accounts[who] = get_users().by_name(who)
        return self.accounts[who]


@bp.get("/orgs/<code>/members/<uuid:member_id>")
@page_login_required
def member(code: str, member_id: UUID) -> ResponseReturnValue:
    """The member's profile and whole history, corrections and retractions included."""
    readable(code)
    info = org_info(code)
    view, events = load_member(code, member_id)
    current_org = view.org
    return render_template(
        "pages/member.html",
        org=info,
        member=view,
        member_id=member_id,
        profile=view.profile or {},
        events=events,
        # Events in organizations outside the person's reach on their day are not listed;
        # the page says so without naming them.
        unlisted=len(view.entries) > len(events),
        attr=attr,
        names=HistoryNames(queries().tree(), user()),
        can_write=bool(current_org and access.can_write(user(), current_org)),
        retracted=amended(events, "retracts"),
        corrected=amended(events, "corrects"),
        # A correction or retraction names the event it amends by what it was and its day.
        amended_events={str(e.event_id): e for e in events},
        writable_orgs={e.org for e in events if access.can_write(user(), e.org)},
        auditor=may_use_known_at(),
        known_at=local_input(arg_known_at()),
        today=today(),
    )
