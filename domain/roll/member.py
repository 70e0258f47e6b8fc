"""The Member aggregate: one identity per person, the consistency boundary of their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.roll.history import Entry, MemberHistory, effective
from domain.roll.values import MemberStatus


class Member(Aggregate):
    """A party member (đảng viên) across organizations.

    Every roll event stays in the stream of the organization where it happened; the
    member's stream notes each of them too, so that rules spanning organizations
    (one roll at a time, probation, readmission) are checked under one version number.
    """

    class Identified(Aggregate.Created):
        """First recorded in this deployment, identified by the national ID."""

        national_id: str

    class EntryNoted(Aggregate.Event):
        """A roll event about this member, recorded in an organization's stream."""

        # The stored payload keeps the entry's dict shape: events never change shape.
        entry: dict[str, Any]

        def apply(self, aggregate: Member) -> None:
            aggregate.entries.append(Entry.from_dict(self.entry))

    # Version 2 keeps entries as `Entry` records; snapshots of version 1 hold them as dicts.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["entries"] = [Entry.from_dict(e) for e in state["entries"]]

    def __init__(self, national_id: str) -> None:
        self.national_id = national_id
        self.entries: list[Entry] = []

    @classmethod
    def identify(cls, *, id: UUID, national_id: str, timestamp: datetime) -> Member:
        return cls._create(cls.Identified, id=id, national_id=national_id, timestamp=timestamp)

    def history(self, known_at: datetime | None = None) -> MemberHistory:
        return MemberHistory.replay(effective(self.entries, known_at))

    def note(self, entry: Entry, timestamp: datetime) -> None:
        """Note an event about this member, after checking the whole history still obeys the rules."""
        MemberHistory.replay(effective([*self.entries, entry]))
        self.trigger_event(self.EntryNoted, entry=entry.to_dict(), timestamp=timestamp)

    def status_on(self, day: date) -> MemberStatus | None:
        return self.history().status_on(day)

    def org_on(self, day: date) -> str | None:
        return self.history().org_on(day)

    @property
    def profile(self) -> dict[str, Any] | None:
        """The latest known attributes, corrections applied."""
        return self.history().profile


class ClientKey(Aggregate):
    """A client's idempotency key, already used: what it produced (khóa chống ghi trùng)."""

    class Used(Aggregate.Created):
        key: str
        fingerprint: str
        event_id: UUID
        member_id: UUID | None
        org: str

    def __init__(
        self, key: str, fingerprint: str, event_id: UUID, member_id: UUID | None, org: str
    ) -> None:
        self.key = key
        self.fingerprint = fingerprint
        self.event_id = event_id
        self.member_id = member_id
        self.org = org

    @classmethod
    def use(
        cls,
        *,
        id: UUID,
        key: str,
        fingerprint: str,
        event_id: UUID,
        member_id: UUID | None,
        org: str,
        timestamp: datetime,
    ) -> ClientKey:
        return cls._create(
            cls.Used,
            id=id,
            key=key,
            fingerprint=fingerprint,
            event_id=event_id,
            member_id=member_id,
            org=org,
            timestamp=timestamp,
        )
