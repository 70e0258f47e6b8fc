"""The `sodang` command line: one click group, one module per subject."""

from __future__ import annotations

import importlib

import click

# Subject modules each expose a click command or group named like the module.
SUBCOMMANDS = (
    "init",
    "org",
    "events",
    "demo",
    "serve",
    "projections",
    "report",
    "users",
    "verify",
    "dossiers",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Sổ Đảng: the Party membership registry of a province."""


def _register() -> None:
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"services.cli.{name}_cmd")
        except ModuleNotFoundError as error:
            if error.name != f"services.cli.{name}_cmd":
                raise
            continue
        main.add_command(module.command, name=name)


_register()
