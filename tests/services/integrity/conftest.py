"""Integrity fixtures: a sealed log, the `sodang` command on it, and an insider with SQL access."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner, Result

from domain.roll.values import OrgKind
from services.cli import main
from services.config import Settings
from services.registry import Registry
from tests import writes

RECORDED_BY = "test-clerk"
CELLS = 8


@dataclass(frozen=True)
class StoredRow:
    position: int
    originator_id: Any
    version: int
    topic: str
    state: bytes


class Insider:
    """Someone with the database's credentials (PostgreSQL: a superuser), not the application's."""

    def __init__(self, settings: Settings) -> None:
        self.dialect = settings.dialect
        if self.dialect == "sqlite":
            self.conn: Any = sqlite3.connect(settings.sqlite_path, isolation_level=None)
            self.events, self.position, self.p = "stored_events", "rowid", "?"
        else:
            import psycopg

            self.conn = psycopg.connect(settings.database_url, autocommit=True)
            self.events, self.position, self.p = "registry_events", "notification_id", "%s"

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.conn.execute(sql, params)

    def rows(self) -> list[StoredRow]:
        found = self.conn.execute(
            f"SELECT {self.position}, originator_id, originator_version, topic, state "
            f"FROM {self.events} ORDER BY {self.position}"
        ).fetchall()
        return [StoredRow(r[0], r[1], r[2], r[3], bytes(r[4])) for r in found]

    def row(self, position: int) -> StoredRow:
        return next(r for r in self.rows() if r.position == position)

    def middle(self) -> StoredRow:
        rows = self.rows()
        return rows[len(rows) // 2]

    def set_state(self, position: int, state: bytes) -> None:
        """UPDATE one payload (the caller has got the triggers out of the way)."""
        self.execute(
            f"UPDATE {self.events} SET state = {self.p} WHERE {self.position} = {self.p}",
            (state, position),
        )

    def update_as_replica(self, position: int, state: bytes) -> None:
        """PostgreSQL: row triggers do not fire for a session in replica mode."""
        with self.conn.transaction():
            self.execute("SET LOCAL session_replication_role = replica")
            self.set_state(position, state)

    def close(self) -> None:
        self.conn.close()


def forged(state: bytes) -> bytes:
    """The payload with one byte changed (plaintext JSON: a name; ciphertext: one bit)."""
    if b"Chi b" in state:
        return state.replace("Chi bộ".encode(), "Chi bô".encode(), 1)
    return state[:-1] + bytes([state[-1] ^ 1])


@pytest.fixture
def insider(settings: Settings) -> Iterator[Insider]:
    """Direct SQL on the test database, as an insider would have it."""
    db = Insider(settings)
    yield db
    if db.dialect == "postgresql":
        # The PostgreSQL test database outlives the test: leave no table with a partial set of
        # triggers, or the next test's registry would rightly raise a tamper alarm.
        for table in ("registry_events", "registry_snapshots", "log_leaves", "snapshot_seals"):
            if db.conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0]:
                for trigger in ("sodang_events_immutable", "sodang_events_no_truncate"):
                    db.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    db.close()


def found_cells(registry: Registry, count: int = CELLS) -> None:
    """A province and `count` cells under it: about two events per cell."""
    writes.found_organization(
        registry, "T01", "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None, date(1990, 1, 1), RECORDED_BY
    )
    for n in range(1, count + 1):
        writes.found_organization(
            registry,
            f"T01.CB{n:02d}",
            f"Chi bộ thôn {n}",
            OrgKind.GRASSROOTS_CELL,
            "T01",
            date(2000, 1, 1),
            RECORDED_BY,
        )


@pytest.fixture
def sealed(registry: Registry) -> Registry:
    """A registry whose log holds a province and its cells, every event sealed."""
    found_cells(registry)
    return registry


def cli_for(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    monkeypatch.setenv("SODANG_SIGNING_KEY_FILE", str(settings.signing_key_file))
    monkeypatch.setenv("SODANG_WITNESS_DIR", str(settings.witness_dir))
    if settings.cipher_key:
        monkeypatch.setenv("SODANG_CIPHER_KEY", settings.cipher_key)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def sodang(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Runs `sodang ...` against the test database, its signing key and witness directory."""
    return cli_for(settings, monkeypatch)
