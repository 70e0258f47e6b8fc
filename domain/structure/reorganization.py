"""Reorganizations (sắp xếp, kiện toàn tổ chức đảng): dated structural events of an Organization.

A decision effective on day D keeps the old structure through D-1 and puts the new one in force
from D: a moved organization is under its new parent from D, an ended one exists through D-1,
a successor exists from D. Members carried by a reorganization leave one roll and join another
on D by a pair of `carried_out` / `carried_in` entries: neither admissions nor transfers, they
keep the member's status and probation clock and count in no flow.

`Organization` inherits `Reorganizable`; every command checks named guards first, so a refused
command triggers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidValue, RuleViolation
from domain.roll.history import Entry, effective
from domain.roll.values import ALLOWED_PARENTS, EventType, OrgKind

MERGED, SPLIT, DISSOLVED, MOVED, RENAMED = "merged", "split", "dissolved", "moved", "renamed"
ENDINGS = frozenset({MERGED, SPLIT, DISSOLVED})
HOWS = ENDINGS | {MOVED, RENAMED}


class DecisionFields(TypedDict):
    """The decision behind a reorganization: number, date and deciding body."""

    decision_no: str | None
    decision_on: date | None
    decided_by: str | None


def day_before(day: date) -> date:
    return day - timedelta(days=1)


class Reorganizable:
    """Reorganization events, commands and guards of an Organization."""

    # Class-level defaults: snapshots taken before reorganizations existed lack these attributes;
    # events replace the sequences instead of mutating them, so the defaults are never shared.
    ended_on: date | None = None  # first day it no longer exists (exclusive end)
    ended_how: str | None = None
    name_history: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    successor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    predecessor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    reorganizations: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()

    if TYPE_CHECKING:
        code: str
        name: str
        kind: str
        founded_on: date
        parents: list[dict[str, Any]]
        children: list[dict[str, Any]]
        entries: list[Entry]
        quotas: list[dict[str, Any]]

        @property
        def org_kind(self) -> OrgKind: ...
        def parent_on(self, day: date) -> str | None: ...
        def children_on(self, day: date) -> list[str]: ...
        def roll_on(self, as_of: date, known_at: datetime | None = None) -> set[UUID]: ...
        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    # -- events -------------------------------------------------------------------------

    class Reorganized(Aggregate.Event):
        """Base: a structural change made by a decision, in force from `effective_on`."""

        effective_on: date
        decision_no: str | None
        decision_on: date | None
        decided_by: str | None
        recorded_by: str

        def log(self, org: Reorganizable, how: str, related: list[str]) -> None:
            record = {
                "event": type(self).__name__,
                "on": self.effective_on,
                "how": how,
                "related": related,
                "decision_no": self.decision_no,
                "decision_on": self.decision_on,
                "decided_by": self.decided_by,
                "recorded_at": self.timestamp,
            }
            org.reorganizations = [*org.reorganizations, record]

    class Renamed(Reorganized):
        """Renamed (đổi tên) from a day."""

        name: str

        def apply(self, aggregate: Reorganizable) -> None:
            if not aggregate.name_history:
                aggregate.name_history = [{"from": aggregate.founded_on, "name": aggregate.name}]
            aggregate.name_history = [
                *aggregate.name_history,
                {"from": self.effective_on, "name": self.name},
            ]
            aggregate.name = self.name
            self.log(aggregate, RENAMED, [])

    class Moved(Reorganized):
        """Placed under another parent from a day (chuyển trực thuộc); a merge or split moves too."""

        from_parent: str | None
        to_parent: str
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.parents.append({"from": self.effective_on, "parent": self.to_parent})
            related = [p for p in (self.from_parent, self.to_parent) if p]
            self.log(aggregate, self.how, related)

    class ChildDetached(Reorganized):
        """A child is no longer under this organization from a day (moved away or ended)."""

        child: str
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            for link in aggregate.children:
                if link["code"] == self.child and link["until"] is None:
                    link["until"] = self.effective_on
            self.log(aggregate, self.how, [self.child])

    class ChildReceived(Reorganized):
        """An existing organization placed under this one from a day by a reorganization."""

        child: str
        from_parent: str | None
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.children.append(
                {"code": self.child, "from": self.effective_on, "until": None}
            )
            self.log(aggregate, self.how, [self.child])

    class SuccessorOf(Reorganized):
        """Takes over from predecessors from a day: founded as their successor, or absorbing them."""

        predecessors: list[str]
        how: str

        def apply(self, aggregate: Reorganizable) -> None:
            links = [
                {"code": c, "on": self.effective_on, "how": self.how} for c in self.predecessors
            ]
            aggregate.predecessor_links = [*aggregate.predecessor_links, *links]
            self.log(aggregate, self.how, list(self.predecessors))

    class Ended(Reorganized):
        """Ended (kết thúc hoạt động) by a merger, a split or a dissolution; exists through the day before."""

        how: str
        successors: list[str]

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.ended_on = self.effective_on
            aggregate.ended_how = self.how
            links = [{"code": c, "on": self.effective_on, "how": self.how} for c in self.successors]
            aggregate.successor_links = [*aggregate.successor_links, *links]
            # No parent from the end on: parent_on() agrees with the parent's children_on().
            aggregate.parents.append({"from": self.effective_on, "parent": None})
            self.log(aggregate, self.how, list(self.successors))

    class QuotaCarried(Reorganized):
        """A share of an ended organization's admission target taken over (recorded with its QuotaSet)."""

        from_org: str
        period: str
        share: int
        assigned_by: str

        def apply(self, aggregate: Reorganizable) -> None:
            self.log(aggregate, "quota", [self.from_org])

    class Carried(Aggregate.Event):
        """Base: a member carried between rolls by a reorganization (a roll entry, like RollEvent)."""

        carried: ClassVar[EventType]
        event_id: UUID
        member_id: UUID
        effective_on: date
        recorded_by: str
        details: dict[str, Any]

        def apply(self, aggregate: Reorganizable) -> None:
            aggregate.entries.append(
                {
                    **self.details,
                    "event_id": self.event_id,
                    "type": self.type_value(),
                    "org": aggregate.code,
                    "member_id": self.member_id,
                    "effective_on": self.effective_on,
                    "recorded_at": self.timestamp,
                    "recorded_by": self.recorded_by,
                }
            )

        def type_value(self) -> str:
            return self.carried.value

    class CarriedOut(Carried):
        """Carried off this roll to a successor's (chuyển theo quyết định sắp xếp)."""

        carried = EventType.CARRIED_OUT

    class CarriedIn(Carried):
        """Carried onto this roll from a predecessor's, keeping status and probation."""

        carried = EventType.CARRIED_IN

    # -- reads --------------------------------------------------------------------------

    def exists_on(self, day: date) -> bool:
        """Founded on or before the day and not ended by then."""
        return self.founded_on <= day and (self.ended_on is None or day < self.ended_on)

    def name_on(self, day: date) -> str:
        """The name in force on a day (the founding name before any renaming)."""
        if not self.name_history:
            return self.name
        current: str = self.name_history[0]["name"]
        for record in self.name_history:
            if record["from"] <= day:
                current = record["name"]
        return current

    def predecessors(self) -> list[tuple[str, date, str]]:
        return [(x["code"], x["on"], x["how"]) for x in self.predecessor_links]

    def successors(self) -> list[tuple[str, date, str]]:
        return [(x["code"], x["on"], x["how"]) for x in self.successor_links]

    def roll_after_reorganization(self, day: date) -> set[UUID]:
        """Members on the roll once the day's reorganizations are done, before its other events."""
        members: set[UUID] = set()
        for entry in effective(self.entries):
            kind = EventType(entry["type"])
            if entry["effective_on"] > day or (entry["effective_on"] == day and not kind.is_carry):
                continue
            if kind.joins_roll:
                members.add(entry["member_id"])
            elif kind.leaves_roll:
                members.discard(entry["member_id"])
        return members

    # -- commands -----------------------------------------------------------------------

    def rename(
        self,
        *,
        name: str,
        on: date,
        today: date,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Rename from a day; the former name stays the name of the days before."""
        check_new_name(name)
        self.check_reorganization_date(on, today)
        self.check_not_ended(on)
        self.check_name_changes(name.strip(), on)
        self.trigger_event(
            self.Renamed,
            name=name.strip(),
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    def move_under(
        self,
        parent: Reorganizable,
        *,
        parent_chain: list[str],
        on: date,
        today: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> str | None:
        """Place under `parent` from a day (`parent_chain`: its ancestors on that day); returns the old parent."""
        check_how(how)
        self.check_reorganization_date(on, today)
        self.check_not_ended(on)
        self.check_after_last_move(on)
        old = self.parent_on(on)
        self.check_new_parent(parent, old, parent_chain, on)
        self.trigger_event(
            self.Moved,
            from_parent=old,
            to_parent=parent.code,
            how=how,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )
        return old

    def detach_child(
        self,
        child: str,
        *,
        on: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """The child leaves this organization from a day (moved elsewhere or ended)."""
        self.check_child_linked(child, on)
        self.trigger_event(
            self.ChildDetached,
            child=child,
            how=how,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    def receive_child(
        self,
        child: str,
        *,
        from_parent: str | None,
        on: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """An existing organization comes under this one from a day."""
        self.check_exists_on(on)
        self.trigger_event(
            self.ChildReceived,
            child=child,
            from_parent=from_parent,
            how=how,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    def carry_out(
        self,
        *,
        event_id: UUID,
        member_id: UUID,
        to: str,
        pair: UUID,
        on: date,
        today: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> Entry:
        """Carry a member off this roll to a successor's; returns the stored entry."""
        check_how(how)
        self.check_reorganization_date(on, today)
        self.check_not_ended(on)
        details = {"to": to, "pair": pair, "reorganization": how, **_present(decision)}
        self.trigger_event(
            self.CarriedOut,
            event_id=event_id,
            member_id=member_id,
            effective_on=on,
            recorded_by=recorded_by,
            details=details,
            timestamp=timestamp,
        )
        return self.entries[-1]

    def carry_in(
        self,
        *,
        event_id: UUID,
        member_id: UUID,
        source: str,
        pair: UUID,
        on: date,
        today: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> Entry:
        """Carry a member onto this roll from a predecessor's; returns the stored entry."""
        check_how(how)
        self.check_receives_members()
        self.check_exists_on(on)
        if on > today:
            raise RuleViolation("future_date", f"{on.isoformat()} is in the future", org=self.code)
        details = {"from": source, "pair": pair, "reorganization": how, **_present(decision)}
        self.trigger_event(
            self.CarriedIn,
            event_id=event_id,
            member_id=member_id,
            effective_on=on,
            recorded_by=recorded_by,
            details=details,
            timestamp=timestamp,
        )
        return self.entries[-1]

    def succeed(
        self,
        predecessors: Iterable[str],
        *,
        on: date,
        how: str,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Record that this organization takes over from its predecessors from a day (lineage)."""
        check_how(how)
        codes = sorted(set(predecessors))
        self.check_exists_on(on)
        self.check_predecessors(codes)
        self.trigger_event(
            self.SuccessorOf,
            predecessors=codes,
            how=how,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    def end(
        self,
        *,
        on: date,
        today: date,
        how: str,
        successors: Iterable[str],
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """End from a day: the roll must be empty and every child gone (carried or moved) by then."""
        if how not in ENDINGS:
            raise InvalidValue("how", f"must be one of: {', '.join(sorted(ENDINGS))}")
        codes = sorted(set(successors))
        self.check_reorganization_date(on, today)
        self.check_not_ended(on)
        self.check_successors(codes, how)
        self.check_roll_empty(on)
        self.check_no_children(on)
        self.check_nothing_after_end(on)
        self.trigger_event(
            self.Ended,
            how=how,
            successors=codes,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    def note_quota_carried(
        self,
        *,
        from_org: str,
        period: str,
        share: int,
        assigned_by: str,
        on: date,
        decision: DecisionFields,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Say where a quota set on this organization by a reorganization came from."""
        self.trigger_event(
            self.QuotaCarried,
            from_org=from_org,
            period=period,
            share=share,
            assigned_by=assigned_by,
            effective_on=on,
            recorded_by=recorded_by,
            timestamp=timestamp,
            **decision,
        )

    # -- guards: each names its rule ------------------------------------------------------

    def check_not_ended(self, day: date) -> None:
        if self.ended_on is not None and day >= self.ended_on:
            raise RuleViolation(
                "org_ended",
                f"{self.code} ended on {day_before(self.ended_on).isoformat()} "
                f"({self.ended_how}): nothing can happen in it from {self.ended_on.isoformat()}",
                org=self.code,
                ended_on=self.ended_on.isoformat(),
            )

    def check_exists_on(self, day: date) -> None:
        self.check_not_ended(day)
        if day < self.founded_on:
            raise RuleViolation(
                "before_founding",
                f"{self.code} was founded on {self.founded_on.isoformat()}, after {day.isoformat()}",
                org=self.code,
            )

    def check_reorganization_date(self, day: date, today: date) -> None:
        """The organization existed the day before: the old structure holds through D-1."""
        if day > today:
            raise RuleViolation(
                "future_date",
                f"the effective date {day.isoformat()} is in the future",
                org=self.code,
            )
        if day <= self.founded_on:
            raise RuleViolation(
                "before_founding",
                f"{self.code} was founded on {self.founded_on.isoformat()}: a reorganization of it "
                f"takes effect later, not on {day.isoformat()}",
                org=self.code,
            )

    def check_name_changes(self, name: str, on: date) -> None:
        if name == self.name_on(on):
            raise RuleViolation(
                "name_unchanged", f"{self.code} is already named {name!r}", org=self.code
            )
        last = max((r["from"] for r in self.name_history), default=self.founded_on)
        if on <= last:
            raise RuleViolation(
                "structure_out_of_order",
                f"{self.code} was renamed with effect from {last.isoformat()}: "
                f"a renaming cannot take effect before, on {on.isoformat()}",
                org=self.code,
            )

    def check_after_last_move(self, on: date) -> None:
        last = max(link["from"] for link in self.parents)
        if on <= last:
            raise RuleViolation(
                "structure_out_of_order",
                f"{self.code} has a place in the hierarchy from {last.isoformat()}: "
                f"a move cannot take effect before, on {on.isoformat()}",
                org=self.code,
            )

    def check_new_parent(
        self, parent: Reorganizable, old: str | None, parent_chain: list[str], on: date
    ) -> None:
        if parent.code == old:
            raise RuleViolation(
                "move_to_same_parent", f"{self.code} is already under {old}", org=self.code
            )
        if self.code in parent_chain or parent.code == self.code:
            raise RuleViolation(
                "move_into_own_subtree",
                f"{parent.code} is inside {self.code} on {on.isoformat()}: it cannot become its parent",
                org=self.code,
            )
        allowed = ALLOWED_PARENTS[self.org_kind]
        if parent.org_kind not in allowed:
            names = ", ".join(sorted(k.value if k else "none" for k in allowed))
            raise RuleViolation(
                "parent_kind",
                f"a {self.kind} must be placed under: {names} (not {parent.kind})",
                org=self.code,
            )
        parent.check_exists_on(on)

    def check_child_linked(self, child: str, day: date) -> None:
        if child not in self.children_on(day):
            raise RuleViolation(
                "not_a_child",
                f"{child} is not under {self.code} on {day.isoformat()}",
                org=self.code,
            )

    def check_receives_members(self) -> None:
        if not self.org_kind.holds_members:
            raise RuleViolation(
                "org_holds_no_members",
                f"{self.code} is a {self.kind}: members can be carried only to cells "
                "(chi bộ) and grassroots cells (chi bộ cơ sở)",
                org=self.code,
            )

    def check_predecessors(self, codes: list[str]) -> None:
        if not codes:
            raise InvalidValue("predecessors", "name at least one predecessor")
        if self.code in codes:
            raise RuleViolation(
                "successor_is_source",
                f"{self.code} cannot be its own successor",
                org=self.code,
            )

    def check_successors(self, codes: list[str], how: str) -> None:
        if self.code in codes:
            raise RuleViolation(
                "successor_is_source", f"{self.code} cannot be its own successor", org=self.code
            )
        if how in (MERGED, SPLIT) and not codes:
            raise RuleViolation(
                "successor_required",
                f"a {how} organization hands over to at least one successor",
                org=self.code,
            )
        if how == SPLIT and len(codes) < 2:
            raise RuleViolation(
                "successor_required", "a split hands over to at least two successors", org=self.code
            )

    def check_roll_empty(self, on: date) -> None:
        left = self.roll_on(on)
        if left:
            raise RuleViolation(
                "roll_not_empty",
                f"{self.code} still has {len(left)} member(s) on its roll on {on.isoformat()}: "
                "carry them to a successor first",
                org=self.code,
                members=len(left),
            )

    def check_no_children(self, on: date) -> None:
        left = self.children_on(on)
        if left:
            raise RuleViolation(
                "has_children",
                f"{self.code} still has {len(left)} organization(s) under it on {on.isoformat()} "
                f"({', '.join(sorted(left)[:5])}): move them to a successor first",
                org=self.code,
            )

    def check_nothing_after_end(self, on: date) -> None:
        later = [
            e
            for e in effective(self.entries)
            if e["effective_on"] >= on and e["type"] != EventType.CARRIED_OUT
        ]
        later_children = [c["code"] for c in self.children if c["from"] > on]
        if later or later_children:
            what = f"{len(later)} roll event(s)" if later else f"children {later_children[:5]}"
            raise RuleViolation(
                "events_after_end",
                f"{self.code} has {what} in force on or after {on.isoformat()}: "
                "retract or re-record them in the successor before ending it",
                org=self.code,
            )

    def check_not_a_carry(self, target: Entry) -> None:
        if EventType(target["type"]).is_carry:
            raise RuleViolation(
                "reorganization_entry",
                "a member carried by a reorganization is moved back only by another "
                "reorganization decision, not by amending the carry",
                org=self.code,
            )

    def check_retraction_keeps_roll_closed(self, target: Entry) -> None:
        """Retracting a removal in an ended organization would put someone back on a closed roll."""
        self.check_not_a_carry(target)
        if self.ended_on is not None and EventType(target["type"]).leaves_roll:
            raise RuleViolation(
                "org_ended",
                f"{self.code} ended on {day_before(self.ended_on).isoformat()}: retracting this "
                "removal would leave the member on a closed roll",
                org=self.code,
            )

    def check_recordable(self, kind: EventType) -> None:
        """Carries come only from decisions; an ended organization's roll takes no one back."""
        if kind.is_carry:
            raise RuleViolation(
                "reorganization_entry",
                f"{kind.value} is recorded only by a reorganization decision (merge, split or "
                "dissolution), not as a roll event",
                org=self.code,
            )
        if self.ended_on is not None and kind.joins_roll:
            # Even dated before the end: nobody would carry this member out of the closed roll.
            raise RuleViolation(
                "org_ended",
                f"{self.code} ended on {day_before(self.ended_on).isoformat()}: its roll is closed; "
                "record the intake in its successor",
                org=self.code,
                ended_on=self.ended_on.isoformat(),
            )


def check_how(how: str) -> None:
    if how not in HOWS:
        raise InvalidValue("how", f"must be one of: {', '.join(sorted(HOWS))}")


def check_new_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidValue("name", "must be 1-200 characters")


def _present(decision: DecisionFields) -> dict[str, Any]:
    return {k: v for k, v in decision.items() if v is not None}
