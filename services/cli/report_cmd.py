"""`sodang report roll|rollup|flows|indicators|standing ORG`: figures from the projections."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from projections.counts import presentation as p
from services.cli.context import domain_errors, registry
from services.config import TIMEZONE
from services.day_input import BadDay, parse_past_day
from services.day_input import parse_day as parse_any_day
from services.integrity.wiring import current_head, stamp_text
from services.reports.spreadsheet_cells import csv_row

FORMATS = click.Choice(["table", "json", "csv"])


def parse_day(value: str | None, name: str) -> date | None:
    """YYYY-MM-DD or dd/mm/yyyy; a day of the figures (--as-of, --to) after today is refused:
    figures of a day to come are not facts."""
    if value is None:
        return None
    try:
        if name in ("--as-of", "--to"):
            return parse_past_day(value, datetime.now(TIMEZONE).date())
        return parse_any_day(value)
    except BadDay as bad:
        raise click.BadParameter(str(bad), param_hint=name) from None


def parse_moment(value: str | None) -> datetime | None:
    """An ISO instant; without a zone it is Vietnam time; a bare date means the end of that day."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time.max, TIMEZONE)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+07:00])",
            param_hint="--known-at",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(UTC)


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.argument("org"),
            click.option("--as-of", default=None, help="YYYY-MM-DD (default: today)"),
            click.option("--known-at", default=None, help="as known at, ISO time (default: now)"),
            click.option("--format", "fmt", type=FORMATS, default="table", show_default=True),
        ]
    ):
        func = option(func)
    return domain_errors(func)


def period_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--to", "date_to", default=None, help="YYYY-MM-DD (default: as of)")(func)
    return click.option("--from", "date_from", default=None, help="YYYY-MM-DD (default: 1 Jan)")(
        func
    )


def _queries() -> Any:
    from projections.queries import Queries

    reg = registry()  # catches the projections up first
    queries = Queries(reg.settings, clock=reg.clock)
    # The stamp: the log's tree head at the position the figures are read from.
    click.get_current_context().meta["tree_head"] = current_head(reg, queries.position())
    return queries


def _period(
    q: Any, date_from: str | None, date_to: str | None, as_of: str | None
) -> tuple[date, date]:
    last = parse_day(date_to, "--to") or parse_day(as_of, "--as-of") or q.today()
    first = parse_day(date_from, "--from") or date(last.year, 1, 1)
    if first > last:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    return first, last


def emit(
    fmt: str,
    result: Any,
    title: str,
    head: list[str],
    rows: list[list[Any]],
    notes: Sequence[str] = (),
) -> None:
    """The result as a rich table (Vietnamese labels), JSON (every field) or CSV (the rows)."""
    # The stamp: the log's tree head at the position the figures were read from.
    tree = click.get_current_context().meta.get("tree_head")
    stamp = f"Sổ sự kiện (log): {stamp_text(tree)}" if tree else ""
    if fmt == "json":
        data = json.loads(p.to_json(result))
        if tree:
            data["log"] = {"size": tree.size, "position": tree.position, "tree_head": tree.root_hex}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(csv_row(head))
        writer.writerows(csv_row(row) for row in rows)
        if stamp:
            sys.stdout.flush()
            click.echo(stamp, err=True)  # stdout stays plain CSV
        return
    table = Table(title=title)
    for column in head:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(value) for value in row))
    console = Console()
    if not console.is_terminal:  # piped or captured: do not wrap Vietnamese labels at 80 columns
        console = Console(width=160)
    console.print(table)
    for note in [*notes, stamp] if stamp else notes:
        console.print(note)


@click.group()
def command() -> None:
    """Reports (báo cáo): rolls, roll-ups, flows, indicators and quota standings."""


@command.command("roll")
@common
@click.option("--subtree", is_flag=True, help="Include every organization under ORG.")
def roll(org: str, as_of: str | None, known_at: str | None, fmt: str, subtree: bool) -> None:
    """Members on the roll (danh sách đảng viên) on a date."""
    q = _queries()
    result = q.roll(org, parse_day(as_of, "--as-of"), parse_moment(known_at), subtree=subtree)
    head, rows = p.roll_rows(result)
    notes = [
        f"Tổng số: {result.total} — Dự bị: {result.probationary} — Chính thức: {result.official}"
    ]
    emit(fmt, result, f"Danh sách đảng viên {org} ngày {result.as_of}", head, rows, notes)


