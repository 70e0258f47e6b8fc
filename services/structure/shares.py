"""How a decision shares out what an ended organization held: running quota plans, members, children."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from domain.errors import RuleViolation
from domain.roll.organization import Organization


def running_plans(org: Organization, on: date) -> list[dict[str, Any]]:
    """The latest plan for each (period, assigned_by) that still runs on the day."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for plan in org.quotas:
        latest[(plan["period"], plan["assigned_by"])] = plan
    return [p for p in latest.values() if p["ends_on"] >= on]


def apportion(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total` in proportion to the weights (largest remainders; equal shares if all zero)."""
    codes = sorted(weights)
    if not codes:
        return {}
    base = {c: max(weights[c], 0) for c in codes}
    mass = sum(base.values()) or len(codes)
    exact = {c: total * (base[c] if sum(base.values()) else 1) / mass for c in codes}
    shares = {c: int(exact[c]) for c in codes}
    rest = total - sum(shares.values())
    for c in sorted(codes, key=lambda c: (shares[c] - exact[c], c))[:rest]:
        shares[c] += 1
    return shares


def check_shares(source: str, plan: dict[str, Any], shares: Mapping[str, int]) -> None:
    if sum(shares.values()) != plan["target"] or any(s < 0 for s in shares.values()):
        raise RuleViolation(
            "quota_shares_total",
            f"the shares of {source}'s plan {plan['period']} must add up to its target "
            f"{plan['target']}, not {sum(shares.values())}",
            org=source,
        )


def check_assignment(
    source: str,
    successors: list[str],
    assigned: Mapping[Any, str],
    present: Iterable[Any],
    default: str | None,
    what: str,
) -> Callable[[Any], str]:
    """Every member (or child) of `source` goes to one of the successors, and nothing else does."""
    present_ = set(present)
    strangers = [k for k in assigned if k not in present_]
    if strangers:
        raise RuleViolation(
            "not_on_roll" if what == "member" else "not_a_child",
            f"{len(strangers)} {what}(s) assigned are not in {source} the day before: {strangers[:3]}",
            org=source,
        )
    wrong = sorted({t for t in assigned.values() if t not in successors})
    if wrong or (default is not None and default not in successors):
        raise RuleViolation(
            "not_a_successor",
            f"{(wrong or [default])[0]} is not one of the successors {successors}",
            org=source,
        )
    missing = [k for k in present_ if k not in assigned]
    if missing and default is None:
        raise RuleViolation(
            "split_unassigned",
            f"{len(missing)} {what}(s) of {source} are assigned to no successor: "
            f"{sorted(map(str, missing))[:3]}",
            org=source,
        )
    return lambda key: assigned.get(key) or default or ""
