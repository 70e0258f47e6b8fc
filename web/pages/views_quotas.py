"""Setting an admission quota (chỉ tiêu kết nạp) for a year or a term."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from domain.errors import InvalidValue, NotFound, RuleViolation
from services.day_input import BadDay, parse_day
from services.front_door.bus import handle
from services.front_door.commands import SetQuota
from web.pages import pickers
from web.pages.context import org_info, page_login_required, registry, today, user
from web.pages.formerrors import Refusal, flatten
from web.pages.i18n import _, current_lang
from web.permissions import access
from web.permissions.writes import require_writable
from web.translations.messages import field_message

bp = Blueprint("pages_quotas", __name__)


class QuotaInput(TypedDict, total=False):
    """A quota form's values as read (a malformed one is left out and named in the errors)."""

    period: str
    target: int
    assigned_by: str
    starts_on: date | None
    ends_on: date | None


def parse(form: dict[str, str]) -> tuple[QuotaInput, dict[str, list[str]]]:
    """The quota's values, or per-field messages for what is malformed."""
    errors: dict[str, list[str]] = {}
    values: QuotaInput = {}
    period = form.get("period", "").strip()
    parts = period.split("-")
    if not (len(parts) in (1, 2) and all(len(p) == 4 and p.isdigit() for p in parts)):
        errors["period"] = [_("Nhập năm (2025) hoặc nhiệm kỳ (2020-2025).")]
    values["period"] = period
    target = form.get("target", "").strip()
    if not target.isdigit() or int(target) <= 0 or int(target) > 1_000_000:
        errors["target"] = ["must be a positive whole number"]
    else:
        values["target"] = int(target)
    values["assigned_by"] = assigner = form.get("assigned_by", "").strip()
    if not assigner or not access.can_read(user(), assigner):
        errors["assigned_by"] = ["not found: organization"]
    elif not access.can_write(user(), assigner):
        errors["assigned_by"] = [_("Chỉ giao chỉ tiêu nhân danh tổ chức trong phạm vi của bạn.")]
    for name in ("starts_on", "ends_on"):
        raw = form.get(name, "").strip()
        try:
            values[name] = parse_day(raw) if raw else None
        except BadDay:
            errors[name] = ["Not a valid date."]
    return values, errors


def default_assigner(parent: str | None, code: str) -> str:
    """The superior sets a plan, when the person may act for it; else the organization itself."""
    return parent if parent and access.can_write(user(), parent) else code


@bp.route("/orgs/<code>/quotas/new", methods=["GET", "POST"])
@page_login_required
def set_quota(code: str) -> ResponseReturnValue:
    """Give an organization its target of new members for a period."""
    access.require_officer(code)
    info = org_info(code)
    values: dict[str, str] = {
        "period": str(today().year),
        "assigned_by": default_assigner(info.parent, code),
        **request.args,
    }
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    if request.method == "POST":
        values = dict(request.form)
        parsed, errors = parse(values)
        if not errors:
            outcome = store(code, parsed)
            if outcome is None:
                flash(_("Đã ghi chỉ tiêu kết nạp năm/nhiệm kỳ {period}.", period=parsed["period"]))
                period = parsed["period"]
                return redirect(url_for("pages_dashboard.dashboard", code=code, period=period))
            if isinstance(outcome, RuleViolation):
                refusal = outcome
            else:
                errors = outcome
    page = render_template(
        "pages/quota_form.html",
        org=info,
        values=values,
        errors={k: [field_message(m, current_lang()) for m in v] for k, v in errors.items()},
        refusal=refusal,
        assigners=pickers.assigners(code, today()),
    )
    return page, 422 if (errors or refusal) else 200


def store(code: str, values: QuotaInput) -> Refusal | None:
    """Record the quota; a refusal comes back as a RuleViolation or per-field messages."""
    quota = SetQuota(
        code,
        values["period"],
        values["target"],
        values["assigned_by"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
    )
    require_writable(user(), quota)
    try:
        handle(registry(), quota, recorded_by=user().name)
    except RuleViolation as error:
        return error
    except InvalidValue as error:
        return {error.field: [error.message]}
    except ValidationError as error:
        return flatten(error.messages)
    except NotFound as error:
        return {"assigned_by": [f"not found: {error.what}"]}
    return None
