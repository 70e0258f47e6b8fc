"""Reorganization commands of an Organization: each checks its guards, then triggers its event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from domain.errors import InvalidValue, RuleViolation
from domain.roll.history import Entry
from domain.structure.decisions import (
    ENDINGS,
    DecisionFields,
    check_how,
    check_new_name,
    present,
)
from domain.structure.guards import ReorganizationGuards


class ReorganizationCommands(ReorganizationGuards):
    """Rename, move, detach and receive children, carry members, succeed, end, carry quotas."""

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
        parent: ReorganizationGuards,
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
        details = {"to": to, "pair": pair, "reorganization": how, **present(decision)}
        self.trigger_event(
            self.CarriedOut,
            event_id=event_id,
            member_id=member_id,
            effective_on=on,
            recorded_by=recorded_by,
            details=details,
            timestamp=timestamp,
        )
        return self.roll.last

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
        details = {"from": source, "pair": pair, "reorganization": how, **present(decision)}
        self.trigger_event(
            self.CarriedIn,
            event_id=event_id,
            member_id=member_id,
            effective_on=on,
            recorded_by=recorded_by,
            details=details,
            timestamp=timestamp,
        )
        return self.roll.last

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
