"""One reorganization decision applied in a unit of work: its steps and what it changed (Outcome)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid4, uuid5

from domain.errors import NotFound
from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from domain.structure.reorganization import (
    DecisionFields,
    day_before,
)
from services.roll.commands import Decision
from services.roll.handlers import found as found_organization
from services.structure.shares import apportion, check_shares, running_plans
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class NewOrganization:
    """A successor founded by the decision itself, on its effective day."""

    code: str
    name: str
    kind: OrgKind
    parent: str


@dataclass
class Outcome:
    """What one decision changed; `received` counts the members each successor took over."""

    how: str
    on: date
    founded: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    moved: list[tuple[str, str | None, str]] = field(default_factory=list)
    carried: dict[str, int] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)
    quotas: list[tuple[str, str, int]] = field(default_factory=list)


class Reorganization:
    """One decision being applied inside a unit of work (nothing is stored until it commits)."""

    def __init__(
        self, uow: UnitOfWork, on: date, decision: Decision, recorded_by: str, how: str
    ) -> None:
        self.uow, self.on, self.recorded_by = uow, on, recorded_by
        self.fields: DecisionFields = {
            "decision_no": decision.number,
            "decision_on": decision.on,
            "decided_by": decision.by,
        }
        self.outcome = Outcome(how, on)

    @property
    def common(self) -> dict[str, Any]:
        return {"decision": self.fields, "recorded_by": self.recorded_by, "timestamp": self.uow.now}

    def org(self, code: str) -> Organization:
        return self.uow.organization(code)

    def chain(self, code: str, day: date) -> list[str]:
        """The organization's ancestors on a day, nearest first."""
        found_: list[str] = []
        parent = self.org(code).parent_on(day)
        while parent is not None and parent not in found_:
            found_.append(parent)
            parent = self.org(parent).parent_on(day)
        return found_

    # -- steps ----------------------------------------------------------------------------

    def found(self, new: NewOrganization) -> Organization:
        org = found_organization(
            self.uow, new.code, new.name, new.kind, new.parent, self.on, self.recorded_by
        )
        self.outcome.founded.append(new.code)
        return org

    def rename(self, code: str, name: str) -> None:
        self.org(code).rename(name=name, on=self.on, today=self.uow.today, **self.common)

    def move(self, code: str, to: str, how: str) -> None:
        """Place `code` under `to` from the day: the child and both parents change together."""
        child, parent = self.org(code), self.org(to)
        old = child.move_under(
            parent,
            parent_chain=self.chain(to, self.on),
            on=self.on,
            today=self.uow.today,
            how=how,
            **self.common,
        )
        if old is not None:
            self.org(old).detach_child(code, on=self.on, how=how, **self.common)
        parent.receive_child(code, from_parent=old, on=self.on, how=how, **self.common)
        self.outcome.moved.append((code, old, to))
        self._received(to, self.members_under(code))

    def carry(self, member_id: UUID, source: Organization, target: Organization, how: str) -> None:
        """Carry one member: the predecessor's side first, so they are never on two rolls."""
        member = self.uow.member(member_id)
        if member is None:
            raise NotFound("member", member_id)
        out_id = uuid4()
        in_id = uuid5(out_id, "pair")
        common = {"on": self.on, "today": self.uow.today, "how": how, **self.common}
        out = source.carry_out(
            event_id=out_id, member_id=member_id, to=target.code, pair=in_id, **common
        )
        member.note(out, self.uow.now)
        into = target.carry_in(
            event_id=in_id, member_id=member_id, source=source.code, pair=out_id, **common
        )
        member.note(into, self.uow.now)
        self.outcome.carried[target.code] = self.outcome.carried.get(target.code, 0) + 1
        self._received(target.code, 1)

    def hand_over(
        self,
        source: str,
        how: str,
        member_to: Callable[[UUID], str],
        child_to: Callable[[str], str],
    ) -> None:
        """Move every child and carry every member of `source` as the decision assigns them."""
        org = self.org(source)
        # What is still there on the day: an earlier decision of the same day may have taken some.
        for child in sorted(org.children_on(self.on)):
            self.move(child, child_to(child), how)
        for member_id in sorted(org.roll_after_reorganization(self.on)):
            self.carry(member_id, org, self.org(member_to(member_id)), how)

    def end(self, code: str, how: str, successors: Iterable[str]) -> None:
        """End the organization from the day; its parent lets go of it the same day."""
        org = self.org(code)
        parent = org.parent_on(day_before(self.on))
        org.end(on=self.on, today=self.uow.today, how=how, successors=successors, **self.common)
        if parent is not None:
            self.org(parent).detach_child(code, on=self.on, how=how, **self.common)
        self.outcome.ended.append(code)

    def succeed(self, code: str, predecessors: Iterable[str], how: str) -> None:
        self.org(code).succeed(predecessors, on=self.on, how=how, **self.common)

    def carry_quotas(
        self,
        source: str,
        weights: Mapping[str, int],
        shares: Mapping[str, int] | None = None,
        exclude: Iterable[str] = (),
    ) -> None:
        """Plans of `source` still running on the day, shared among successors (by `shares`,
        or in proportion to `weights`, the members each received); added to their own plans.
        Periods in `exclude` are not carried (their breakdown below is carried instead)."""
        skip = set(exclude)
        for plan in running_plans(self.org(source), self.on):
            if plan["period"] in skip:
                continue
            split_ = dict(shares) if shares is not None else apportion(plan["target"], weights)
            check_shares(source, plan, split_)
            for successor, share in sorted(split_.items()):
                if share > 0:
                    self._add_plan(source, successor, plan, share)

    def _add_plan(self, source: str, successor: str, plan: dict[str, Any], share: int) -> None:
        org = self.org(successor)
        above = [successor, *self.chain(successor, self.on)]
        # The plan's assigner if it is still above the successor, else the successor's parent.
        keep = plan["assigned_by"] in above
        assigner = plan["assigned_by"] if keep else above[min(1, len(above) - 1)]
        current = {(p["period"], p["assigned_by"]): p["target"] for p in org.quotas}
        target = current.get((plan["period"], assigner), 0) + share
        org.set_quota(
            period=plan["period"],
            target=target,
            assigned_by=assigner,
            starts_on=plan["starts_on"],
            ends_on=plan["ends_on"],
            recorded_by=self.recorded_by,
            timestamp=self.uow.now,
        )
        org.note_quota_carried(
            from_org=source,
            period=plan["period"],
            share=share,
            assigned_by=assigner,
            on=self.on,
            **self.common,
        )
        self.outcome.quotas.append((successor, plan["period"], share))

    # -- reads ----------------------------------------------------------------------------

    def members_under(self, code: str) -> int:
        """Members in an organization's subtree once the day's reorganizations so far are done."""
        org = self.org(code)
        held = len(org.roll_after_reorganization(self.on))
        return held + sum(self.members_under(c) for c in org.children_on(self.on))

    def _received(self, code: str, count: int) -> None:
        self.outcome.received[code] = self.outcome.received.get(code, 0) + count
