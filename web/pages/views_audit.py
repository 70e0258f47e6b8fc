"""The audit page: a report as it was known at some moment, beside today's, and why they differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from domain.errors import NotFound
from projections.results import Diff, DiffEvent, Flows, RollupNode
from web import reads
from web.exports import FLOW_FIELDS
from web.pages.context import (
    arg_date,
    arg_known_at,
    local_input,
    may_use_known_at,
    now,
    org_info,
    page_login_required,
    queries,
    readable,
    today,
    user,
)
from web.pages.history_names import HistoryNames

bp = Blueprint("pages_audit", __name__)


@dataclass
class Row:
    """One organization of the report: its figures then and now, and the events between."""

    code: str
    name: str
    then: RollupNode | _Zero
    now: RollupNode
    events: list[DiffEvent] = field(default_factory=list)

    @property
    def delta(self) -> int:
        return int(self.now.total) - int(self.then.total)


class Report(TypedDict):
    """What the audit page shows for one day and one past moment of knowledge."""

    total: Row
    rows: list[Row]
    diff: Diff
    events: list[DiffEvent]
    flows_then: Flows
    flows_now: Flows
    moment: datetime


def compare(code: str, as_of: date, known_at: datetime) -> Report:
    q = queries()
    moment = now()
    then = q.rollup(code, as_of=as_of, known_at=known_at, depth=1)
    current = q.rollup(code, as_of=as_of, known_at=moment, depth=1)
    diff = q.diff(code, as_of, known_at, moment)
    then_children = {c.code: c for c in then.children}
    rows = [Row(c.code, c.name, then_children.get(c.code, _Zero(c)), c) for c in current.children]
    for row in rows:
        # Each row's own diff: an event is listed under every row whose total it changed. A
        # reorganization inside the subtree changes the rows but may leave the root unchanged
        # (members carried from one row to another), so the root's events cannot explain them.
        row.events = list(q.diff(row.code, as_of, known_at, moment).events)
    events = {e.event_id: e for e in diff.events}
    for row in rows:
        events.update((e.event_id, e) for e in row.events if e.event_id not in events)
    year_start = date(as_of.year, 1, 1)
    return {
        "total": Row(code, then.name, then, current, list(diff.events)),
        "rows": rows,
        "diff": diff,
        "events": sorted(events.values(), key=lambda e: (e.recorded_at, str(e.event_id))),
        "flows_then": reads.flows(code, year_start, as_of, known_at=known_at),
        "flows_now": reads.flows(code, year_start, as_of, known_at=moment),
        "moment": moment,
    }


class _Zero:
    """An organization absent from the older report counts zero there."""

    def __init__(self, node: RollupNode) -> None:
        self.code, self.name = node.code, node.name
        self.total = self.official = self.probationary = 0


@bp.get("/orgs/<code>/audit")
@page_login_required
def audit(code: str) -> ResponseReturnValue:
    """Pick a day and a moment of knowledge; see that report beside today's knowledge."""
    if not may_use_known_at():
        readable(code)
        abort(404)
    info = org_info(code)
    as_of = arg_date("as_of", today()) or today()
    readable(code, as_of)
    known_at = arg_known_at()
    if known_at is not None:
        known_at = min(known_at, now())
    report = None
    if known_at is not None:
        try:
            report = compare(code, as_of, known_at)
        except NotFound:
            abort(404)
    return render_template(
        "pages/audit.html",
        org=info,
        as_of=as_of,
        known_at=known_at,
        known_at_input=local_input(known_at),
        report=report,
        flow_fields=FLOW_FIELDS,
        # Events name their organization as on their day and their recorder by role, as the
        # member page does; codes and sign-in names only small beside, or in links.
        names=HistoryNames(queries().tree(), user()),
    )
