"""`sodang init`: create the database tables (and report, never repair, a removed protection)."""

from __future__ import annotations

from dataclasses import replace

import click

from services.cli.context import settings
from services.integrity import wiring as integrity
from services.store import immutability
from services.store.users import UserStore
from services.wiring import build_registry

ALARM_EXIT = 3


@click.command()
@click.option(
    "--acknowledge",
    metavar="REASON",
    help="The operator has seen the tamper alarm: reinstall the triggers, record why.",
)
def command(acknowledge: str | None) -> None:
    """Create the event store, its immutability triggers and the read-model tables."""
    # The owner role runs this even when the service role may not create tables.
    current = replace(settings(), create_tables=True)
    registry = build_registry(current)
    try:
        alarms = registry.trigger_alarms
        if alarms and acknowledge:
            immutability.install(
                current, *integrity.protected_tables(registry), acknowledged=acknowledge
            )
            click.echo(
                f"acknowledged ({acknowledge}); triggers reinstalled: "
                + "; ".join(map(str, alarms))
            )
        elif alarms:
            for alarm in alarms:
                click.echo(f"TAMPER ALARM: {alarm}", err=True)
            click.echo(
                "The triggers were NOT reinstalled. Run `sodang verify`, investigate, then "
                "`sodang init --acknowledge REASON` (see deploy/README.md).",
                err=True,
            )
            raise SystemExit(ALARM_EXIT)
    finally:
        registry.close()
    UserStore(current).close()
    click.echo(f"Database ready: {current.dialect} ({current.database_url.split('@')[-1]})")
    click.echo(f"Signing key: {current.signing_key_file}; checkpoints: {current.witness_dir}")
