"""The composition root: builds the registry and attaches what reacts to its saves."""

from __future__ import annotations

from services.config import Settings
from services.registry import Clock, Registry
from services.reporting.compilation import Compiler, compile_statistics_forms, install


def build_registry(
    settings: Settings, clock: Clock | None = None, compiler: Compiler | None = None
) -> Registry:
    """The Registry, with the projections caught up after each save when they are installed,
    and the compiler the report approvals sign (`compiler`, default the three statistics forms)."""
    registry = Registry(settings, clock=clock)
    install(registry, compiler or compile_statistics_forms)
    try:
        from projections.wiring import attach
    except ModuleNotFoundError as error:
        if error.name not in ("projections.wiring",):
            raise
        return registry
    attach(registry)
    return registry
