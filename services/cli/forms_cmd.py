"""`sodang forms ORG PERIOD`: the statistics forms (biểu thống kê) compiled from the log."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from services.cli.context import domain_errors, registry
from services.cli.report_cmd import parse_moment
from services.integrity.wiring import current_head
from services.reports.forms_workbook import period_text, stamp_lines, to_workbook


def forms_json(forms: CompiledForms) -> dict[str, object]:
    """The compilation in JSON values: what the forms say, where it was read, its digest."""
    return {**forms.content(), "position": forms.position, "digest": forms.digest()}


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@click.command()
@click.argument("org")
@click.argument("period")
@click.option(
    "--structure",
    type=click.Choice([s.value for s in Structure]),
    default=Structure.AS_STRUCTURED.value,
    show_default=True,
    help="as_structured: the tree of each day; restated: onto today's organizations",
)
@click.option("--known-at", default=None, help="as known at, ISO time (default: now)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None)
@domain_errors
def command(
    org: str, period: str, structure: str, known_at: str | None, fmt: str, xlsx: Path | None
) -> None:
    """The three forms of ORG for PERIOD (2024, 2025-H1 or 2024-01-01..2024-03-31):
    increases and decreases, new admissions, the whole membership."""
    from projections.forms.compiler import compile_forms
    from projections.queries import Queries

    reg = registry()  # catches the projections up first
    queries = Queries(reg.settings, clock=reg.clock)
    chosen = Period.parse(period)
    forms = compile_forms(queries, org, chosen, Structure(structure), parse_moment(known_at))
    tree = current_head(reg, forms.position)
    if xlsx is not None:
        xlsx.write_bytes(to_workbook(forms, tree.root_hex))
        click.echo(f"{xlsx}: {len(forms.forms)} biểu, mã kiểm tra {forms.digest()}")
        return
    if fmt == "json":
        data = {**forms_json(forms), "log": {"position": tree.position, "tree_head": tree.root_hex}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    for form in forms.forms:
        table = Table(title=f"{form.title} — {forms.org_name} — {period_text(forms)}")
        for head in ("Mã số", "Chỉ tiêu", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tỷ lệ (%)"):
            table.add_column(head)
        for row in form.rows:
            label = "  " * row.level + row.label
            table.add_row(row.code, label, *(_shown(v) for v in row.values))
        console.print(table)
        for check in form.checks:
            verdict = "khớp" if check.holds else "KHÔNG KHỚP"
            console.print(f"{check.label} ({check.column}): {check.left} = {check.right} {verdict}")
    for key, value in stamp_lines(forms, tree.root_hex):
        console.print(f"{key}: {value}")
    if not forms.balanced:
        raise SystemExit(1)
