"""Recording a reorganization decision (sắp xếp tổ chức): a form, a preview of every cell and
member it would move with the conservation line (before = after), then one confirmation.

The page builds the same front-door command as the API (web.api.reorganizations.command_of)
and previews it the same way (services.front_door.preview): the confirmation posts the
previewed values back, and they are stored in one transaction or refused whole. Renaming,
moving, merging into another organization and dissolving are offered here; a split, which
assigns members one by one, is sent through the API or `sodang reorg split`.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.errors import InvalidValue, NotFound, RuleViolation
from services.day_input import BadDay, parse_day
from services.front_door.bus import handle
from services.front_door.commands import Command
from services.front_door.preview import Preview, preview
from web.api.reorg_schemas import ReorganizationValues
from web.api.reorganizations import command_of
from web.pages import pickers
from web.pages.context import org_info, page_login_required, registry, today, user
from web.pages.i18n import _, current_lang
from web.permissions import access
from web.permissions.writes import require_writable
from web.translations.messages import field_message

bp = Blueprint("pages_reorganize", __name__)

KINDS = ("merge", "move", "rename", "dissolve")
FIELDS = ("kind", "on", "decision_no", "decision_on", "decided_by", "name", "target")


def kind_labels() -> dict[str, str]:
    return {
        "merge": _("Hợp nhất, sáp nhập vào tổ chức khác"),
        "move": _("Chuyển sang trực thuộc tổ chức khác"),
        "rename": _("Đổi tên"),
        "dissolve": _("Giải thể"),
    }


def parse(code: str, form: dict[str, str]) -> tuple[ReorganizationValues, dict[str, list[str]]]:
    """The decision's values as the API loads them, or per-field messages."""
    errors: dict[str, list[str]] = {}
    kind = form.get("kind", "")
    if kind not in KINDS:
        errors["kind"] = [_("Chọn hình thức sắp xếp.")]
    days: dict[str, date | None] = {}
    for name in ("on", "decision_on"):
        raw = form.get(name, "").strip()
        try:
            days[name] = parse_day(raw) if raw else None
        except BadDay:
            errors[name] = ["Not a valid date."]
    if "on" not in errors and days["on"] is None:
        errors["on"] = [_("Nhập ngày có hiệu lực.")]
    name = form.get("name", "").strip()
    target = form.get("target", "").strip()
    if kind == "rename" and not 1 <= len(name) <= 200:
        errors["name"] = [_("Nhập tên mới (1-200 ký tự).")]
    if kind in ("merge", "move") and not target:
        errors["target"] = [_("Chọn tổ chức nhận.")]
    if target and (target == code or not access.can_write(user(), target)):
        errors["target"] = [_("Chọn một tổ chức khác trong phạm vi của bạn.")]
    values: ReorganizationValues = {
        "kind": kind,
        "on": days.get("on") or today(),
        "decision_no": form.get("decision_no", "").strip()[:100] or None,
        "decision_on": days.get("decision_on"),
        "decided_by": form.get("decided_by", "").strip() or None,
        "sources": [],
        "into": [target] if kind == "merge" and target else [],
        "children": {},
        "members": {},
        "default": target if kind == "dissolve" and target else None,
    }
    if kind == "rename":
        values["name"] = name
    if kind == "move":
        values["to"] = target
    return values, errors


@bp.route("/orgs/<code>/reorganize", methods=["GET", "POST"])
@page_login_required
def reorganize(code: str) -> ResponseReturnValue:
    """The form; posted with `step=preview` it shows what would change, with `step=store` it
    records the decision."""
    access.require_officer(code)
    info = org_info(code)
    values: dict[str, str] = {"kind": "merge", **request.args}
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in FIELDS}
        parsed, errors = parse(code, values)
        if not errors:
            command = command_of(code, parsed)
            require_writable(user(), command)
            outcome = attempt(command, store=request.form.get("step") == "store")
            if isinstance(outcome, Preview):
                return render_template(
                    "pages/reorg_preview.html",
                    org=info,
                    values=values,
                    tried=outcome,
                    kinds=kind_labels(),
                )
            if outcome is None:
                flash(_("Đã ghi quyết định sắp xếp tổ chức."))
                return redirect(url_for("pages_lineage.lineage", code=code))
            if isinstance(outcome, RuleViolation):
                refusal = outcome
            else:
                errors = outcome
    page = render_template(
        "pages/reorg_form.html",
        org=info,
        values=values,
        errors={k: [field_message(m, current_lang()) for m in v] for k, v in errors.items()},
        refusal=refusal,
        kinds=kind_labels(),
        targets=[
            c
            for c in pickers.subtree(today(), depth=3)
            if c.code != code and access.can_write(user(), c.code)
        ],
    )
    return page, 422 if (errors or refusal) else 200


def attempt(command: Command, store: bool) -> Preview | RuleViolation | dict[str, list[str]] | None:
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
