"""Reorganization decisions (quyết định sắp xếp tổ chức đảng): each one is one transaction.

The front door (services/front_door: RenameOrganization, MoveOrganization, MergeOrganizations,
SplitOrganization, DissolveOrganization) runs each decision in one unit of work through the
functions here; everything a decision changes (successors founded, children moved, members
carried, organizations ended, quotas carried) is saved together or not at all.

Beside it in the wing: `decision` (a decision's steps in a unit of work, its Outcome), `shares`
(quota plans, members and children shared among successors), `loading` (bulk loads) and
`conservation` (`check_structure` proves, for every reorganization day, that the affected subtree
kept every member); re-exported from here.
The lineage is read on the read side (projections.structure.lineage, through `Queries.lineage`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from uuid import UUID

from domain.errors import RuleViolation
from domain.structure.reorganization import (
    DISSOLVED,
    MERGED,
    SPLIT,
)
from services.structure.conservation import (  # noqa: F401 (re-exported)
    DayCheck,
    OrgBook,
    affected_by_day,
    check_day,
    check_structure,
    scope_of,
)
from services.structure.decision import (  # noqa: F401 (Outcome re-exported)
    NewOrganization,
    Outcome,
    Reorganization,
)
from services.structure.loading import preload, preload_subtree  # noqa: F401 (re-exported)
from services.structure.shares import (  # noqa: F401 (re-exported)
    apportion,
    check_assignment,
    check_shares,
    running_plans,
)

# -- the steps of each kind of decision, inside a unit of work -------------------------------


def merge_in(
    step: Reorganization,
    sources: Sequence[str],
    into: str,
    new: NewOrganization | None = None,
    quotas: bool = True,
) -> None:
    """Merge organizations into one (hợp nhất, sáp nhập), founded by the decision or existing.

    The 2025 reform runs several inside one larger unit of work."""
    if new is not None:
        if new.code != into:
            raise RuleViolation(
                "successor_mismatch", f"the new organization is {new.code}, not {into}"
            )
        step.found(new)
    if into in sources:
        raise RuleViolation("successor_is_source", f"{into} cannot be merged into itself", org=into)
    for source in sources:
        before = step.outcome.received.get(into, 0)
        step.hand_over(source, MERGED, lambda _m: into, lambda _c: into)
        step.end(source, MERGED, [into])
        if quotas:
            step.carry_quotas(source, {into: step.outcome.received.get(into, 0) - before})
    step.succeed(into, sources, MERGED)


def split_in(
    step: Reorganization,
    source: str,
    successors: Sequence[str],
    members: Mapping[UUID, str],
    children: Mapping[str, str],
    default: str | None = None,
    found: Iterable[NewOrganization] = (),
    quota_shares: Mapping[str, int] | None = None,
) -> None:
    """Split an organization (chia tách): members and children assigned to successors, then it ends."""
    for new in found:
        step.found(new)
    distribute(step, source, list(successors), SPLIT, members, children, default, quota_shares)


def dissolve_in(
    step: Reorganization,
    code: str,
    carry_to: str | None,
    members: Mapping[UUID, str],
    children: Mapping[str, str],
) -> None:
    """Dissolve (giải thể): with an empty roll and no children, or carrying them to named receivers."""
    receivers = sorted({*members.values(), *children.values()})
    receivers += [carry_to] if carry_to and carry_to not in receivers else []
    distribute(step, code, receivers, DISSOLVED, members, children, carry_to, None)


def distribute(
    step: Reorganization,
    source: str,
    successors: list[str],
    how: str,
    members: Mapping[UUID, str] | None,
    children: Mapping[str, str] | None,
    default: str | None,
    quota_shares: Mapping[str, int] | None,
) -> None:
    """Hand `source` over to its successors as assigned, end it, record the lineage."""
    if not successors:
        step.end(source, how, [])  # refused unless its roll is empty and it has no children
        return
    org = step.org(source)
    on_roll, under = org.roll_after_reorganization(step.on), org.children_on(step.on)
    member_to = check_assignment(source, successors, members or {}, on_roll, default, "member")
    child_to = check_assignment(source, successors, children or {}, under, default, "child")
    step.hand_over(source, how, member_to, child_to)
    step.end(source, how, successors)
    for successor in successors:
        step.succeed(successor, [source], how)
    weights = {s: step.outcome.received.get(s, 0) for s in successors}
    step.carry_quotas(source, weights, quota_shares)