@command.command("rollup")
@common
@click.option(
    "--depth", type=click.IntRange(0), default=1, show_default=True, help="Levels below ORG."
)
def rollup(org: str, as_of: str | None, known_at: str | None, fmt: str, depth: int) -> None:
    """Members per organization from ORG down (tổng hợp số lượng đảng viên)."""
    q = _queries()
    day = parse_day(as_of, "--as-of") or q.today()
    result = q.rollup(org, day, parse_moment(known_at), depth=depth)
    emit(fmt, result, f"Số lượng đảng viên ngày {day}", p.ROLLUP_HEAD, p.rollup_rows(result))


@command.command("restated")
@common
@click.option(
    "--depth", type=click.IntRange(0), default=1, show_default=True, help="Levels below ORG."
)
@click.option(
    "--structure-on", default=None, help="YYYY-MM-DD: the structure shown (default: today)"
)
def restated(
    org: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str,
    depth: int,
    structure_on: str | None,
) -> None:
    """AS_OF's members on today's structure, beside today's (so sánh cùng địa bàn)."""
    q = _queries()
    day = parse_day(as_of, "--as-of")
    if day is None:
        raise click.UsageError("--as-of is required: the past day to restate")
    on = parse_day(structure_on, "--structure-on")
    result = q.restated(org, day, on, parse_moment(known_at), depth=depth)
    title = (
        f"Số lượng đảng viên ngày {day} theo tổ chức ngày {result.structure_on} "
        f"(quy đổi về tổ chức kế thừa)"
    )
    emit(fmt, result, title, p.RESTATED_HEAD, p.restated_rows(result.then, result.now))


@command.command("flows")
@common
@period_options
def flows(
    org: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str,
    date_from: str | None,
    date_to: str | None,
) -> None:
    """Admissions, transfers and removals in a period (biến động đảng viên)."""
    q = _queries()
    first, last = _period(q, date_from, date_to, as_of)
    result = q.flows(org, first, last, parse_moment(known_at))
    emit(
        fmt,
        result,
        f"Biến động đảng viên {org} từ {first} đến {last}",
        ["Chỉ tiêu", "Số lượng"],
        p.flow_rows(result),
    )


@command.command("indicators")
@common
@period_options
def indicators(
    org: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str,
    date_from: str | None,
    date_to: str | None,
) -> None:
    """Shares among those admitted in a period and over the whole roll (cơ cấu)."""
    q = _queries()
    first, last = _period(q, date_from, date_to, None)
    result = q.indicators(org, first, last, parse_moment(known_at), parse_day(as_of, "--as-of"))
    title = f"Cơ cấu đảng viên kết nạp {org} từ {first} đến {last}"
    emit(fmt, result, title, p.INDICATOR_HEAD, p.indicator_rows(result))


@command.command("standing")
@common
@click.option("--period", required=True, help="A year (2020) or a term (2015-2020).")
@click.option("--idle-years", type=click.IntRange(1), default=3, show_default=True)
def standing(
    org: str, as_of: str | None, known_at: str | None, fmt: str, period: str, idle_years: int
) -> None:
    """Admissions against the quotas (kết quả thực hiện chỉ tiêu kết nạp)."""
    q = _queries()
    result = q.standing(
        org, period, parse_day(as_of, "--as-of"), parse_moment(known_at), idle_years
    )
    notes = [
        f"Tiến độ dự kiến: {result.expected_percent:.1f}% — "
        + ("[red]có nguy cơ không đạt chỉ tiêu[/red]" if result.at_risk else "đạt tiến độ"),
        f"Tổ chức cơ sở đảng chưa kết nạp ({len(result.without_admissions)}): "
        + (", ".join(result.without_admissions) or "-"),
        f"Chi bộ {idle_years} năm liền chưa kết nạp ({len(result.idle_cells)}): "
        + (", ".join(result.idle_cells) or "-"),
        "Chỉ tiêu giao cho cấp dưới: "
        + (", ".join(f"{k}: {v}" for k, v in result.children_targets_sum.items()) or "-")
        + (" (đủ)" if result.children_add_up else " (chưa đủ)"),
    ]
    emit(
        fmt,
        result,
        f"Chỉ tiêu kết nạp {period} — {org} ngày {result.as_of}",
        p.STANDING_HEAD,
        p.standing_rows(result),
        notes,
    )
