"""`sodang init`: create the database tables."""

from __future__ import annotations

from dataclasses import replace

import click

from services.cli.context import settings
from services.users import UserStore
from services.wiring import build_registry


@click.command()
def command() -> None:
    """Create the event store, its immutability triggers and the read-model tables."""
    # The owner role runs this even when the service role may not create tables.
    current = replace(settings(), create_tables=True)
    build_registry(current).close()
    UserStore(current).close()
    click.echo(f"Database ready: {current.dialect} ({current.database_url.split('@')[-1]})")
