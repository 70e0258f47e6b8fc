"""`sodang dossiers open|step|settings|authority`: the pipeline's writes, through the front door.

Each command builds its front-door command (services.front_door.commands) from the same bodies
as the API (services.admission.bodies) and sends it through `handle`: one save each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import click
from marshmallow import ValidationError

from domain.admission.dossier import Step
from domain.roll.values import (
    Education,
    GeneralEducation,
    Occupation,
    PoliticalTheory,
    Qualification,
    Sector,
    Sex,
)
from services.admission import pipeline
from services.admission.bodies import parse_open, parse_step
from services.cli.context import domain_errors, registry
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    GrantAdmissionAuthority,
    OpenAdmissionDossier,
    RecordDossierStep,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetServiceTarget,
)
from services.roll.member_bodies import OPTIONAL_PROFILE_FIELDS

DATE = click.DateTime(["%Y-%m-%d"])
STEP_NAMES = [s.value for s in Step if s != Step.SOURCE_LISTED]


def invalid(error: ValidationError) -> click.ClickException:
    return click.ClickException(f"invalid body: {error.messages}")


@click.command("open")
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
@click.option(
    "--general-education",
    default=None,
    type=click.Choice([g.value for g in GeneralEducation]),
    help="School level (giáo dục phổ thông); unknown when left out.",
)
@click.option(
    "--qualification",
    default=None,
    type=click.Choice([q.value for q in Qualification]),
    help="Highest professional qualification (trình độ chuyên môn); unknown when left out.",
)
@click.option(
    "--occupation",
    default=None,
    type=click.Choice([o.value for o in Occupation]),
    help="Occupation (nghề nghiệp); unknown when left out.",
)
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
    for name in OPTIONAL_PROFILE_FIELDS:
        if options[name]:
            candidate[name] = options[name]
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
    opening = OpenAdmissionDossier(command_)
    dossier = handle(registry(), opening, recorded_by=options["recorded_by"]).results[0]
    click.echo(f"Opened dossier {dossier.id} in {dossier.cell} for {candidate['full_name']}")


@click.command("step")
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
    step_ = RecordDossierStep(dossier_id, command_)
    dossier = handle(registry(), step_, recorded_by=recorded_by).results[0]
    click.echo(f"{dossier.id}: {step} recorded; stage {dossier.stage.value}")


def introducer_ref(value: str) -> dict[str, str]:
    try:
        return {"member_id": str(UUID(value))}
    except ValueError:
        return {"national_id": value}


@click.command("settings")
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
    changes: list[Command] = []
    if target_days is not None:
        changes.append(SetServiceTarget(org, target_days, not calendar_days, document_no))
    if certificate_years is not None:
        changes.append(SetCertificateValidity(org, certificate_years, document_no))
    if changes:  # both in one save
        handle(reg, *changes, recorded_by=recorded_by)
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


@click.command("authority")
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
    kind = GrantAdmissionAuthority if action == "grant" else RevokeAdmissionAuthority
    handle(registry(), kind(committee, from_on.date(), document_no), recorded_by=recorded_by)
    click.echo(f"{committee}: authority to admit {action}ed from {from_on.date().isoformat()}")
