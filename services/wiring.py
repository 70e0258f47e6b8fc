"""The composition root: builds the registry and attaches what reacts to its saves."""

from __future__ import annotations

from services.config import Settings
from services.registry import Clock, Registry


def build_registry(settings: Settings, clock: Clock | None = None) -> Registry:
    """The Registry, with the projections caught up after each save when they are installed."""
    registry = Registry(settings, clock=clock)
    try:
        from projections.wiring import attach
    except ModuleNotFoundError as error:
        if error.name not in ("projections.wiring",):
            raise
        return registry
    attach(registry)
    return registry
