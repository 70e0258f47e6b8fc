"""Download any table of the pages as CSV or XLSX, with the same query string as the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

from flask import Blueprint, Response, abort

from domain.errors import NotFound
from domain.roll.values import add_months
from services.integrity.wiring import current_head
from web import exports, reads
from web.pages.context import (
    arg_date,
    arg_known_at,
    arg_period,
    holds_members,
    now,
    org_info,
    page_login_required,
    queries,
    readable,
    registry,
    today,
    user,
)
from web.pages.history_names import HistoryNames
from web.pages.i18n import current_lang
from web.pages.views_members import load_member

bp = Blueprint("pages_exports", __name__)
FORMATS = {"csv": (exports.to_csv, exports.CSV_TYPE), "xlsx": (exports.to_xlsx, exports.XLSX_TYPE)}


def stamp(
    code: str, as_of: date | None, known_at: datetime | None, position: int | None, **extra: str
) -> exports.Stamp:
    # The log's tree head at the position read: the table can be checked against a checkpoint.
    tree = current_head(registry(), position)
    extra = {**extra, "log_size": str(tree.size), "tree_head": tree.root_hex}
    return exports.Stamp(code, as_of, known_at, position, now(), extra)


def names() -> HistoryNames:
    """Names as the pages give them: as on a day, none for what the reader could not read."""
    return HistoryNames(queries().tree(), user())


def _roll(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    info = org_info(code)
    position = queries().position()
    roll = queries().roll(
        code, as_of=as_of, known_at=known_at, subtree=not holds_members(info.kind)
    )
    return exports.roll_table(roll, stamp(code, as_of, known_at, position), lang, names())


def _rollup(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    position = queries().position()
    tree = queries().rollup(code, as_of=as_of, known_at=known_at)
    return exports.rollup_table(tree, stamp(code, as_of, known_at, position), lang)


def _period() -> tuple[date, date]:
    end = arg_date("to") or arg_date("as_of", today()) or today()
    start = arg_date("from") or date(end.year, 1, 1)
    return start, end


def _flows(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    start, end = _period()
    position = queries().position()
    flows = reads.flows(code, start, end, known_at=known_at)
    start, end = flows.date_from, flows.date_to  # the part the reader may see
    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return exports.flows_table(flows, stamp(code, end, known_at, position, **extra), lang)


def _indicators(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    start, end = _period()
    position = queries().position()
    found = reads.indicators(code, start, end, known_at=known_at, as_of=end)
    start, end = found.date_from, found.date_to
    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return exports.indicators_table(found, stamp(code, end, known_at, position, **extra), lang)


def _standings(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    period = arg_period(str(as_of.year))
    position = queries().position()
    standing = reads.standing(code, period, as_of=as_of, known_at=known_at)
    the_stamp = stamp(code, as_of, known_at, position, period=period)
    return exports.standings_table(standing, the_stamp, lang, names())


def _series(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    end = arg_date("to") or as_of
    start = arg_date("from") or add_months(date(end.year, end.month, 1), -23)
    position = queries().position()
    start, end, points = reads.series(code, start, end, known_at=known_at)
    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return exports.series_table(points, stamp(code, end, known_at, position, **extra), lang)


def _diff(code: str, as_of: date, known_at: datetime | None, lang: str) -> exports.Table:
    if known_at is None:
        abort(404)
    moment = now()
    position = queries().position()
    diff = queries().diff(code, as_of, known_at, moment)
    extra = {"known_at_2": moment.isoformat()}
    the_stamp = stamp(code, as_of, known_at, position, **extra)
    return exports.diff_table(diff, the_stamp, lang, names())


TABLES: dict[str, Callable[[str, date, datetime | None, str], exports.Table]] = {
    "roll": _roll,
    "rollup": _rollup,
    "flows": _flows,
    "indicators": _indicators,
    "standings": _standings,
    "series": _series,
    "diff": _diff,
}


def send(table: exports.Table, fmt: str, code: str) -> Response:
    writer, mimetype = FORMATS[fmt]
    name = f"sodang-{code}-{table.name}-{table.stamp.as_of or ''}.{fmt}"
    # content_type, not mimetype: Flask would add a second "; charset=utf-8" to text/csv.
    response = Response(writer(table, current_lang()), content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/orgs/<code>/export/<name>.<fmt>")
@page_login_required
def export(code: str, name: str, fmt: str) -> Response:
    """A table of the organization's pages as a file."""
    if name not in TABLES or fmt not in FORMATS:
        readable(code)
        abort(404)
    as_of = arg_date("as_of", today()) or today()
    readable(code, as_of)
    try:
        table = TABLES[name](code, as_of, arg_known_at(), current_lang())
    except NotFound:
        abort(404)
    return send(table, fmt, code)


@bp.get("/orgs/<code>/members/<uuid:member_id>/export.<fmt>")
@page_login_required
def member_export(code: str, member_id: UUID, fmt: str) -> Response:
    """A member's whole history as a file."""
    readable(code)
    if fmt not in FORMATS:
        abort(404)
    position = queries().position()
    _view, events = load_member(code, member_id)
    the_stamp = stamp(code, None, arg_known_at(), position, member_id=str(member_id))
    table = exports.history_table(events, the_stamp, current_lang(), names())
    return send(table, fmt, code)
