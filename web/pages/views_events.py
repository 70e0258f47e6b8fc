"""Recording roll events through forms: the same body and rules as the API, told in Vietnamese.

Each rendered form carries a fresh idempotency key: a double click, or a retried submission,
replays the first receipt instead of recording twice. A refused form keeps its key (nothing
was stored under it) and shows the rule's explanation and each field's message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from domain.errors import InvalidValue, NotFound, RuleViolation
from projections.results import RollMember, RollupNode
from services.front_door.bus import handle
from services.front_door.commands import RecordEvent
from services.roll.bodies import parse_body
from web.pages.context import (
    holds_members,
    org_info,
    page_login_required,
    queries,
    registry,
    today,
    user,
    writable,
)
from web.pages.eventforms import EVENT_TYPES, FORMS
from web.pages.eventforms import build_body as form_body
from web.pages.formerrors import Refusal, field_errors
from web.pages.i18n import _, current_lang
from web.permissions import access
from web.permissions.writes import unwritable
from web.translations.labels import label
from web.translations.messages import field_message

bp = Blueprint("pages_events", __name__)
KEY_PREFIX = "web-form:"
# Where a form says that an organization the command writes is not the user's to write.
REFUSED_FIELD = {
    "transferred_in": "from",
    "transferred_out": "to",
    "correction": "corrects",
    "retraction": "retracts",
}


@dataclass(frozen=True)
class AmendedEvent:
    """The event a correction or retraction form amends, as a person knows it."""

    type: str
    full_name: str
    effective_on: date
    member_id: str


def amended_event(kind: str, values: dict[str, str]) -> AmendedEvent | None:
    """What the event to correct or retract was (type, member, day), when the form came from
    the member's page (which names the member) and the person may read that event."""
    field = REFUSED_FIELD.get(kind) if kind in ("correction", "retraction") else None
    try:
        event_id = uuid.UUID(values.get(field or "", ""))
        member_id = uuid.UUID(values.get("member_id", ""))
        view = queries().member(member_id)
    except (ValueError, NotFound):
        return None
    for entry in view.entries:
        if entry.event_id == event_id and access.can_read(user(), entry.org, entry.effective_on):
            return AmendedEvent(entry.type, view.full_name, entry.effective_on, str(member_id))
    return None


def new_key() -> str:
    return str(uuid.uuid4())


def member_cells(code: str, kind: str) -> list[RollupNode]:
    """The cells a form may record into: the organization itself, or the writable cells under it."""
    if holds_members(kind):
        return []
    tree = queries().rollup(code, as_of=today())
    cells: list[RollupNode] = []
    pending = list(tree.children)
    while pending:
        node = pending.pop(0)
        node_kind = getattr(node.kind, "value", node.kind)
        if holds_members(node_kind) and access.can_write(user(), node.code):
            cells.append(node)
        pending.extend(node.children)
    return cells


def roll_options(cell: str | None) -> list[RollMember]:
    """Members on the cell's roll today, for the member drop-down."""
    if not cell:
        return []
    try:
        return list(queries().roll(cell, as_of=today()).members)
    except NotFound:
        return []


@bp.route("/orgs/<code>/events/new", methods=["GET", "POST"])
@page_login_required
def record(code: str) -> ResponseReturnValue:
    """The form of one event type (`type`), and its submission."""
    writable(code)
    info = org_info(code)
    kind = request.values.get("type", "admitted")
    if kind not in FORMS:
        abort(404)
    cells = member_cells(code, info.kind)
    if not holds_members(info.kind) and not cells:
        abort(404)
    values: dict[str, str] = dict(request.args)
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    key = request.form.get("key") or new_key()
    if request.method == "POST" and request.form.get("refresh"):
        values = dict(request.form)
    elif request.method == "POST":
        values = dict(request.form)
        target = code if holds_members(info.kind) else request.form.get("org", "")
        if target not in ({code} if holds_members(info.kind) else {c.code for c in cells}):
            errors["org"] = [_("Hãy chọn chi bộ.")]
        else:
            outcome = submit(target, kind, values, key)
            if isinstance(outcome, RuleViolation):
                refusal = outcome
                if outcome.rule == "idempotency_key_reused":
                    key = new_key()
            elif isinstance(outcome, dict):
                errors = outcome
            else:
                return outcome
    chosen = code if holds_members(info.kind) else values.get("org", "")
    if not holds_members(info.kind) and chosen not in {c.code for c in cells}:
        chosen = ""
    status = 422 if (errors or refusal) else 200
    values.pop("csrf_token", None)
    page = render_template(
        "pages/event_form.html",
        org=info,
        kind=kind,
        kinds=EVENT_TYPES,
        fieldsets=FORMS[kind],
        values=values,
        errors={
            name: [field_message(m, current_lang()) for m in texts]
            for name, texts in errors.items()
        },
        refusal=refusal,
        key=key,
        cells=cells,
        members=roll_options(chosen),
        amends=amended_event(kind, values),
        today=today(),
    )
    return page, status


def submit(org: str, kind: str, values: dict[str, str], key: str) -> Refusal | Response:
    """Record the event; a refusal comes back as a RuleViolation or per-field messages."""
    body = form_body(kind, values)
    try:
        event, _key = parse_body(body)
        command = RecordEvent(org, event, f"{KEY_PREFIX}{key}")
        # The same rule as the API: every organization the command writes must be theirs.
        if unwritable(user(), command):
            return {REFUSED_FIELD.get(kind, "_schema"): ["not found: organization"]}
        handled = handle(registry(), command, recorded_by=user().name, key_scope=user().org)
        receipt = handled.receipts()[0]
    except RuleViolation as error:
        return error
    except (ValidationError, InvalidValue, NotFound) as error:
        return field_errors(error, kind)
    name = label("event", kind, current_lang())
    if receipt.replayed:
        flash(_("{event}: biểu mẫu này đã được ghi trước đó, không ghi lại lần nữa.", event=name))
    else:
        flash(_("Đã ghi: {event}.", event=name))
    if receipt.member_id is not None:
        return redirect(url_for("pages_members.member", code=org, member_id=receipt.member_id))
    return redirect(url_for("pages_dashboard.dashboard", code=org))
