"""`sodang reorg rename|move|merge|split|dissolve|lineage`: reorganization decisions."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import click

from domain.roll.values import OrgKind
from services.cli.context import domain_errors, registry
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    DissolveOrganization,
    MergeOrganizations,
    MoveOrganization,
    RenameOrganization,
    SplitOrganization,
)
from services.roll.commands import Decision
from services.structure import reorganization as reorg

F = TypeVar("F", bound=Callable[..., Any])
DAY = click.DateTime(["%Y-%m-%d"])


def decision_options(func: F) -> F:
    """The effective day, the decision and who records it: every reorganization needs them."""
    options = [
        click.option("--on", "on", required=True, type=DAY, help="Effective day (YYYY-MM-DD)."),
        click.option("--decision-no", default=None, help="e.g. '21-QĐ/ĐU'."),
        click.option("--decision-on", default=None, type=DAY, help="Date of the decision."),
        click.option("--decided-by", default=None, help="Code of the deciding committee."),
        click.option(
            "--by", "recorded_by", default="cli", show_default=True, help="Who records it."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def decision(no: str | None, on: datetime | None, by: str | None) -> Decision:
    return Decision(no, on.date() if on else None, by)


def decide(command: Command, recorded_by: str) -> reorg.Outcome:
    """One decision through the front door: stored whole, or not at all."""
    outcome: reorg.Outcome = handle(registry(), command, recorded_by=recorded_by).results[0]
    return outcome


def report(outcome: reorg.Outcome) -> None:
    click.echo(f"{outcome.how} from {outcome.on.isoformat()}:")
    for code in outcome.founded:
        click.echo(f"  founded  {code}")
    for code, old, new in outcome.moved:
        click.echo(f"  moved    {code}: {old or '-'} → {new}")
    for code, count in sorted(outcome.carried.items()):
        click.echo(f"  carried  {count} member(s) to {code}")
    for code in outcome.ended:
        click.echo(f"  ended    {code} (last day {date.fromordinal(outcome.on.toordinal() - 1)})")
    for code, period, share in outcome.quotas:
        click.echo(f"  quota    {period}: +{share} to {code}")


@click.group()
def command() -> None:
    """Reorganizations (sắp xếp tổ chức đảng): each decision is stored whole or not at all."""


@command.command("rename")
@click.argument("code")
@click.argument("name")
@decision_options
@domain_errors
def rename(code: str, name: str, on: datetime, recorded_by: str, **d: Any) -> None:
    """Rename CODE to NAME from the effective day."""
    report(decide(RenameOrganization(code, name, on.date(), decision(**_d(d))), recorded_by))


@command.command("move")
@click.argument("code")
@click.option("--to", "to", required=True, help="Code of the new parent.")
@decision_options
@domain_errors
def move(code: str, to: str, on: datetime, recorded_by: str, **d: Any) -> None:
    """Place CODE, with everything under it, under another parent."""
    report(decide(MoveOrganization(code, to, on.date(), decision(**_d(d))), recorded_by))


@command.command("merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="The successor (existing, or founded with --name).")
@click.option("--name", default=None, help="Found the successor with this name.")
@click.option("--kind", default=None, type=click.Choice([k.value for k in OrgKind]))
@click.option("--parent", default=None, help="Parent of the founded successor.")
@decision_options
@domain_errors
def merge(
    sources: tuple[str, ...],
    into: str,
    name: str | None,
    kind: str | None,
    parent: str | None,
    on: datetime,
    recorded_by: str,
    **d: Any,
) -> None:
    """Merge SOURCES into one successor: their members and children are carried to it."""
    new = None
    if name is not None:
        if kind is None or parent is None:
            raise click.UsageError("a founded successor needs --name, --kind and --parent")
        new = reorg.NewOrganization(into, name, OrgKind(kind), parent)
    merger = MergeOrganizations(tuple(sources), into, on.date(), decision(**_d(d)), found=new)
    report(decide(merger, recorded_by))


@command.command("split")
@click.argument("source")
@click.option("--into", "into", multiple=True, required=True, help="A successor (repeat).")
@click.option(
    "--members",
    "members_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of national_id,successor.",
)
@click.option("--child", multiple=True, help="CHILD=SUCCESSOR (repeat).")
@click.option("--default", default=None, help="Successor of whatever is not assigned.")
@decision_options
@domain_errors
def split(
    source: str,
    into: tuple[str, ...],
    members_file: Path | None,
    child: tuple[str, ...],
    default: str | None,
    on: datetime,
    recorded_by: str,
    **d: Any,
) -> None:
    """Split SOURCE between successors: members and children as assigned, then it ends."""
    reg = registry()
    members = _members(reg, members_file) if members_file else {}
    children = dict(_pair(item) for item in child)
    division = SplitOrganization(
        source,
        tuple(into),
        on.date(),
        decision(**_d(d)),
        members=members,
        children=children,
        default=default,
    )
    report(decide(division, recorded_by))


@command.command("dissolve")
@click.argument("code")
@click.option("--carry-to", default=None, help="Where its members and children go, if any.")
@decision_options
@domain_errors
def dissolve(code: str, carry_to: str | None, on: datetime, recorded_by: str, **d: Any) -> None:
    """Dissolve CODE: refused while members or children remain, unless carried elsewhere."""
    ending = DissolveOrganization(code, on.date(), decision(**_d(d)), carry_to=carry_to)
    report(decide(ending, recorded_by))


@command.command("lineage")
@click.argument("code")
@click.option("--all", "transitive", is_flag=True, help="Follow predecessors and successors.")
@domain_errors
def lineage(code: str, transitive: bool) -> None:
    """Where CODE came from and what it became, with the effective days (from the projections,
    as the pages and the API read it)."""
    from projections.queries import Queries

    reg = registry()  # catches the projections up first
    found = Queries(reg.settings, clock=reg.clock).lineage(code, transitive)
    click.echo(code)
    for label, links in (("từ (from)", found.predecessors), ("thành (into)", found.successors)):
        for link in links:
            click.echo(f"  {label:12} {link.code}  {link.on.isoformat()}  {link.how}")
    if not (found.predecessors or found.successors):
        click.echo("  no predecessor or successor")


def _d(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "no": options["decision_no"],
        "on": options["decision_on"],
        "by": options["decided_by"],
    }


def _pair(item: str) -> tuple[str, str]:
    child, _, successor = item.partition("=")
    if not child or not successor:
        raise click.BadParameter(f"{item!r}: write CHILD=SUCCESSOR", param_hint="--child")
    return child, successor


def _members(reg: Any, path: Path) -> dict[UUID, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    return {reg.ids.member(row[0].strip()): row[1].strip() for row in rows}
