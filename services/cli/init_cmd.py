"""`sodang init`: create the database tables."""

from __future__ import annotations

import click

from services.cli.context import registry, settings


@click.command()
def command() -> None:
    """Create the event store, its immutability triggers and the read-model tables."""
    registry()
    click.echo(f"Database ready: {settings().dialect} ({settings().database_url.split('@')[-1]})")
