"""`sodang verify-structure [ORG] [--on DATE]`: no member lost or counted twice by a reorganization."""

from __future__ import annotations

from datetime import date

import click

from services.cli.context import domain_errors, settings
from services.structure.reorganization import DayCheck, check_structure


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--on"
        ) from None


def describe(check: DayCheck) -> str:
    eve = date.fromordinal(check.day.toordinal() - 1)
    verdict = (
        "cân đối (balanced)"
        if check.balanced
        else (
            f"LỆCH (imbalance): {check.lost} lost, {check.gained} gained, "
            f"{check.on_two_rolls} on two rolls"
        )
    )
    return (
        f"{check.day.isoformat()}  {', '.join(check.scope)}: {check.before} on {eve.isoformat()}, "
        f"{check.after} once reorganized ({check.organizations} organizations; "
        f"{check.ordinary:+d} by the day's other events)  {verdict}"
    )


@click.command()
@click.argument("org", required=False)
@click.option("--on", "on", default=None, help="Only this reorganization day (YYYY-MM-DD).")
@domain_errors
def command(org: str | None, on: str | None) -> None:
    """Check every reorganization day: the roll of the subtree it touched is the same before and after."""
    from services.registry import Registry

    # Read-only: the projections need not be attached or caught up.
    registry = Registry(settings())
    try:
        checks = check_structure(registry, org, parse_day(on))
    finally:
        registry.close()
    if not checks:
        click.echo("No reorganization to check (không có sắp xếp tổ chức nào).")
        return
    for check in checks:
        click.echo(describe(check))
    wrong = [c for c in checks if not c.balanced]
    if wrong:
        raise click.ClickException(
            f"{len(wrong)} of {len(checks)} reorganization day(s) do not balance"
        )
    click.echo(f"All {len(checks)} reorganization day(s) balance.")
