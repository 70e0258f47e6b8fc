"""Reorganization decisions (quyết định sắp xếp tổ chức đảng): each one is one transaction.

rename, move, merge, split and dissolve take codes, a day and the decision; everything a decision
changes (successors founded, children moved, members carried, organizations ended, quotas carried)
is saved together or not at all. `lineage` follows the events both ways; `check_structure`
proves, for every reorganization day, that the affected subtree kept every member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.persistence import StoredEvent

from domain.errors import NotFound, RuleViolation
from domain.legacy_topics import topics_of
from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from domain.structure.reorganization import (
    DISSOLVED,
    MERGED,
    MOVED,
    RENAMED,
    SPLIT,
    DecisionFields,
    day_before,
)
from services.registry import Registry
from services.roll.commands import Decision
from services.roll.handlers import found as found_organization
from services.store.bulk_reads import CHUNK, stored_events
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


def preload(uow: UnitOfWork, ids: Iterable[UUID]) -> None:
    """Load many aggregates into the unit of work, a few queries per 500 of them: the latest
    snapshot of each, then the events after it (one round trip each would take minutes for a
    reform of 10,000 organizations on PostgreSQL)."""
    registry = uow.registry
    wanted = [i for i in dict.fromkeys(ids) if i not in uow.aggregates and i not in uow.absent]
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        latest: dict[UUID, StoredEvent] = {}
        if registry.snapshots is not None:
            for stored in stored_events(
                registry.settings.dialect, registry.snapshots.recorder, chunk
            ):
                latest[stored.originator_id] = stored  # ordered by version: the last one wins
        streams: dict[UUID, list[StoredEvent]] = {i: [] for i in chunk}
        for stored in stored_events(registry.settings.dialect, registry.recorder, chunk):
            snapshot = latest.get(stored.originator_id)
            if snapshot is None or stored.originator_version > snapshot.originator_version:
                streams[stored.originator_id].append(stored)
        for aggregate_id, stream in streams.items():
            head = [latest[aggregate_id]] if aggregate_id in latest else []
            aggregate: Any = None
            for stored in [*head, *stream]:
                aggregate = registry.mapper.to_domain_event(stored).mutate(aggregate)
            if aggregate is None:
                uow.absent.add(aggregate_id)
            else:
                uow.aggregates[aggregate_id] = aggregate


def preload_subtree(uow: UnitOfWork, root: str, day: date) -> None:
    """Load an organization and everything under it on a day, one level at a time."""
    level = [root]
    while level:
        preload(uow, [uow.ids.organization(code) for code in level])
        level = [child for code in level for child in uow.organization(code).children_on(day)]


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


# -- one function per kind of decision ----------------------------------------------------


def rename(
    registry: Registry, code: str, name: str, on: date, decision: Decision, recorded_by: str
) -> Outcome:
    """Rename an organization from a day (đổi tên)."""

    def change(uow: UnitOfWork) -> Outcome:
        step = Reorganization(uow, on, decision, recorded_by, RENAMED)
        step.rename(code, name)
        return step.outcome

    return registry.run(change)


def move(
    registry: Registry, code: str, to: str, on: date, decision: Decision, recorded_by: str
) -> Outcome:
    """Place an organization, with everything under it, under another parent from a day."""

    def change(uow: UnitOfWork) -> Outcome:
        step = Reorganization(uow, on, decision, recorded_by, MOVED)
        step.move(code, to, MOVED)
        return step.outcome

    return registry.run(change)


def merge(
    registry: Registry,
    sources: list[str],
    into: str,
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    found: NewOrganization | None = None,
    quotas: bool = True,
) -> Outcome:
    """Merge organizations into one (hợp nhất, sáp nhập), founded by the decision or existing."""

    def change(uow: UnitOfWork) -> Outcome:
        step = Reorganization(uow, on, decision, recorded_by, MERGED)
        merge_in(step, sources, into, found, quotas)
        return step.outcome

    return registry.run(change)


def merge_in(
    step: Reorganization,
    sources: list[str],
    into: str,
    new: NewOrganization | None = None,
    quotas: bool = True,
) -> None:
    """The steps of a merger inside a larger unit of work (the 2025 reform uses it)."""
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


def split(
    registry: Registry,
    source: str,
    successors: list[str],
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    members: Mapping[UUID, str] | None = None,
    children: Mapping[str, str] | None = None,
    default: str | None = None,
    found: Iterable[NewOrganization] = (),
    quota_shares: Mapping[str, int] | None = None,
) -> Outcome:
    """Split an organization (chia tách): members and children assigned to successors, then it ends."""

    def change(uow: UnitOfWork) -> Outcome:
        step = Reorganization(uow, on, decision, recorded_by, SPLIT)
        for new in found:
            step.found(new)
        distribute(step, source, successors, SPLIT, members, children, default, quota_shares)
        return step.outcome

    return registry.run(change)


def dissolve(
    registry: Registry,
    code: str,
    on: date,
    decision: Decision,
    recorded_by: str,
    *,
    carry_to: str | None = None,
    members: Mapping[UUID, str] | None = None,
    children: Mapping[str, str] | None = None,
) -> Outcome:
    """Dissolve (giải thể): with an empty roll and no children, or carrying them to named receivers."""

    def change(uow: UnitOfWork) -> Outcome:
        step = Reorganization(uow, on, decision, recorded_by, DISSOLVED)
        receivers = sorted({*(members or {}).values(), *(children or {}).values()})
        receivers += [carry_to] if carry_to and carry_to not in receivers else []
        distribute(step, code, receivers, DISSOLVED, members, children, carry_to, None)
        return step.outcome

    return registry.run(change)


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


# -- lineage ----------------------------------------------------------------------------------


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


# -- conservation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCheck:
    """One reorganization day: the scope's members the day before and once the day's
    reorganizations are done (before that day's ordinary events, counted apart)."""

    day: date
    scope: tuple[str, ...]
    before: int
    after: int
    lost: int
    gained: int
    on_two_rolls: int
    ordinary: int
    organizations: int

    @property
    def balanced(self) -> bool:
        return self.before == self.after and not (self.lost or self.gained or self.on_two_rolls)


class OrgBook:
    """Organizations loaded once each, in bulk, for reading many days of one database."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.uow = UnitOfWork(registry)  # read-only here: only its bulk loading is used

    def get(self, code: str) -> Organization:
        return self.uow.organization(code)

    def load(self, codes: Iterable[str]) -> None:
        preload(self.uow, [self.registry.ids.organization(c) for c in codes])

    def load_all(self) -> set[str]:
        """Every organization of the database (their foundings, read from the event log)."""
        founded = list(topics_of(Organization.Founded))
        ids: list[UUID] = []
        start, inclusive = 1, True
        while True:
            notes = self.registry.recorder.select_notifications(
                start, 1000, topics=founded, inclusive_of_start=inclusive
            )
            ids.extend(note.originator_id for note in notes)
            if len(notes) < 1000:
                break
            start, inclusive = notes[-1].id, False
        preload(self.uow, ids)
        return {a.code for a in self.uow.aggregates.values() if isinstance(a, Organization)}

    def ever_under(self, root: str) -> set[str]:
        """The root and every organization that was ever under it, whatever the day."""
        found_: set[str] = set()
        level = [root]
        while level:
            self.load(level)
            found_.update(level)
            level = [
                link["code"]
                for code in level
                for link in self.get(code).children
                if link["code"] not in found_
            ]
        return found_

    def chain(self, code: str, day: date) -> list[str]:
        """The organization and its ancestors on a day, nearest first."""
        found_ = [code]
        parent = self.get(code).parent_on(day)
        while parent is not None and parent not in found_:
            found_.append(parent)
            parent = self.get(parent).parent_on(day)
        return found_

    def holding(self, codes: Iterable[str]) -> list[Organization]:
        """The organizations among `codes` that keep a roll (cells)."""
        return [self.get(c) for c in sorted(codes) if self.get(c).org_kind.holds_members]

    def subtree(self, roots: Iterable[str], day: date) -> set[str]:
        """What exists under the roots on a day: a roll left in an ended organization is lost."""
        found_: set[str] = set()
        pending = list(roots)
        while pending:
            code = pending.pop()
            if code not in found_ and self.get(code).exists_on(day):
                found_.add(code)
                pending.extend(self.get(code).children_on(day))
        return found_


def affected_by_day(book: OrgBook, codes: Iterable[str]) -> dict[date, set[str]]:
    """Reorganization days and, for each, the organizations it touched (both sides of each link)."""
    days: dict[date, set[str]] = {}
    for code in codes:
        org = book.get(code)
        for record in org.reorganizations:
            if record["how"] in (RENAMED, "quota"):
                continue
            days.setdefault(record["on"], set()).update([code, *record["related"]])
        for entry in org.entries:
            if entry["type"] in ("carried_out", "carried_in"):
                other = entry.get("to") or entry.get("from")
                days.setdefault(entry["effective_on"], set()).update([code, other])
    return days


def scope_of(book: OrgBook, affected: set[str], day: date) -> tuple[str, ...]:
    """The lowest common ancestor of everything touched, on both days; the roots if none."""
    eve = day_before(day)
    chains = [
        book.chain(c, d) for c in sorted(affected) for d in (eve, day) if book.get(c).exists_on(d)
    ]
    common = set.intersection(*(set(c) for c in chains)) if chains else set()
    if common:
        return (next(code for code in chains[0] if code in common),)
    return tuple(sorted({chain[-1] for chain in chains}))


def check_day(book: OrgBook, day: date, scope: tuple[str, ...]) -> DayCheck:
    """Members of the scope's rolls on the eve and once the day's reorganizations are done."""
    eve = day_before(day)
    before_codes, after_codes = book.subtree(scope, eve), book.subtree(scope, day)
    before_orgs, after_orgs = book.holding(before_codes), book.holding(after_codes)
    before_rolls = [o.roll_on(eve) for o in before_orgs]
    after_rolls = [o.roll_after_reorganization(day) for o in after_orgs]
    before, after = set().union(*before_rolls), set().union(*after_rolls)
    twice = sum(map(len, before_rolls)) - len(before) + sum(map(len, after_rolls)) - len(after)
    final = set().union(*(o.roll_on(day) for o in after_orgs))
    return DayCheck(
        day,
        scope,
        len(before),
        len(after),
        len(before - after),
        len(after - before),
        twice,
        len(final) - len(after),
        len(before_codes | after_codes),
    )


def check_structure(
    registry: Registry, root: str | None = None, on: date | None = None
) -> list[DayCheck]:
    """Conservation on every reorganization day (of `root`'s subtree, or of one day)."""
    book = OrgBook(registry)
    codes = book.ever_under(root) if root else book.load_all()
    checks = []
    for day, affected in sorted(affected_by_day(book, codes).items()):
        if on is not None and day != on:
            continue
        if root is not None:
            inside = book.subtree([root], day_before(day)) | book.subtree([root], day)
            if not affected & inside:
                continue
        checks.append(check_day(book, day, scope_of(book, affected, day)))
    return checks
