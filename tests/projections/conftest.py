"""Projection fixtures: a clerk that records roll events at chosen moments, and the queries.

Built on the shared fixtures of tests/conftest.py (settings, registry, clock, make_profile,
province); `fresh_world` gives hypothesis examples an empty database each.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from domain.errors import DomainError
from domain.profile import MemberProfile
from domain.values import EventType, OrgKind, StrikeOffReason
from projections.queries import Queries
from services.commands import (
    Admit,
    Correct,
    Counterpart,
    Decision,
    MemberRef,
    Receipt,
    Recognize,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)
from services.config import TIMEZONE, Settings
from services.registry import Registry
from services.wiring import build_registry

CLERK = "clerk@test"
_people = itertools.count(1)


def moment(day: date, hour: int = 10) -> datetime:
    """An instant on a Vietnamese calendar day (10:00 local by default), in UTC."""
    return datetime.combine(day, time(hour), TIMEZONE).astimezone(UTC)


class Clerk:
    """Records roll events through the registry with the clock set to the recording day."""

    def __init__(
        self, registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]
    ) -> None:
        self.registry, self.clock, self.make_profile = registry, clock, make_profile

    def on(self, day: date, hour: int = 10) -> None:
        self.clock.set(moment(day, hour))

    def person(self, **overrides: Any) -> MemberProfile:
        number = next(_people)
        return self.make_profile(national_id=f"0792{number:08d}", **overrides)

    def admit(self, org: str, on: date, profile: MemberProfile | None = None) -> Receipt:
        person = profile or self.person()
        command = Admit(MemberRef(profile=person), on, Decision("01-QĐ", on, "Đảng ủy"))
        return self.registry.admit(org, command, CLERK)

    def recognize(self, org: str, member_id: Any) -> Receipt:
        return self.registry.recognize(org, Recognize(MemberRef(member_id=member_id), None), CLERK)

    def transfer(self, org: str, member_id: Any, to: str, on: date) -> Receipt:
        command = TransferOut(MemberRef(member_id=member_id), on, destination=Counterpart(code=to))
        return self.registry.transfer_out(org, command, CLERK)

    def arrive(self, org: str, on: date, profile: MemberProfile | None = None) -> Receipt:
        command = TransferIn(
            MemberRef(profile=profile or self.person()), on, source=Counterpart(outside="Tỉnh khác")
        )
        return self.registry.transfer_in(org, command, CLERK)

    def remove(
        self, org: str, member_id: Any, on: date, kind: EventType = EventType.DIED
    ) -> Receipt:
        reason = StrikeOffReason.NON_ATTENDANCE if kind == EventType.STRUCK_OFF else None
        command = Remove(MemberRef(member_id=member_id), on, removal=kind, reason=reason)
        return self.registry.remove(org, command, CLERK)

    def correct(self, org: str, event_id: Any, changes: dict[str, Any]) -> Receipt:
        return self.registry.correct(org, Correct(event_id, "ghi nhầm", changes), CLERK)

    def retract(self, org: str, event_id: Any) -> Receipt:
        return self.registry.retract(org, Retract(event_id, "ghi nhầm"), CLERK)

    def attempt(self, action: Callable[..., Receipt], *args: Any) -> Receipt | None:
        """Run a command; None when the domain refuses it (random histories try anything)."""
        try:
            return action(*args)
        except DomainError:
            return None


@pytest.fixture
def clerk(registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]) -> Clerk:
    """Records events through the shared registry, on the shared clock."""
    return Clerk(registry, clock, make_profile)


@pytest.fixture
def queries(settings: Settings, clock: Any) -> Queries:
    """The read side on the test database and clock."""
    return Queries(settings, clock=clock)


@pytest.fixture
def fresh_world(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Any, clock: Any
) -> Iterator[Callable[[], tuple[Registry, Queries]]]:
    """Builds a registry and queries on an emptied database, once per hypothesis example."""
    opened: list[Registry] = []
    counter = itertools.count()

    def make() -> tuple[Registry, Queries]:
        while opened:
            opened.pop().close()
        if settings.dialect == "sqlite":
            url = f"sqlite:///{tmp_path / f'world{next(counter)}.db'}"
        else:
            url = settings.database_url
            wipe_postgres(url)
        world = Settings(database_url=url, deployment=settings.deployment, pool_size=2)
        registry = build_registry(world, clock=clock)
        opened.append(registry)
        return registry, Queries(world, clock=clock)

    yield make
    while opened:
        opened.pop().close()


def wipe_postgres(url: str) -> None:
    """Empty every table, as the shared `database` fixture does before each test."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        tables = conn.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f"DELETE FROM {table}")
        for (sequence,) in conn.execute("SELECT quote_ident(sequencename) FROM pg_sequences"):
            conn.execute(f"ALTER SEQUENCE {sequence} RESTART")


def found_tree(registry: Registry, clock: Any) -> dict[str, str]:
    """A province with a district holding a committee of two cells, and a grassroots cell."""
    clock.set(moment(date(2010, 1, 1)))
    tree = [
        ("T1", OrgKind.PROVINCE, None),
        ("T1.D", OrgKind.DISTRICT, "T1"),
        ("T1.D.C", OrgKind.GRASSROOTS_COMMITTEE, "T1.D"),
        ("T1.D.C.1", OrgKind.CELL, "T1.D.C"),
        ("T1.D.C.2", OrgKind.CELL, "T1.D.C"),
        ("T1.D.G", OrgKind.GRASSROOTS_CELL, "T1.D"),
    ]
    for code, kind, parent in tree:
        registry.found_organization(code, f"Tổ chức {code}", kind, parent, date(2005, 1, 1), CLERK)
    return {code: kind.value for code, kind, _ in tree}


CELLS = ("T1.D.C.1", "T1.D.C.2", "T1.D.G")
TREE = ("T1", "T1.D", "T1.D.C", *CELLS)
EPOCH_DAY = date(2012, 1, 1)


def days(n: int) -> timedelta:
    return timedelta(days=n)
