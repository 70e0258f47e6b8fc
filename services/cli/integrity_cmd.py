"""`sodang verify`: is the event log intact, and does it extend every witnessed checkpoint?"""

from __future__ import annotations

from pathlib import Path

import click

from services.cli.context import settings
from services.config import Settings
from services.integrity import checkpoints, proofs
from services.integrity.checkpoints import CheckpointError
from services.integrity.db import dialect, reading
from services.integrity.merkle import root_from_inclusion
from services.integrity.snapshot_audit import audit_snapshots
from services.integrity.verify import Report, verify_log

SHOWN = 10


@click.command()
@click.option(
    "--against",
    "against",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A checkpoint file the log must still extend (repeatable).",
)
@click.option(
    "--no-witness", is_flag=True, help="Do not also check the witness directory's checkpoints."
)
@click.option(
    "--prove",
    type=int,
    metavar="POSITION",
    help="Also print the inclusion proof of this log position in the (first --against) tree.",
)
def command(against: tuple[Path, ...], no_witness: bool, prove: int | None) -> None:
    """Recompute the sealed log; exit 0 when intact, 1 naming the first bad position."""
    current = settings()
    try:
        given = [checkpoints.read(path, current) for path in against]
        witnessed = [] if no_witness else checkpoints.witnessed(current)
    except (CheckpointError, ValueError) as error:
        click.echo(f"TAMPERED: {error}", err=True)
        raise SystemExit(1) from None
    foreign = [c for c in given if c.origin != checkpoints.origin_of(current)]
    if foreign:
        raise click.UsageError(
            f"{foreign[0].path} is a checkpoint of {foreign[0].origin}, "
            f"not of {checkpoints.origin_of(current)}"
        )
    try:
        with reading(current) as cursor:
            report = verify_log(cursor, dialect(current), [*given, *witnessed])
            audit_snapshots(cursor, current, report)
    except Exception as error:  # sqlite3 / psycopg: no event store at this URL
        if "no such table" in str(error) or "does not exist" in str(error):
            raise click.ClickException(
                "no sealed event store at SODANG_DATABASE_URL: run `sodang init` first"
            ) from None
        raise
    show(report)
    if not report.intact:
        raise SystemExit(1)
    if prove is not None:
        tree = given[0] if given else report.head
        show_proof(current, prove, tree.size, tree.root)


def show_proof(current: Settings, position: int, size: int, root: bytes) -> None:
    """The audit path of one event, checked against the tree head it is claimed for."""
    with reading(current) as cursor:
        proof = proofs.prove(cursor, dialect(current), position, size)
    if proof is None:
        raise click.ClickException(f"position {position} is not in the tree of {size} events")
    implied = root_from_inclusion(proof.tree_index, size, proof.leaf, proof.path)
    click.echo(f"position {position}: leaf {proof.tree_index} of {size}, hash {proof.leaf.hex()}")
    for step in proof.path:
        click.echo(f"  {step.hex()}")
    if implied != root:
        raise click.ClickException("the inclusion proof does not lead to the tree head")
    click.echo(f"inclusion proven against root {root.hex()}")


def show(report: Report) -> None:
    click.echo(
        f"{report.rows} events checked in {report.seconds:.2f} s ({report.rate:,.0f} rows/s); "
        f"{report.snapshots} snapshots; {report.checkpoints} checkpoints"
    )
    click.echo(
        f"tree size {report.head.size}, last position {report.head.position}, "
        f"root {report.head.root_hex}"
    )
    first = report.first_bad
    if first is None:
        click.echo("log intact")
        return
    click.echo(f"TAMPERED: first bad position {first.position}: {first.message}", err=True)
    for problem in report.problems[:SHOWN]:
        click.echo(f"  position {problem.position}: {problem.message}", err=True)
    if len(report.problems) > SHOWN:
        click.echo(f"  ... and {len(report.problems) - SHOWN} more", err=True)
