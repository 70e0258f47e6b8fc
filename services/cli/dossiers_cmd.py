"""`sodang dossiers open|step|show|list|overdue|agenda|forecast|settings|authority`: admission dossiers."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import click

from domain.admission.dossier import Stage
from domain.admission.workdays import default_calendar
from services.admission import pipeline
from services.admission.views import deadline_lists, describe, review_agenda, stage_counts
from services.cli import dossier_writes
from services.cli.context import domain_errors, registry
from services.cli.dossier_writes import DATE


@click.group()
def command() -> None:
    """Admission dossiers (hồ sơ kết nạp đảng viên), from the source list to official member."""


# The writes (services/cli/dossier_writes.py), under the same group.
command.add_command(dossier_writes.open_, "open")
command.add_command(dossier_writes.step_, "step")
command.add_command(dossier_writes.settings, "settings")
command.add_command(dossier_writes.authority, "authority")


def day_of(value: datetime | None) -> date | None:
    return value.date() if value else None


@command.command("show")
@click.argument("dossier_id", type=click.UUID)
@click.option("--as-of", type=DATE, default=None, help="Day the deadlines are read on (today).")
@domain_errors
def show(dossier_id: UUID, as_of: datetime | None) -> None:
    """Show a dossier: its steps, what may come next, its running deadlines."""
    reg = registry()
    dossier = pipeline.get_dossier(reg, dossier_id)
    today = day_of(as_of) or reg.today()
    target = pipeline.settings_for(reg, dossier.cell, today).service_target
    seen = describe(dossier, today, default_calendar(), target)
    click.echo(f"{seen['id']}  {seen['candidate']['full_name']}  ({seen['cell']})")
    click.echo(f"  stage: {seen['stage']}{'  (readmission)' if seen['readmission'] else ''}")
    for record in seen["steps"]:
        doc = f"  số {record['document_no']}" if record.get("document_no") else ""
        click.echo(f"  {record['on'].isoformat()}  {record['step']:<22} {record['actor']}{doc}")
    click.echo(f"  next: {', '.join(seen['next_steps']) or '-'}")
    for d in seen["deadlines"]:
        state = "OVERDUE" if d["overdue"] else f"{d['days_left']} days left"
        click.echo(f"  deadline {d['kind']}: {d['due_on'].isoformat()} ({state}) — {d['basis']}")


@command.command("list")
@click.argument("org")
@click.option("--stage", type=click.Choice([s.value for s in Stage]), default=None)
@domain_errors
def list_(org: str, stage: str | None) -> None:
    """The pipeline of an organization's subtree, by stage."""
    scope = pipeline.scope(registry(), org)
    table = stage_counts(scope.dossiers)
    shown = [s for s in Stage if table["total"][s]]
    width = max([len(cell) for cell in table] + [4]) + 2
    click.echo("cell".ljust(width) + "".join(f"{s.value:>{len(s.value) + 2}}" for s in shown))
    for cell, counts in table.items():
        click.echo(cell.ljust(width) + "".join(f"{counts[s]:>{len(s.value) + 2}}" for s in shown))
    if stage:
        for d in sorted(scope.dossiers, key=lambda d: (d.cell, d.opened_on)):
            if d.stage == Stage(stage):
                click.echo(f"  {d.id}  {d.cell}  {d.candidate_data['full_name']}  {d.opened_on}")


@command.command("overdue")
@click.argument("org")
@click.option("--as-of", type=DATE, default=None, help="Day to read the lists on (today).")
@click.option("--within", default=7, show_default=True, help="Due within this many days.")
@domain_errors
def overdue(org: str, as_of: datetime | None, within: int) -> None:
    """Overdue dossiers, then those due within 7 days, in an organization's subtree."""
    scope = pipeline.scope(registry(), org, day_of(as_of))
    lists = deadline_lists(scope.dossiers, scope.today, default_calendar(), scope.targets, within)
    for title, rows in (
        ("Quá hạn (overdue)", lists.overdue),
        (f"Đến hạn trong {within} ngày", lists.due_soon),
    ):
        click.echo(f"{title}: {len(rows)}")
        for r in rows:
            click.echo(
                f"  {r.deadline.due_on.isoformat()} ({r.days_left:+d})  {r.deadline.kind.value:<20} "
                f"{r.cell}  {r.candidate}  {r.dossier_id}"
            )


@command.command("agenda")
@click.argument("org")
@click.option("--as-of", type=DATE, default=None)
@domain_errors
def agenda(org: str, as_of: datetime | None) -> None:
    """Dossiers ready for the competent body's next review meeting, oldest first."""
    scope = pipeline.scope(registry(), org, day_of(as_of))
    for i in review_agenda(scope.dossiers, scope.today, default_calendar()):
        click.echo(
            f"{i.ready_on.isoformat()}  due {i.decision_due_on.isoformat()}  {i.cell}  "
            f"{i.candidate}  {i.dossier_id}"
        )


@command.command("forecast")
@click.argument("org")
@click.option("--year", type=int, default=None, help="Year of the plans (this year).")
@click.option(
    "--plan", "plans", multiple=True, help="name=target (default: the organization's quotas)."
)
@domain_errors
def forecast(org: str, year: int | None, plans: tuple[str, ...]) -> None:
    """Quota forecast: admitted so far + decided awaiting ceremony + awaiting decision."""
    reg = registry()
    targets = {}
    for item in plans:
        name, _, value = item.rpartition("=")
        if not name or not value.isdigit():
            raise click.BadParameter(f"{item!r}: expected name=number", param_hint="--plan")
        targets[name] = int(value)
    result = pipeline.forecast(reg, org, year, targets or None)
    click.echo(
        f"admitted {result.admitted} + awaiting ceremony {result.awaiting_ceremony} + awaiting "
        f"decision {result.awaiting_decision} = {result.forecast} "
        f"(preparing {result.preparing}, suspended {result.suspended})"
    )
    for p in result.plans:
        click.echo(f"  {p.plan}: {p.forecast}/{p.target} = {p.percent}%  (missing {p.gap})")
