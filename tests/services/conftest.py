"""Service fixtures: members brought onto a roll through the Registry, and raw database access."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from domain.roll.profile import MemberProfile
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef, Receipt, Recognize
from tests import writes

CLERK = "clerk@test"


@pytest.fixture
def admit(
    registry: Registry, make_profile: Callable[..., MemberProfile]
) -> Callable[..., tuple[Receipt, MemberProfile]]:
    """Admits a (new, unless given) person to a cell on a ceremony date; returns receipt, profile."""

    def admit_(
        org: str, on: date = date(2020, 3, 10), profile: MemberProfile | None = None, **kw: Any
    ) -> tuple[Receipt, MemberProfile]:
        person = profile or make_profile()
        decision = Decision("01-QĐ/ĐU", kw.pop("decision_on", on), "Đảng ủy xã An")
        command = Admit(MemberRef(profile=person), on, decision, **kw)
        return writes.admit(registry, org, command, CLERK), person

    return admit_


@pytest.fixture
def official(
    registry: Registry, admit: Callable[..., tuple[Receipt, MemberProfile]]
) -> Callable[..., Receipt]:
    """Admits a person on 10 March 2020 and recognizes them on 10 March 2021; returns the admission."""

    def official_(org: str) -> Receipt:
        admitted, _ = admit(org, date(2020, 3, 10))
        writes.recognize(
            registry, org, Recognize(MemberRef(member_id=admitted.member_id), None), CLERK
        )
        return admitted

    return official_


class RawDatabase:
    """Plain SQL on the test database, beside the registry (sqlite3 or psycopg)."""

    def __init__(self, settings: Settings) -> None:
        self.dialect = settings.dialect
        if self.dialect == "sqlite":
            self.conn: Any = sqlite3.connect(settings.sqlite_path, isolation_level=None)
            self.error: type[Exception] = sqlite3.DatabaseError
        else:
            import psycopg

            self.conn = psycopg.connect(settings.database_url, autocommit=True)
            self.error = psycopg.Error

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.conn.execute(sql).fetchall()]

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def raw_db(settings: Settings) -> Iterator[RawDatabase]:
    """A direct connection to the test database, for what the registry will not do."""
    db = RawDatabase(settings)
    yield db
    db.close()
