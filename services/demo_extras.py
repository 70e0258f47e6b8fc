"""What the demo adds beyond the roll history: quotas, sign-ins, dossiers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from services.registry import Registry


def demo_extras(registry: Registry, province: Any) -> Iterator[str]:
    """Add the demo's quotas, users and dossiers (idempotent); yields lines to print."""
    yield f"Demo province: {province.orgs[0].code} ({province.orgs[0].name})"
