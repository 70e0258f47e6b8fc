"""The audit page: a report as it was known at some moment, beside today's, and why they differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template

from domain.errors import NotFound
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
)

bp = Blueprint("pages_audit", __name__)


@dataclass
class Row:
    """One organization of the report: its figures then and now, and the events between."""

    code: str
    name: str
    then: Any
    now: Any
    events: list[Any] = field(default_factory=list)

    @property
    def delta(self) -> int:
        return int(self.now.total) - int(self.then.total)


def top_child_of(tree: Any) -> dict[str, str]:
    """Every code of the subtree → the child of the root it lies under (the root → itself)."""
    owners = {tree.code: tree.code}

    def walk(node: Any, owner: str) -> None:
        owners[node.code] = owner
        for child in node.children:
            walk(child, owner)

    for child in tree.children:
        walk(child, child.code)
    return owners


def compare(code: str, as_of: date, known_at: Any) -> dict[str, Any]:
    q = queries()
    moment = now()
    then = q.rollup(code, as_of=as_of, known_at=known_at, depth=1)
    current = q.rollup(code, as_of=as_of, known_at=moment, depth=1)
    full = q.rollup(code, as_of=as_of, known_at=moment)
    diff = q.diff(code, as_of, known_at, moment)
    owners = top_child_of(full)
    then_children = {c.code: c for c in then.children}
    rows = [Row(c.code, c.name, then_children.get(c.code, _Zero(c)), c) for c in current.children]
    by_code = {row.code: row for row in rows}
    for event in diff.events:
        owner = owners.get(event.org)
        if owner in by_code:
            by_code[owner].events.append(event)
    year_start = date(as_of.year, 1, 1)
    return {
        "total": Row(code, then.name, then, current, list(diff.events)),
        "rows": rows,
        "diff": diff,
        "flows_then": q.flows(code, year_start, as_of, known_at=known_at),
        "flows_now": q.flows(code, year_start, as_of, known_at=moment),
        "moment": moment,
    }


class _Zero:
    """An organization absent from the older report counts zero there."""

    def __init__(self, node: Any) -> None:
        self.code, self.name = node.code, node.name
        self.total = self.official = self.probationary = 0


@bp.get("/orgs/<code>/audit")
@page_login_required
def audit(code: str) -> Any:
    """Pick a day and a moment of knowledge; see that report beside today's knowledge."""
    readable(code)
    if not may_use_known_at():
        abort(404)
    info = org_info(code)
    as_of = arg_date("as_of", today()) or today()
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
    )
