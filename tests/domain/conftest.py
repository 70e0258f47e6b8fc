"""Domain fixtures: aggregates built directly, no database, no application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid4, uuid5

import pytest

from domain.roll.history import Entry
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.profile import MemberProfile
from domain.roll.values import EventType, Ids, OrgKind

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
FOUNDED = date(2000, 1, 1)


class Book:
    """Founds organizations and records roll events on them, noting each on the member, as the
    handlers do: the organization records first, then the member's history checks the rules."""

    def __init__(self) -> None:
        self.ids = Ids(uuid5(NAMESPACE_URL, "urn:sodang:domain-tests"))
        self.members: dict[str, Member] = {}
        self.province = self.found("T01", OrgKind.PROVINCE, None, date(1990, 1, 1))
        self.committee = self.found("T01.DU01", OrgKind.GRASSROOTS_COMMITTEE, self.province)
        self.cell = self.found("T01.DU01.CB01", OrgKind.CELL, self.committee)
        self.other_cell = self.found("T01.DU01.CB02", OrgKind.CELL, self.committee)

    def found(
        self,
        code: str,
        kind: OrgKind,
        parent: Organization | None,
        founded_on: date = FOUNDED,
        today: date = TODAY,
    ) -> Organization:
        return Organization.found(
            id=self.ids.organization(code),
            code=code,
            name=f"Tổ chức {code}",
            kind=kind,
            parent=parent,
            founded_on=founded_on,
            today=today,
            recorded_by="test",
            timestamp=NOW,
        )

    def member(self, national_id: str) -> Member:
        if national_id not in self.members:
            self.members[national_id] = Member.identify(
                id=self.ids.member(national_id), national_id=national_id, timestamp=NOW
            )
        return self.members[national_id]

    def record(
        self,
        org: Organization,
        kind: EventType,
        person: MemberProfile,
        on: date,
        *,
        at: datetime = NOW,
        **details: Any,
    ) -> Entry:
        """Record `kind` for `person` effective `on`; intakes carry the person's attributes."""
        member = self.member(person.national_id)
        if kind.is_intake:
            details.setdefault("member", person.as_dict())
        entry = org.record(
            kind,
            event_id=uuid4(),
            member_id=member.id,
            effective_on=on,
            today=TODAY,
            recorded_by="test",
            timestamp=at,
            details=details,
        )
        member.note(entry, at)
        return entry

    def history_of(self, person: MemberProfile) -> Any:
        return self.member(person.national_id).history()


@pytest.fixture
def book() -> Book:
    """A province with a grassroots committee and two cells, founded 1 January 2000."""
    return Book()


@pytest.fixture
def person(make_profile: Callable[..., MemberProfile]) -> MemberProfile:
    """One valid person born 15 May 1995."""
    return make_profile()
