"""A member's page: who they are and every event about them, with both of its times."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template

from domain.errors import NotFound
from projections.results import MemberView
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
from web.permissions import access

bp = Blueprint("pages_members", __name__)


def attr(value: Any, name: str, default: Any = None) -> Any:
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def events_of(view: Any) -> list[Any]:
    return list(attr(view, "entries", None) or attr(view, "events", None) or [])


def amended(events: list[Any], key: str) -> set[Any]:
    """Ids of the events that a correction (`corrects`) or retraction (`retracts`) points at."""
    return {(attr(e, "details") or {}).get(key) for e in events} - {None}


def load_member(code: str, member_id: UUID) -> tuple[Any, list[Any]]:
    """The member as known (at `known_at` for auditors); 404 unless some event of theirs is
    in an organization the person may read, below `code`."""
    known_at = arg_known_at()
    try:
        view = queries().member(member_id, known_at=known_at)
    except NotFound:
        abort(404)
    if view is None:
        abort(404)
    # Each event is a fact of its effective day: shown if its organization lay below `code`
    # and within the person's reach that day; where they are today, only if that is theirs.
    events = [e for e in events_of(view) if seen(attr(e, "org"), code, attr(e, "effective_on"))]
    if not events:
        abort(404)
    if isinstance(view, MemberView) and not (view.org and seen(view.org, code, today())):
        view = replace(view, org=None, status=None)
    return view, events


def seen(org: str | None, ancestor: str, day: Any) -> bool:
    """Whether `org` lay at or below `ancestor` on a day, within the person's reach."""
    if not org or not isinstance(day, date):
        return False
    return access.in_subtree(org, ancestor, day) and access.can_read(user(), org, day)


@bp.get("/orgs/<code>/members/<uuid:member_id>")
@page_login_required
def member(code: str, member_id: UUID) -> Any:
    """The member's profile and whole history, corrections and retractions included."""
    readable(code)
    info = org_info(code)
    view, events = load_member(code, member_id)
    current_org = attr(view, "org")
    return render_template(
        "pages/member.html",
        org=info,
        member=view,
        member_id=member_id,
        profile=attr(view, "profile", None) or {},
        events=events,
        attr=attr,
        can_write=bool(current_org) and access.can_write(user(), current_org),
        retracted=amended(events, "retracts"),
        corrected=amended(events, "corrects"),
        writable_orgs={attr(e, "org") for e in events if access.can_write(user(), attr(e, "org"))},
        auditor=may_use_known_at(),
        known_at=local_input(arg_known_at()),
        today=today(),
    )
