"""`sodang events import FILE`: bulk import of NDJSON events."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from services.cli.context import domain_errors, registry
from services.importing import ImportFailed, import_events


@click.group()
def command() -> None:
    """Roll events (kết nạp, chuyển sinh hoạt, xóa tên...)."""


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--by", "recorded_by", default=None, help="Who records them (default: import:<user>)."
)
@domain_errors
def import_(file: Path, recorded_by: str | None) -> None:
    """Import one event per line; the whole file is stored or none of it."""
    reg = registry()
    total = sum(1 for line in file.open(encoding="utf-8", errors="replace") if line.strip())
    by = recorded_by or f"import:{getpass.getuser()}"
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("Kiểm tra và ghi", total=total)
        try:
            report = import_events(reg, file, by, progress=lambda n: bar.advance(task, n))
        except ImportFailed as error:
            raise click.ClickException(f"{file}: {error}; nothing was imported") from None
    click.echo(
        f"Imported {report.stored} events from {file} ({report.already_present} already present), "
        f"log position {report.position or reg.max_position()}"
    )
