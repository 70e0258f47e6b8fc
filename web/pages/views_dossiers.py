"""The admission pipeline's pages of an organization: the board by stage, deadlines, the review
agenda, the quota forecast and the settings (one dossier's page is in views_dossier.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.admission.deadlines import DUE_SOON_DAYS
from domain.admission.dossier import CLOSED_STAGES, Stage
from domain.errors import InvalidValue, RuleViolation
from domain.roll.values import OrgKind
from services.admission import pipeline
from services.admission.views import average_days, deadline_lists, review_agenda
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    GrantAdmissionAuthority,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetServiceTarget,
)
from web import reads
from web.pages.context import arg_date, org_info, page_login_required, queries, registry, user
from web.pages.i18n import _
from web.permissions import access
from web.permissions.dossiers import agenda_rows, pipeline_view, settings_view, visible_scope
from web.permissions.writes import require_writable

bp = Blueprint("pages_dossiers", __name__)
OPEN_STAGES = [s.value for s in Stage if s not in CLOSED_STAGES]
CLOSED = [s.value for s in Stage if s in CLOSED_STAGES]
CARDS_PER_STAGE = 25
# Above the commune the board sums up by child organization instead of showing every card:
# a province holds thousands of candidates, a commune a few dozen.
SUMMED_UP = {OrgKind.PROVINCE.value, OrgKind.DISTRICT.value}


def names_of(codes: Iterable[str]) -> dict[str, str]:
    """Code → name of the organizations a page shows."""
    names: dict[str, str] = {}
    for code in set(codes):
        try:
            names[code] = org_info(code).name
        except Exception:  # an organization the read side does not know yet
            names[code] = code
    return names


def common(code: str) -> dict[str, Any]:
    """What every pipeline page shows: the organization, the day, the person's rights."""
    info = org_info(code)
    person = user()
    day = arg_date("as_of")
    return {
        "org": info,
        "can_open": access.can_write(person, code),
        "is_officer": person.role == "officer" and access.can_write(person, code),
        "day_args": {"as_of": day.isoformat()} if day else {},
    }


@bp.get("/orgs/<code>/dossiers")
@page_login_required
def board(code: str) -> ResponseReturnValue:
    """Dossiers of the subtree by stage, per cell, and the average days of each step."""
    scope = visible_scope(code, arg_date("as_of"))
    stage: str | None = request.args.get("stage", "")
    stage = stage if stage in {s.value for s in Stage} else None
    summed_up = org_info(code).kind in SUMMED_UP
    view = pipeline_view(
        code, scope, stage if summed_up else None, listed=bool(stage or not summed_up)
    )
    columns: dict[str, list[Any]] = defaultdict(list)
    for row in view["dossiers"]:
        columns[row["stage"]].append(row)
    chosen = [row for row in view["dossiers"] if row["stage"] == stage] if stage else []
    children = child_rows(code, view["cells"], scope.today) if summed_up else []
    shown = [c["cell"] for c in view["cells"]] if not summed_up else []
    return render_template(
        "pages/dossiers.html",
        **common(code),
        view=view,
        today=scope.today,
        columns=columns,
        open_stages=OPEN_STAGES,
        closed_stages=CLOSED,
        stage=stage,
        chosen=chosen,
        per_stage=CARDS_PER_STAGE,
        names=names_of([*shown, *(c["org"] for c in children)]),
        cell_rows=[cell_row(c) for c in view["cells"]] if not summed_up else [],
        child_rows=children,
        child_total=child_total(children),
        averages=average_days(scope.dossiers, pipeline.workdays_calendar()),
    )


def child_rows(code: str, cells: list[dict[str, Any]], day: Any) -> list[dict[str, Any]]:
    """The board of an organization above the commune, by child organization on the day: the
    dossiers of each child's subtree by stage (open stages one by one, closed ones together),
    for the children the person may read; a cell kept by `code` itself is a row of its own."""
    q = queries()
    person = user()
    owner = {cell: child for child in q.children(code, day) for cell in q.subtree(child, day)}
    counts: dict[str, dict[Stage, int]] = {}
    for child in q.children(code, day):
        if access.can_read(person, child, day):
            counts[child] = dict.fromkeys(Stage, 0)
    for row in cells:
        into = counts.setdefault(owner.get(row["cell"], code), dict.fromkeys(Stage, 0))
        for s, n in row["by_stage"].items():
            into[Stage(s)] += n
    return [_child_row(org, by_stage) for org, by_stage in counts.items()]


def _child_row(org: str, by_stage: dict[Stage, int]) -> dict[str, Any]:
    return {
        "org": org,
        "open": {s: by_stage[Stage(s)] for s in OPEN_STAGES},
        "closed": sum(by_stage[Stage(s)] for s in CLOSED),
        "total": sum(by_stage.values()),
    }


