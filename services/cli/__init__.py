"""The `sodang` command line: one click group, one module per subject."""

from __future__ import annotations

import importlib

import click

from projections import collector

# Command name -> module under services.cli exposing a click command or group named `command`.
SUBCOMMANDS = {
    "init": "init_cmd",
    "org": "org_cmd",
    "events": "events_cmd",
    "demo": "demo_cmd",
    "serve": "serve_cmd",
    "projections": "projections_cmd",
    "report": "report_cmd",
    "forms": "forms_cmd",
    "users": "users_cmd",
    "dossiers": "dossiers_cmd",
    "reorg": "reorg_cmd",
    "verify-structure": "verify_cmd",
    "verify": "integrity_cmd",
    "verify-report": "verify_report_cmd",
    "checkpoint": "checkpoint_cmd",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Sổ Đảng: the Party membership registry of a province."""
    try:
        collector.configure()  # imports, rebuilds and reforms hold large caches (collector.py)
    except ValueError as error:  # a bad SODANG_GC: said plainly, before anything runs
        raise click.ClickException(str(error)) from None


def _register() -> None:
    for name, module_name in SUBCOMMANDS.items():
        try:
            module = importlib.import_module(f"services.cli.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"services.cli.{module_name}":
                raise
            continue
        main.add_command(module.command, name=name)


_register()
