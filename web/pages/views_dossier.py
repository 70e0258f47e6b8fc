"""One admission dossier: opening it, its page with the timeline, and the form of its next step.

The forms build services.admission.bodies's bodies and go through the same parse functions and
services as the API. A refused step shows the rule explained in the person's language and
stores nothing; a form sent twice (the same step, day, actor and document) records once.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from domain.admission.dossier import Dossier
from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.roll.values import OrgKind
from projections.results import RollMember
from services.admission.bodies import parse_open, parse_step
from services.front_door.bus import handle
from services.front_door.commands import OpenAdmissionDossier, RecordDossierStep
from web.pages.context import (
    arg_date,
    holds_members,
    org_info,
    page_login_required,
    queries,
    registry,
    today,
    user,
    writable,
)
from web.pages.dossierforms import (
    INTRODUCERS,
    OPEN_FORM,
    STEPS,
    hostile,
    open_body,
    step_body,
    step_fields,
)
from web.pages.formerrors import Refusal, field_errors, flatten
from web.pages.i18n import _, current_lang
from web.pages.views_events import member_cells
from web.permissions import access
from web.permissions.dossiers import competent, detail, is_retry, reachable_dossier
from web.permissions.writes import require_writable
from web.translations.labels import label
from web.translations.messages import field_message

bp = Blueprint("pages_dossier", __name__)
SIDE_STEPS = frozenset(
    {"withdrawn", "suspended", "resumed", "deadline_extended", "refused", "struck_off"}
)
KEY_PREFIX = "web-form:"


def said(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per-field messages in the person's language."""
    return {
        name: [field_message(m, current_lang()) for m in texts] for name, texts in errors.items()
    }


@bp.route("/orgs/<code>/dossiers/new", methods=["GET", "POST"])
@page_login_required
def open_dossier(code: str) -> ResponseReturnValue:
    """Put a candidate on a cell's source list: the form, and its submission."""
    writable(code)
    info = org_info(code)
    cells = [] if holds_members(info.kind) else member_cells(code, info.kind)
    if not holds_members(info.kind) and not cells:
        abort(404)
    values: dict[str, str] = {"on": today().isoformat()}
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    key = request.form.get("key") or str(uuid.uuid4())
    if request.method == "POST":
        values = dict(request.form)
        target = code if holds_members(info.kind) else values.get("org", "")
        if target not in ({code} if holds_members(info.kind) else {c.code for c in cells}):
            errors["org"] = [_("Hãy chọn chi bộ.")]
        else:
            outcome = submit_open(target, values, key)
            if isinstance(outcome, RuleViolation):
                refusal = outcome
                if outcome.rule == "idempotency_key_reused":
                    key = str(uuid.uuid4())
            elif isinstance(outcome, dict):
                errors = outcome
            else:
                return outcome
    values.pop("csrf_token", None)
    page = render_template(
        "pages/dossiers_open.html",
        org=info,
        fieldsets=OPEN_FORM,
        cells=cells,
        values=values,
        errors=said(errors),
        refusal=refusal,
        key=key,
    )
    return page, 422 if (errors or refusal) else 200


def submit_open(cell: str, values: dict[str, str], key: str) -> Refusal | Response:
    """Open the dossier; a refusal comes back as a RuleViolation or per-field messages."""
    body = {**open_body(values), "id": f"{KEY_PREFIX}{key}"}
    problems = hostile(body)
    if problems:
        return problems
    try:
        opening = OpenAdmissionDossier(parse_open(cell, body))
        require_writable(user(), opening)
        handled = handle(registry(), opening, recorded_by=user().name, key_scope=user().org)
        dossier = handled.results[0]
    except RuleViolation as error:
        return error
    except ValidationError as error:
        return flatten(error.messages)
    except (InvalidValue, NotFound) as error:
        return field_errors(error, "admitted")
    flash(_("Đã lập hồ sơ kết nạp cho {name}.", name=dossier.candidate_data["full_name"]))
    return redirect(url_for("pages_dossier.dossier", code=cell, dossier_id=dossier.id))


def chosen_step(seen: dict[str, Any], asked: str | None) -> str | None:
    """The step whose form is shown: the one asked for, else the next one not yet done."""
    possible: list[str | None] = seen["next_steps"]
    if asked in possible:
        return asked
    done = {record["step"] for record in seen["steps"]}
    ahead = [s for s in possible if s not in done and s not in SIDE_STEPS]
    return (ahead or possible or [None])[0]


