"""An organization's dashboard and the member lists it drills down to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.errors import NotFound
from domain.roll.values import add_months
from projections.results import Indicators, RollMember, RollupNode, SeriesPoint, Share
from web import auth, reads
from web.exports import FLOW_FIELDS, INDICATOR_FIELDS
from web.pages import charts, pickers
from web.pages.context import (
    OrgInfo,
    arg_date,
    arg_known_at,
    arg_period,
    holds_members,
    local_input,
    may_use_known_at,
    org_info,
    page_login_required,
    queries,
    readable,
    today,
    user,
)
from web.pages.i18n import _, current_lang, day, number, percent
from web.pages.territory import PARAM as COMPARE_PARAM
from web.pages.territory import compare
from web.pages.views_lineage import ending, named_codes, related
from web.permissions import access
from web.translations.labels import label

bp = Blueprint("pages_dashboard", __name__)
PAGE_SIZE = 200
TREE_DEPTH = 2


@dataclass(frozen=True)
class View:
    """The moment a page describes: a valid-time day and, for auditors, a knowledge time."""

    as_of: date
    known_at: datetime | None
    today: date

    @property
    def args(self) -> dict[str, str]:
        """Query-string arguments that keep the same moment on the next page."""
        args = {"as_of": self.as_of.isoformat()}
        if self.known_at is not None:
            args["known_at"] = local_input(self.known_at)
        return args


def current_view(info: OrgInfo | None = None) -> View:
    """The day asked for; by default today, or an ended organization's last day."""
    now = today()
    last = info.last_day if info is not None else None
    default = last if last is not None and last < now else now
    return View(arg_date("as_of", default) or default, arg_known_at(), now)


@bp.get("/")
def home() -> ResponseReturnValue:
    """Each person lands on their own organization."""
    person = auth.current_user()
    if person is None:
        return redirect(url_for("pages_auth.login_form"))
    return redirect(url_for("pages_dashboard.dashboard", code=person.org))


@bp.get("/orgs/<code>")
@page_login_required
def dashboard(code: str) -> ResponseReturnValue:
    """Roll, roll-up, flows, standings and charts of one organization on one day."""
    info = org_info(code)
    view = current_view(info)
    readable(code, view.as_of)
    q = queries()
    year_start = date(view.as_of.year, 1, 1)
    period = arg_period(str(view.as_of.year))
    try:
        tree = q.rollup(code, as_of=view.as_of, known_at=view.known_at, depth=TREE_DEPTH)
        flows = reads.flows(code, year_start, view.as_of, known_at=view.known_at)
        indicators = reads.indicators(
            code, year_start, view.as_of, known_at=view.known_at, as_of=view.as_of
        )
        standing = reads.standing(code, period, as_of=view.as_of, known_at=view.known_at)
        first = add_months(date(view.as_of.year, view.as_of.month, 1), -23)
        _, _, points = reads.series(code, first, view.as_of, known_at=view.known_at)
        lineage = q.lineage(code)
        territory = compare(info, view.as_of, view.known_at)
    except NotFound:
        abort(404)
    return render_template(
        "pages/dashboard.html",
        org=info,
        view=view,
        tree=tree,
        names=names_in(tree),
        flows=flows,
        flow_fields=FLOW_FIELDS,
        indicators=indicators,
        indicator_fields=INDICATOR_FIELDS,
        standing=standing,
        period=period,
        points=points,
        charts=dashboard_charts(points, indicators),
        can_write=access.can_write(user(), code),
        can_set_quota=access.can_write(user(), code) and user().role == "officer",
        auditor=may_use_known_at(),
        holds_members=holds_members(info.kind),
        lineage=lineage,
        ending=ending(lineage),
        orgs=related(named_codes(lineage)),
        territory=territory,
        compare_param=COMPARE_PARAM,
        picker=pickers.subtree(view.as_of),
    )


def names_in(tree: RollupNode) -> dict[str, str]:
    """Code → name of every organization shown in the roll-up tree."""
    names = {tree.code: tree.name}
    for child in tree.children:
        names.update(names_in(child))
    return names


def month_label(value: date) -> str:
    return value.strftime("%m/%y")


def dashboard_charts(points: list[SeriesPoint], indicators: Indicators) -> dict[str, charts.Chart]:
    """The roll over time, admissions by month and the composition of this year's admissions;
    each value with its text as the page writes it, each month end as a whole day."""
    labels = [month_label(p.day) for p in points]
    titles = [day(p.day) for p in points]
    totals = tuple(p.total for p in points)
    admitted = tuple(p.admitted for p in points)
    roll = charts.over_time(
        "line",
        _("Số đảng viên theo tháng"),
        labels,
        titles,
        [charts.Series(_("Tổng số"), totals, tuple(map(number, totals)), charts.COLORS[0])],
        zoom=True,
    )
    admissions = charts.over_time(
        "bar",
        _("Kết nạp mới theo tháng"),
        labels,
        titles,
        [charts.Series(_("Kết nạp"), admitted, tuple(map(number, admitted)), charts.COLORS[3])],
    )
    fresh = [getattr(indicators, name) for name in INDICATOR_FIELDS]
    whole = [getattr(indicators.roll, name) for name in INDICATOR_FIELDS]
    composition = charts.shares(
        _("Cơ cấu đảng viên mới kết nạp"),
        [label("indicator", name, current_lang()) for name in INDICATOR_FIELDS],
        [
            share_series(_("Kết nạp mới"), fresh, charts.COLORS[1]),
            share_series(_("Toàn bộ đảng viên"), whole, charts.COLORS[2]),
        ],
    )
    return {"roll": roll, "admissions": admissions, "composition": composition}


def share_series(name: str, values: list[Share], color: str) -> charts.Series:
    """Percentages of one group; each shown as "12 (34,5%)"."""
    return charts.Series(
        name,
        tuple(float(s.percent or 0) for s in values),
        tuple(f"{number(s.count)} ({percent(s.percent)})" for s in values),
        color,
    )


@bp.get("/orgs/<code>/roll")
@page_login_required
def roll(code: str) -> ResponseReturnValue:
    """The members on the roll on a day: of a cell, or of everything under a committee."""
    info = org_info(code)
    view = current_view(info)
    readable(code, view.as_of)
    try:
        result = queries().roll(
            code, as_of=view.as_of, known_at=view.known_at, subtree=not holds_members(info.kind)
        )
    except NotFound:
        abort(404)
    members = filter_members(result.members)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    pages = max(1, -(-len(members) // PAGE_SIZE))
    page = min(page, pages)
    shown = members[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render_template(
        "pages/roll.html",
        org=info,
        view=view,
        roll=result,
        members=shown,
        found=len(members),
        first_number=(page - 1) * PAGE_SIZE + 1,
        page=page,
        pages=pages,
        search=request.args.get("q", ""),
        status=request.args.get("status", ""),
        can_write=access.can_write(user(), code),
        holds_members=holds_members(info.kind),
        auditor=may_use_known_at(),
    )


def filter_members(members: list[RollMember]) -> list[RollMember]:
    """Members whose name contains `q` (any case) and of the chosen `status`."""
    text = request.args.get("q", "").strip().casefold()
    status = request.args.get("status", "")
    chosen = []
    for member in members:
        value = getattr(member.status, "value", member.status)
        if status and value != status:
            continue
        if text and text not in member.full_name.casefold():
            continue
        chosen.append(member)
    return chosen
