"""The named rules a reorganization command checks before it triggers anything."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.errors import InvalidValue, RuleViolation
from domain.roll.history import Entry, effective
from domain.roll.values import ALLOWED_PARENTS, EventType, OrgKind
from domain.structure.decisions import MERGED, SPLIT, day_before


class ReorganizationGuards:
    """Guards of reorganization commands, each raising a RuleViolation that names its rule."""

    if TYPE_CHECKING:
        ended_on: date | None
        ended_how: str | None
        successor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]]
        predecessor_links: tuple[dict[str, Any], ...] | list[dict[str, Any]]
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

        def exists_on(self, day: date) -> bool: ...
        def name_on(self, day: date) -> str: ...

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
        self, parent: ReorganizationGuards, old: str | None, parent_chain: list[str], on: date
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
            if e.effective_on >= on and e.type != EventType.CARRIED_OUT
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
        if EventType(target.type).is_carry:
            raise RuleViolation(
                "reorganization_entry",
                "a member carried by a reorganization is moved back only by another "
                "reorganization decision, not by amending the carry",
                org=self.code,
            )

    def check_retraction_keeps_roll_closed(self, target: Entry) -> None:
        """Retracting a removal in an ended organization would put someone back on a closed roll."""
        self.check_not_a_carry(target)
        if self.ended_on is not None and EventType(target.type).leaves_roll:
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
