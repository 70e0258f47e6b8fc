"""A member's page: who they are and every event about them, with both of its times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from uuid import UUID

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from domain.errors import NotFound
from domain.roll.profile import derived
from projections.results import MemberEntry, MemberView
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
from web.pages.history_names import HistoryNames
from web.permissions import access

bp = Blueprint("pages_members", __name__)


def attr(value: object, name: str, default: object = None) -> object:
    """For the template: a field of a record or a key of a stored mapping, else `default`."""
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def with_derived(profile: Mapping[str, object]) -> dict[str, object]:
    """The stored profile with the new attributes its old ones determine (issue 14)."""
    return {**profile, **derived(profile)}


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
        # A profile recorded before the forms' attributes shows those its old ones determine.
        profile=with_derived(view.profile or {}),
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
