"""`sodang org create|show`: Party organizations."""

from __future__ import annotations

from datetime import date, datetime

import click

from domain.roll.values import OrgKind
from domain.vocabulary import ORG_KINDS
from services.cli.context import domain_errors, registry
from services.front_door.bus import handle
from services.front_door.commands import FoundOrganization


@click.group()
def command() -> None:
    """Party organizations (tổ chức đảng)."""


@command.command("create")
@click.argument("code")
@click.option("--name", required=True, help="Full name, e.g. 'Đảng bộ xã Thanh Yên'.")
@click.option("--kind", required=True, type=click.Choice([k.value for k in OrgKind]))
@click.option("--parent", default=None, help="Code of the parent organization.")
@click.option("--founded-on", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--by", "recorded_by", default="cli", show_default=True, help="Who records it.")
@domain_errors
def create(
    code: str, name: str, kind: str, parent: str | None, founded_on: datetime, recorded_by: str
) -> None:
    """Found an organization."""
    founding = FoundOrganization(code, name, OrgKind(kind), parent, founded_on.date())
    org = handle(registry(), founding, recorded_by=recorded_by).results[0]
    click.echo(f"Created {org.code}: {org.name} ({org.kind}) under {org.parent or '-'}")


@command.command("show")
@click.argument("code")
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="YYYY-MM-DD (default: today)"
)
@domain_errors
def show(code: str, as_of: datetime | None) -> None:
    """Show an organization and how many members its roll had on a date (from the projections,
    as the pages count them, so both answer the same)."""
    from projections.queries import Queries

    reg = registry()  # catches the projections up first
    q = Queries(reg.settings, clock=reg.clock)
    day: date = as_of.date() if as_of else q.today()
    if day > q.today():
        raise click.BadParameter(
            f"{day.isoformat()} is after today ({q.today().isoformat()}): "
            "the registry knows no roll in the future",
            param_hint="--as-of",
        )
    org = q.org(code)
    above = q.ancestors(code, day)
    total = q.rollup(code, as_of=day, depth=0).total
    click.echo(f"{org.code}  {org.name}")
    click.echo(f"  loại (kind):        {ORG_KINDS[org.kind]} ({org.kind})")
    click.echo(f"  trực thuộc (parent): {above[0] if above else '-'}")
    click.echo(f"  thành lập (founded): {org.founded_on.isoformat()}")
    click.echo(f"  đảng viên ngày {day.isoformat()} (members on {day.isoformat()}): {total}")
