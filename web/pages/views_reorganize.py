"""Recording a reorganization decision (sắp xếp tổ chức): a form, a preview of every cell and
member it would move with the conservation line (before = after), then one confirmation.

The pages build the same front-door command as the API (web.api.reorganizations.command_of)
and preview it the same way (services.front_door.preview): the confirmation posts the
previewed values back, and they are stored in one transaction or refused whole. One form
renames, moves, dissolves and merges (several organizations at once, into an existing one or
into a successor the decision founds under the organization's parent); the split form
assigns each cell and member to an existing organization or to a successor it founds.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.structure.reorganization import day_before
from services.front_door.bus import handle
from services.front_door.commands import Command, SplitOrganization
from services.front_door.preview import Preview, preview
from web.api.reorganizations import command_of
from web.pages import pickers
from web.pages.context import OrgInfo, org_info, page_login_required, queries, registry, today, user
from web.pages.i18n import _, current_lang
from web.pages.reorg_forms import (
    DECISION_FIELDS,
    NEW_SLOTS,
    Errors,
    Parsed,
    decision_values,
    new_successor,
    split_values,
)
from web.permissions import access
from web.permissions.writes import require_writable
from web.translations.messages import field_message

bp = Blueprint("pages_reorganize", __name__)

KINDS = ("merge", "move", "rename", "dissolve")
FIELDS = (*DECISION_FIELDS, "kind", "name", "target", "sources", "new_code", "new_name")


def kind_labels() -> dict[str, str]:
    return {
        "merge": _("Hợp nhất, sáp nhập vào tổ chức khác"),
        "move": _("Chuyển sang trực thuộc tổ chức khác"),
        "rename": _("Đổi tên"),
        "dissolve": _("Giải thể"),
        "split": _("Chia tách"),
    }


def parse(code: str, form: dict[str, str]) -> Parsed:
    """The decision's values as the API loads them, or per-field messages."""
    errors: Errors = {}
    kind = form.get("kind", "")
    if kind not in KINDS:
        errors["kind"] = [_("Chọn hình thức sắp xếp.")]
    values = decision_values(form, kind, errors)
    parsed = Parsed(values, errors=errors)
    name = form.get("name", "").strip()
    target = form.get("target", "").strip()
    new = new_successor(form, "new_code", "new_name", errors) if kind == "merge" else None
    if kind == "rename" and not 1 <= len(name) <= 200:
        errors["name"] = [_("Nhập tên mới (1-200 ký tự).")]
    if kind in ("merge", "move") and not target and new is None:
        errors["target"] = [_("Chọn tổ chức nhận.")]
    if target and new is not None:
        errors["target"] = [_("Chọn tổ chức nhận hoặc thành lập tổ chức mới, không cả hai.")]
    if target and (target == code or not access.can_write(user(), target)):
        errors["target"] = [_("Chọn một tổ chức khác trong phạm vi của bạn.")]
    if kind == "merge":
        values["sources"] = [c for c in form.get("sources", "").split() if c != code]
        if any(c == target or not access.can_write(user(), c) for c in values["sources"]):
            errors["sources"] = [_("Chọn các tổ chức khác trong phạm vi của bạn.")]
        values["into"] = [new["code"]] if new else [target] if target else []
        if new is not None:
            values["found"] = [new]
            parsed.names[new["code"]] = new["name"]
    if kind == "rename":
        values["name"] = name
    if kind == "move":
        values["to"] = target
    if kind == "dissolve" and target:
        values["default"] = target
    return parsed


def founded_under_writable(code: str, parsed: Parsed) -> None:
    """A successor is founded under the organization's parent: refuse it on the form when the
    officer may not write that parent (the API would answer 404)."""
    if not parsed.values["found"] or "on" in parsed.errors:
        return
    subject = registry().get_organization(code)
    parent = subject.parent_on(day_before(parsed.values["on"]))
    if parent is None or not access.can_write(user(), parent):
        key = "new_code" if parsed.values["kind"] == "merge" else "new_code_1"
        parsed.errors[key] = [_("Tổ chức mới trực thuộc cấp trên mà bạn không được ghi.")]


def targets(code: str) -> list[pickers.Choice]:
    """Organizations the officer may pick as a receiver: their subtree, writable, not `code`."""
    return [
        c
        for c in pickers.subtree(today(), depth=3)
        if c.code != code and access.can_write(user(), c.code)
    ]