def grassroots_of(cell: str) -> str:
    """The cell's grassroots organization today (the cell itself when none is above it)."""
    code: str | None = cell
    while code:
        info = org_info(code)
        if OrgKind(info.kind).is_grassroots:
            return info.code
        code = info.parent
    return cell


def introducer_options(cell: str) -> list[RollMember]:
    """Official members of the cell's grassroots organization today, for the two drop-downs."""
    try:
        roll = queries().roll(grassroots_of(cell), as_of=today(), subtree=True)
    except NotFound:
        return []
    return [m for m in roll.members if m.status == "official"]


def defaults(step: str | None, seen: dict[str, Any], deciding: list[str]) -> dict[str, str]:
    """What a step's form starts with: today, the competent body, the cell's official members."""
    values = {"on": today().isoformat()}
    if deciding:
        values["decided_by"] = deciding[0]
    if step in ("cell_resolved", "probation_reviewed"):
        with contextlib.suppress(NotFound):
            values["eligible"] = str(queries().roll(seen["cell"], as_of=today()).official)
    return values


@bp.route("/orgs/<code>/dossiers/<uuid:dossier_id>", methods=["GET", "POST"])
@page_login_required
def dossier(code: str, dossier_id: UUID) -> ResponseReturnValue:
    """The dossier's timeline and deadlines, and the form of the step to record next."""
    # A look at a past day shows the dossier as it stood then; a step is recorded on today's.
    shown_on = arg_date("as_of") if request.method == "GET" else None
    found = reachable_dossier(code, dossier_id, shown_on)
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    values: dict[str, str] = {}
    step = request.args.get("step")
    if request.method == "POST":
        access.require_write(found.cell)
        step = request.form.get("step", "")
        if step not in STEPS:
            abort(400)  # the form always names its step
        values = {"satisfactory": "", **request.form}
        values.pop("csrf_token", None)
        outcome = submit_step(code, found, step, values)
        if isinstance(outcome, RuleViolation):
            refusal = outcome
        elif isinstance(outcome, dict):
            errors = outcome
        else:
            return outcome
    day = arg_date("as_of")
    seen = detail(found, day)
    step = chosen_step(seen, step)
    can_write = access.can_write(user(), found.cell)
    deciding = competent(found.cell, today())
    page = render_template(
        "pages/dossiers_dossier.html",
        org=org_info(code),
        cell=org_info(found.cell),
        dossier=seen,
        step=step,
        fields=step_fields(step) if step else (),
        introducer_fields=INTRODUCERS,
        introducers=introducer_options(found.cell) if can_write else [],
        values={**defaults(step, seen, deciding), **values},
        competent_today=deciding,
        day_args={"as_of": day.isoformat()} if day else {},
        member_id=admitted_member(seen),
        people=people_in(seen),
        errors=said(errors),
        refusal=refusal,
        can_write=can_write,
        today=today(),
    )
    return page, 422 if (errors or refusal) else 200


def admitted_member(seen: dict[str, Any]) -> Any:
    """The member the ceremony put on the roll, if it was held."""
    held = [r for r in seen["steps"] if r["step"] == "ceremony_held"]
    return held[-1].get("member_id") if held else None


def people_in(seen: dict[str, Any]) -> dict[str, str]:
    """Names of the introducers named in the dossier (member id → name)."""
    names: dict[str, str] = {}
    for record in seen["steps"]:
        for member_id in record.get("introducers") or []:
            try:
                names[str(member_id)] = queries().member(member_id).full_name
            except NotFound:
                continue
    return names


def submit_step(code: str, found: Dossier, step: str, values: dict[str, str]) -> Refusal | Response:
    """Record the step; a refusal comes back as a RuleViolation or per-field messages."""
    body = step_body(step, values)
    problems = hostile(body)
    if problems:
        return problems
    try:
        command = parse_step(body)
        name = label("step", step, current_lang())
        if is_retry(found, command):
            flash(_("{step}: đã được ghi trước đó, không ghi lại lần nữa.", step=name))
        else:
            step_ = RecordDossierStep(found.id, command)
            require_writable(user(), step_)
            handle(registry(), step_, recorded_by=user().name, key_scope=user().org)
            flash(_("Đã ghi: {step}.", step=name))
    except RuleViolation as error:
        return error
    except ValidationError as error:
        return flatten(error.messages)
    except (InvalidValue, NotFound) as error:
        return field_errors(error, step)
    return redirect(url_for("pages_dossier.dossier", code=code, dossier_id=found.id))
