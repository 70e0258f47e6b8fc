"""`sodang projections status|catch-up|run|rebuild`: the read models built from the event log."""

from __future__ import annotations

import time

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from services.cli.context import domain_errors, settings


def _registry():  # type: ignore[no-untyped-def]
    # Without attach(): a rebuild must not first catch up the generation it replaces.
    from services.registry import Registry

    built = Registry(settings())
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(built.close)
    return built


@click.group()
def command() -> None:
    """Read models (projections): status, catch-up and rebuild."""


@command.command("status")
@domain_errors
def status() -> None:
    """Each projection's position, the head of the log and the lag."""
    from projections.runner import status as read_status

    table = Table(title="Projections")
    for column in ("projection", "generation", "active", "position", "log head", "lag"):
        table.add_column(column, justify="right" if column != "projection" else "left")
    for row in read_status(_registry()):
        table.add_row(
            row["name"],
            str(row["generation"] or "-"),
            "yes" if row["active"] else "building" if row["generation"] else "-",
            str(row["position"]),
            str(row["head"]),
            str(row["lag"]),
        )
    Console().print(table)


@command.command("catch-up")
@domain_errors
def catch_up() -> None:
    """Process every event not yet projected (the registry also does this after each save)."""
    from projections.runner import PROJECTIONS, Runner

    registry = _registry()
    for name in PROJECTIONS:
        position = Runner(registry, name).catch_up()
        click.echo(f"{name}: position {position}")


@command.command("run")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds between polls of the log.",
)
@click.option("--once", is_flag=True, help="Catch up once and stop (for cron or a health check).")
@domain_errors
def run(interval: float, once: bool) -> None:
    """Keep the projections caught up (the systemd runner): a safety net behind the inline catch-up.

    Commands already catch the projections up before they return; this runner picks up what a
    crash between a save and its catch-up left behind. The log is polled, since SQLite has no
    notifications; on PostgreSQL the projection lock keeps it from racing the web workers.
    """
    from projections.runner import PROJECTIONS, Runner

    registry = _registry()
    runners = [Runner(registry, name) for name in PROJECTIONS]
    while True:
        positions = [runner.catch_up() for runner in runners]
        if once:
            click.echo(f"caught up to position {min(positions)}")
            return
        time.sleep(interval)


@command.command("rebuild")
@click.argument("name", required=False)
@domain_errors
def rebuild(name: str | None) -> None:
    """Rebuild one projection (or all) from the log into new tables, then switch to them."""
    from projections.runner import PROJECTIONS, Runner

    names = [name] if name else list(PROJECTIONS)
    unknown = [n for n in names if n not in PROJECTIONS]
    if unknown:
        raise click.BadParameter(f"unknown projection {unknown[0]!r}: {', '.join(PROJECTIONS)}")
    registry = _registry()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns) as progress:
        for projection in names:
            task = progress.add_task(f"rebuilding {projection}", total=None)

            def advance(position: int, head: int, task: int = task) -> None:
                progress.update(task, completed=position, total=head)

            state = Runner(registry, projection).rebuild(progress=advance)
            progress.update(task, completed=state.position, total=state.position)
            progress.console.print(
                f"{projection}: generation {state.generation} active at position {state.position}"
            )
