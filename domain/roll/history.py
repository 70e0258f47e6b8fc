"""A member's history in valid time, rebuilt from roll entries and checked against the rules.

The entries are `Entry` records (domain/roll/entry.py, re-exported here), folded by `effective`
(corrections applied, retractions dropped) before `MemberHistory.replay` checks them in order
against the rules of domain/roll/history_rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.roll.entry import Entry, apply_changes, effective  # noqa: F401 (re-exported)
from domain.roll.history_rules import HistoryRules, Stint
from domain.roll.profile import merged
from domain.roll.values import (
    EventType,
    MemberStatus,
)


@dataclass
class MemberHistory(HistoryRules):
    """What the rules need to know about one person, replayed from their effective entries."""

    stints: list[Stint] = field(default_factory=list)
    # (day, status) changes; the status on a day is the last change on or before it.
    statuses: list[tuple[date, MemberStatus]] = field(default_factory=list)
    probation_from: date | None = None
    died_on: date | None = None
    profile: dict[str, Any] | None = None

    @property
    def current(self) -> Stint | None:
        if self.stints and self.stints[-1].end is None:
            return self.stints[-1]
        return None

    def org_on(self, day: date) -> str | None:
        for stint in reversed(self.stints):
            if stint.covers(day):
                return stint.org
        return None

    def status_on(self, day: date) -> MemberStatus | None:
        if self.org_on(day) is None:
            return None
        status = None
        for changed_on, value in self.statuses:
            if changed_on <= day:
                status = value
        return status

    @classmethod
    def replay(cls, entries: list[Entry]) -> MemberHistory:
        """Replay effective entries; the first rule broken raises RuleViolation."""
        history = cls()
        for entry in entries:
            history.apply(entry)
        return history

    def apply(self, entry: Entry) -> None:
        kind = EventType(entry.type)
        day: date = entry.effective_on
        self.check_not_deceased(entry)
        if kind.joins_roll:
            # An intake, or a carry in by a reorganization (it keeps status and probation).
            self.check_not_on_another_roll(entry)
            self._intake(kind, entry)
        elif kind == EventType.RECOGNIZED:
            self.check_on_roll(entry)
            self.check_probation_complete(entry)
            self.statuses.append((day, MemberStatus.OFFICIAL))
            self.probation_from = None
        elif kind.leaves_roll:
            # A removal, or a carry out by a reorganization (paired with its carry in).
            self.check_on_roll(entry)
            if kind == EventType.EXPELLED:
                self.check_official_for_expulsion(entry)
            if kind == EventType.STRUCK_OFF:
                self.check_strike_off_reason(entry)
            stint = self.stints[-1]
            stint.end, stint.ended_by = day, kind.value
            if kind == EventType.DIED:
                self.died_on = day

    def _intake(self, kind: EventType, entry: Entry) -> None:
        day: date = entry.effective_on
        if entry.member:
            self.profile = merged(self.profile, entry.member)
        if kind == EventType.ADMITTED:
            self.check_first_admission(entry)
        if kind == EventType.READMITTED:
            self.check_readmission_wait(entry)
        if kind in (EventType.ADMITTED, EventType.READMITTED):
            self.check_decision_before_ceremony(entry)
            self.check_admission_age(entry)
            status, self.probation_from = MemberStatus.PROBATIONARY, day
        elif entry.details.get("from_outside"):
            status = MemberStatus(entry.details.get("status") or MemberStatus.OFFICIAL)
            self.probation_from = (
                entry.details.get("admitted_on") if status == MemberStatus.PROBATIONARY else None
            )
        else:
            # Moving inside the deployment keeps the status and the probation clock.
            status = self.statuses[-1][1] if self.statuses else MemberStatus.OFFICIAL
        self.stints.append(Stint(org=entry.org, start=day))
        self.statuses.append((day, status))
