"""The search page (tìm kiếm): organizations and members the person reaches on a day.

The box in every page's header sends here. Names come first, with the code small beside
them; a member links to their page in the cell they were in on the day searched.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.roll.values import CODE_PATTERN
from projections.reading.search import MIN_LENGTH, Found
from web import search
from web.pages.context import arg_date, page_login_required, today
from web.pages.i18n import _

bp = Blueprint("pages_search", __name__)


@bp.route("/search")
@page_login_required
def search_page() -> ResponseReturnValue:
    """Results for `q` on `as_of` (default today); a short query says how long it must be."""
    text = " ".join(request.args.get("q", "").split())
    day = arg_date("as_of") or today()
    found: Found | None = None
    problem = None
    if text and len(text) < MIN_LENGTH:
        problem = _("Nhập ít nhất {n} ký tự để tìm.", n=MIN_LENGTH)
    elif text:
        found = search.search(text, day)
    status = 400 if problem else 200
    return render_template(
        "pages/search.html", q=text, as_of=day, found=found, problem=problem
    ), status


@bp.route("/go")
@page_login_required
def go() -> ResponseReturnValue:
    """The tree picker's target: the chosen organization's page on the day shown. It reads
    nothing itself; the organization's page decides what the person may see."""
    code = request.args.get("code", "")
    if not CODE_PATTERN.match(code):
        abort(404)
    as_of = arg_date("as_of")
    if as_of is None:
        return redirect(url_for("pages_dashboard.dashboard", code=code))
    return redirect(url_for("pages_dashboard.dashboard", code=code, as_of=as_of.isoformat()))
