"""`sodang dossiers open|step|show|list|overdue|agenda|forecast|settings|authority`: admission dossiers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import click
from marshmallow import ValidationError

from domain.admission.dossier import Stage, Step
from domain.admission.workdays import default_calendar
from domain.roll.values import Education, PoliticalTheory, Sector, Sex
from services.admission import pipeline
from services.admission.bodies import parse_open, parse_step
from services.admission.views import deadline_lists, describe, review_agenda, stage_counts
from services.cli.context import domain_errors, registry

DATE = click.DateTime(["%Y-%m-%d"])
STEP_NAMES = [s.value for s in Step if s != Step.SOURCE_LISTED]


@click.group()
def command() -> None:
    """Admission dossiers (hồ sơ kết nạp đảng viên), from the source list to official member."""


def day_of(value: datetime | None) -> date | None:
    return value.date() if value else None


def invalid(error: ValidationError) -> click.ClickException:
    return click.ClickException(f"invalid body: {error.messages}")


@command.command("open")
@click.argument("cell")
@click.option("--on", "on", required=True, type=DATE, help="Day put on the source list.")
@click.option("--national-id", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--sex", required=True, type=click.Choice([s.value for s in Sex]))
@click.option("--birth-date", required=True, type=DATE)
@click.option("--ethnicity", default="Kinh", show_default=True)
@click.option("--religion", default=None)
@click.option("--education", required=True, type=click.Choice([e.value for e in Education]))
@click.option(
    "--political-theory", default="none", type=click.Choice([p.value for p in PoliticalTheory])
)
@click.option("--youth-union/--no-youth-union", default=False)
@click.option("--sector", required=True, type=click.Choice([s.value for s in Sector]))
@click.option("--actor", default="", help="Who put the candidate on the list.")
@click.option("--doc", "document_no", default=None, help="Document number.")
@click.option("--exemption", default=None, help="Guidance applying below lower secondary.")
@click.option("--key", default=None, help="Client key: the same key opens the dossier once.")
@click.option("--by", "recorded_by", default="cli", show_default=True)
@domain_errors
def open_(cell: str, on: datetime, birth_date: datetime, **options: Any) -> None:
    """Put a candidate on a cell's source list: a new dossier."""
    candidate = {
        name: options[name]
        for name in (
            "national_id",
            "full_name",
            "sex",
            "ethnicity",
            "religion",
            "education",
            "youth_union",
            "sector",
        )
    }
    candidate["political_theory"] = options["political_theory"]
    candidate["birth_date"] = birth_date.date().isoformat()
    body: dict[str, Any] = {"on": on.date().isoformat(), "candidate": candidate}
    for name, key in (
        ("actor", "actor"),
        ("document_no", "document_no"),
        ("exemption", "education_exemption"),
        ("key", "id"),
    ):
        if options[name]:
            body[key] = options[name]
    try:
        command_ = parse_open(cell, body)
    except ValidationError as error:
        raise invalid(error) from None
    dossier = pipeline.open_dossier(registry(), command_, options["recorded_by"])
    click.echo(f"Opened dossier {dossier.id} in {dossier.cell} for {candidate['full_name']}")


@command.command("step")
@click.argument("dossier_id", type=click.UUID)
@click.argument("step", type=click.Choice(STEP_NAMES))
@click.option("--on", "on", required=True, type=DATE, help="Day of the step (of its document).")
@click.option("--actor", default=None)
@click.option("--doc", "document_no", default=None, help="Document number.")
@click.option("--note", default=None)
@click.option(
    "--introducer", "introducers", multiple=True, help="National ID or member id (twice)."
)
@click.option("--set", "values", multiple=True, help="Other field: name=value (repeatable).")
@click.option("--by", "recorded_by", default="cli", show_default=True)
@domain_errors
def step_(
    dossier_id: UUID,
    step: str,
    on: datetime,
    introducers: tuple[str, ...],
    values: tuple[str, ...],
    recorded_by: str,
    **options: Any,
) -> None:
    """Record a step, e.g. `step ID cell_resolved --on 2024-06-20 --set votes_for=9 ...`."""
    body: dict[str, Any] = {"step": step, "on": on.date().isoformat()}
    body.update({k: v for k, v in options.items() if v is not None})
    if introducers:
        body["introducers"] = [introducer_ref(i) for i in introducers]
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected name=value", param_hint="--set")
        body[name.strip()] = value.strip()
    try:
        command_ = parse_step(body)
    except ValidationError as error:
        raise invalid(error) from None
    dossier = pipeline.record_step(registry(), dossier_id, command_, recorded_by)
    click.echo(f"{dossier.id}: {step} recorded; stage {dossier.stage.value}")


def introducer_ref(value: str) -> dict[str, str]:
    try:
        return {"member_id": str(UUID(value))}
    except ValueError:
        return {"national_id": value}


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


@command.command("settings")
@click.argument("org")
@click.option("--target-days", type=int, default=None, help="Service target, receipt to decision.")
@click.option("--calendar-days", is_flag=True, help="Count the target in calendar days.")
@click.option("--certificate-years", type=int, default=None, help="Course certificate validity.")
@click.option("--doc", "document_no", default=None)
@click.option("--by", "recorded_by", default="cli", show_default=True)
@domain_errors
def settings(
    org: str,
    target_days: int | None,
    calendar_days: bool,
    certificate_years: int | None,
    document_no: str | None,
    recorded_by: str,
) -> None:
    """Set an organization's pipeline settings for its subtree, or show those in force."""
    reg = registry()
    if target_days is not None:
        pipeline.set_service_target(
            reg,
            org,
            target_days,
            working_days=not calendar_days,
            document_no=document_no,
            recorded_by=recorded_by,
        )
    if certificate_years is not None:
        pipeline.set_certificate_validity(
            reg, org, certificate_years, document_no=document_no, recorded_by=recorded_by
        )
    found = pipeline.settings_for(reg, org)
    target = found.service_target
    shown = (
        "-"
        if target is None
        else (
            f"{target.days} {'working' if target.working_days else 'calendar'} days (set by {target.set_by})"
        )
    )
    click.echo(f"{org}: certificate valid {found.certificate_years} years; service target {shown}")


@command.command("authority")
@click.argument("committee")
@click.argument("action", type=click.Choice(["grant", "revoke"]))
@click.option("--from", "from_on", required=True, type=DATE)
@click.option("--doc", "document_no", required=True)
@click.option("--by", "recorded_by", default="cli", show_default=True)
@domain_errors
def authority(
    committee: str, action: str, from_on: datetime, document_no: str, recorded_by: str
) -> None:
    """Authorise a grassroots committee to decide admissions from a day, or end it."""
    change = (
        pipeline.grant_admission_authority
        if action == "grant"
        else pipeline.revoke_admission_authority
    )
    change(
        registry(),
        committee,
        from_on=from_on.date(),
        document_no=document_no,
        recorded_by=recorded_by,
    )
    click.echo(f"{committee}: authority to admit {action}ed from {from_on.date().isoformat()}")