def child_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of the children's rows added up: the board's total, stage by stage."""
    return {
        "open": {s: sum(r["open"][s] for r in rows) for s in OPEN_STAGES},
        "closed": sum(r["closed"] for r in rows),
        "total": sum(r["total"] for r in rows),
    }


ADMITTED = ("probation", "awaiting_recognition", "official")
STOPPED = ("struck_off", "refused", "withdrawn")


def cell_row(counts: dict[str, Any]) -> dict[str, Any]:
    """A cell's dossiers in three parts that add up to all of them: before admission (in
    progress or suspended), admitted (on probation or official), stopped."""
    by_stage = counts["by_stage"]
    return {
        "cell": counts["cell"],
        "open": sum(n for s, n in by_stage.items() if s not in ADMITTED and s not in STOPPED),
        "admitted": sum(by_stage[s] for s in ADMITTED),
        "stopped": sum(by_stage[s] for s in STOPPED),
        "total": sum(by_stage.values()),
    }


@bp.get("/orgs/<code>/dossiers/deadlines")
@page_login_required
def deadlines(code: str) -> ResponseReturnValue:
    """Overdue deadlines (red) and those due within 7 days (amber)."""
    scope = visible_scope(code, arg_date("as_of"))
    lists = deadline_lists(
        scope.dossiers, scope.today, pipeline.workdays_calendar(), scope.targets, DUE_SOON_DAYS
    )
    return render_template(
        "pages/dossiers_deadlines.html",
        **common(code),
        today=scope.today,
        lists=lists,
        within=DUE_SOON_DAYS,
        names=names_of(r.cell for r in [*lists.overdue, *lists.due_soon]),
    )


@bp.get("/orgs/<code>/dossiers/agenda")
@page_login_required
def agenda(code: str) -> ResponseReturnValue:
    """The next review meeting: dossiers ready for the competent body, oldest first."""
    scope = visible_scope(code, arg_date("as_of"))
    items = agenda_rows(
        review_agenda(scope.dossiers, scope.today, pipeline.workdays_calendar()), scope.today
    )
    codes = [i["cell"] for i in items] + [c for i in items for c in i["competent"]]
    return render_template(
        "pages/dossiers_agenda.html",
        **common(code),
        today=scope.today,
        items=items,
        names=names_of(codes),
    )


@bp.get("/orgs/<code>/dossiers/forecast")
@page_login_required
def forecast(code: str) -> ResponseReturnValue:
    """This year's quota forecast against each plan."""
    day = arg_date("as_of") or registry().today()
    result = reads.forecast(code, day)
    return render_template(
        "pages/dossiers_forecast.html", **common(code), today=day, year=day.year, result=result
    )


@bp.route("/orgs/<code>/dossiers/settings", methods=["GET", "POST"])
@page_login_required
def settings(code: str) -> ResponseReturnValue:
    """The settings in force; officers set the service target and the certificates' validity."""
    access.require_read(code)
    errors: dict[str, list[str]] = {}
    refusal: RuleViolation | None = None
    values: dict[str, str] = {}
    if request.method == "POST":
        access.require_officer(code)
        values = dict(request.form)
        values.pop("csrf_token", None)
        try:
            message = change_settings(code, values)
        except RuleViolation as error:
            refusal = error
        except InvalidValue as error:
            errors = {error.field: [error.message]}
        else:
            if message is None:
                errors = {"_schema": [_("Chưa nhập thay đổi nào.")]}
            else:
                flash(message)
                return redirect(url_for("pages_dossiers.settings", code=code))
    info = org_info(code)
    page = render_template(
        "pages/dossiers_settings.html",
        **common(code),
        settings=settings_view(code),
        today=registry().today(),
        values=values,
        errors=errors,
        refusal=refusal,
        grants=info.kind == OrgKind.GRASSROOTS_COMMITTEE.value and user().org != code,
    )
    return page, 422 if (errors or refusal) else 200


def whole(raw: str | None, field: str, low: int, high: int) -> int | None:
    """A whole number typed in a form, or None when left empty."""
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise InvalidValue(field, f"must be {low}-{high}")
    return int(text)


def send(*commands: Command) -> None:
    """Through the front door, in one save, once the user may write all they write."""
    require_writable(user(), *commands)
    handle(registry(), *commands, recorded_by=user().name, key_scope=user().org)


def change_settings(code: str, form: dict[str, str]) -> str | None:
    """Apply what the settings form asks; the flash message, or None when nothing was asked."""
    document = (form.get("document_no") or "").strip()[:100] or None
    action = form.get("action", "")
    if action in ("grant", "revoke"):
        if user().org == code or org_info(code).kind != OrgKind.GRASSROOTS_COMMITTEE.value:
            abort(403)
        from_on = arg_date("from_on", allow_future=True)
        if from_on is None:
            raise InvalidValue("from_on", "is required")
        kind = GrantAdmissionAuthority if action == "grant" else RevokeAdmissionAuthority
        send(kind(code, from_on, document or ""))
        return _("Đã ghi việc ủy quyền kết nạp đảng viên.")
    if action == "clear_target":
        send(SetServiceTarget(code, None, document_no=document))
        return _("Đã bỏ chỉ tiêu thời gian riêng của tổ chức này.")
    days = whole(form.get("service_target_days"), "service_target_days", 1, 366)
    years = whole(form.get("certificate_years"), "certificate_years", 1, 10)
    if days is None and years is None:
        return None
    changes: list[Command] = []
    if days is not None:
        working = form.get("working_days", "true") != "false"
        changes.append(SetServiceTarget(code, days, working, document))
    if years is not None:
        changes.append(SetCertificateValidity(code, years, document))
    send(*changes)
    return _("Đã ghi thiết lập quy trình kết nạp.")
