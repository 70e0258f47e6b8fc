"""`sodang checkpoint`: sign the log's tree head into the witness directory (daily timer)."""

from __future__ import annotations

import click

from services.cli.context import settings
from services.integrity import checkpoints
from services.integrity.db import dialect, reading
from services.integrity.leaves import head


@click.command()
@click.option(
    "--rotate-key",
    is_flag=True,
    help="Sign with the old key, then replace it by a new one and sign again with that.",
)
def command(rotate_key: bool) -> None:
    """Write a signed checkpoint of the current tree head to the witness directory."""
    current = settings()
    with reading(current) as cursor:
        tree = head(cursor, dialect(current))
    if checkpoints.load_key(current) is None:
        raise click.ClickException(
            f"no signing key at {current.signing_key_file}: run `sodang init` first"
        )
    path = checkpoints.write(current, tree)
    click.echo(f"checkpoint {path} (size {tree.size}, root {tree.root_hex})")
    if rotate_key:
        checkpoints.create_key(current, replace=True)
        # The same head under the new key, one second later: the hand-over is witnessed.
        from datetime import UTC, datetime, timedelta

        path = checkpoints.write(current, tree, datetime.now(UTC) + timedelta(seconds=1))
        click.echo(f"new key {current.signing_key_file}; checkpoint {path}")
