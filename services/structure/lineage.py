"""Where an organization came from and what it became, followed through the reorganization events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.roll.organization import Organization
from services.registry import Registry


@dataclass(frozen=True)
class Lineage:
    """Where an organization came from and what it became: (code, effective day, how)."""

    code: str
    predecessors: list[tuple[str, date, str]]
    successors: list[tuple[str, date, str]]


def lineage(registry: Registry, code: str, transitive: bool = False) -> Lineage:
    """Predecessors and successors from the events; `transitive` follows them to the ends."""
    org = registry.get_organization(code)
    if not transitive:
        return Lineage(code, org.predecessors(), org.successors())
    return Lineage(
        code, _follow(registry, org, "predecessors"), _follow(registry, org, "successors")
    )


def _follow(registry: Registry, org: Organization, side: str) -> list[tuple[str, date, str]]:
    found_: list[tuple[str, date, str]] = []
    seen = {org.code}
    pending = list(getattr(org, side)())
    while pending:
        link = pending.pop(0)
        if link[0] in seen:
            continue
        seen.add(link[0])
        found_.append(link)
        pending.extend(getattr(registry.get_organization(link[0]), side)())
    return found_