@bp.route("/orgs/<code>/reorganize", methods=["GET", "POST"])
@page_login_required
def reorganize(code: str) -> ResponseReturnValue:
    """The form; posted with `step=preview` it shows what would change, with `step=store` it
    records the decision."""
    access.require_officer(code)
    info = org_info(code)
    values: dict[str, str] = {"kind": "merge", **request.args}
    errors: Errors = {}
    refusal: RuleViolation | None = None
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in FIELDS}
        values["sources"] = " ".join(request.form.getlist("sources"))
        parsed = parse(code, values)
        founded_under_writable(code, parsed)
        errors = parsed.errors
        if not errors:
            command = command_of(code, parsed.values)
            shown = decide(info, command, values, parsed, "pages_reorganize.reorganize")
            if not isinstance(shown, (RuleViolation, dict)):
                return shown
            refusal, errors = (shown, {}) if isinstance(shown, RuleViolation) else (None, shown)
    page = render_template(
        "pages/reorg_form.html",
        org=info,
        values=values,
        errors=shown_errors(errors),
        refusal=refusal,
        kinds=kind_labels(),
        targets=targets(code),
    )
    return page, 422 if (errors or refusal) else 200


@bp.route("/orgs/<code>/reorganize/split", methods=["GET", "POST"])
@page_login_required
def split(code: str) -> ResponseReturnValue:
    """The split form (chia tách): each cell and member of the organization to a successor."""
    access.require_officer(code)
    info = org_info(code)
    children = sorted(queries().tree().children_on(code, today()))
    roll = queries().roll(code).members
    allowed = {c.code for c in targets(code)}
    values: dict[str, str] = dict(request.args)
    errors: Errors = {}
    refusal: RuleViolation | None = None
    if request.method == "POST":
        ids = [str(m.member_id) for m in roll]
        known = {*DECISION_FIELDS, "default", *(f"child:{c}" for c in children)}
        known |= {f"member:{m}" for m in ids}
        known |= {f"new_{f}_{n}" for f in ("code", "name") for n in range(1, NEW_SLOTS + 1)}
        values = {k: v for k, v in request.form.items() if k in known}  # echoed in the preview
        parsed = split_values(values, allowed, children, ids)
        founded_under_writable(code, parsed)
        errors = parsed.errors
        if not errors:
            members = {UUID(k): v for k, v in parsed.values["members"].items()}
            command = command_of(code, {**parsed.values, "members": {}})
            assert isinstance(command, SplitOrganization)
            command = replace(command, members=members)
            shown = decide(info, command, values, parsed, "pages_reorganize.split")
            if not isinstance(shown, (RuleViolation, dict)):
                return shown
            refusal, errors = (shown, {}) if isinstance(shown, RuleViolation) else (None, shown)
    page = render_template(
        "pages/reorg_split.html",
        org=info,
        values=values,
        errors=shown_errors(errors),
        refusal=refusal,
        targets=targets(code),
        children=[(c, queries().tree().name_on(c, today())) for c in children],
        members=roll,
        slots=range(1, NEW_SLOTS + 1),
    )
    return page, 422 if (errors or refusal) else 200


def decide(
    info: OrgInfo, command: Command, values: dict[str, str], parsed: Parsed, endpoint: str
) -> ResponseReturnValue | RuleViolation | Errors:
    """Authorize, then show the preview or store and go to the lineage; a refusal comes back."""
    require_writable(user(), command)
    outcome = attempt(command, store=request.form.get("step") == "store")
    if isinstance(outcome, Preview):
        return render_template(
            "pages/reorg_preview.html",
            org=info,
            values=values,
            tried=outcome,
            kinds=kind_labels(),
            kind=parsed.values["kind"],
            names={**names_of(outcome), **parsed.names},
            endpoint=endpoint,
        )
    if outcome is None:
        flash(_("Đã ghi quyết định sắp xếp tổ chức."))
        return redirect(url_for("pages_lineage.lineage", code=info.code))
    return outcome


def names_of(tried: Preview) -> dict[str, str]:
    """Names of the organizations the preview lists, as far as the officer may read them
    (the codes stay beside them, small): people check a decision by names, not codes."""
    outcome, day, tree = tried.outcome, today(), queries().tree()
    codes = {*outcome.ended, *outcome.carried, *(q[0] for q in outcome.quotas)}
    codes |= {c for move in outcome.moved for c in move if c}
    codes |= {c for m in tried.members for c in (m.from_org, m.to_org)}
    return {
        c: tree.name_on(c, day) for c in codes if c in tree.orgs and access.can_read(user(), c, day)
    }


def shown_errors(errors: Errors) -> Errors:
    return {k: [field_message(m, current_lang()) for m in v] for k, v in errors.items()}


def attempt(command: Command, store: bool) -> Preview | RuleViolation | Errors | None:
    """Preview the decision, or store it; a refusal comes back as the rule or field messages."""
    try:
        if not store:
            return preview(registry(), command, user().name)
        handle(registry(), command, recorded_by=user().name)
    except RuleViolation as error:
        return error
    except InvalidValue as error:
        return {error.field: [error.message]}
    except NotFound as error:
        return {"target": [f"not found: {error.what}"]}
    return None
