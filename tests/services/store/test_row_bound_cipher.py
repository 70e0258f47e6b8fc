"""Encryption at rest binds each stored state to its row (stream, version, topic)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.cipher import AESCipher

from domain.roll.values import OrgKind
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, MemberRef
from services.store.row_cipher import FORMAT, RowBindingError
from tests import writes
from tests.services.conftest import RawDatabase

CLERK = "clerk@test"
CELL = "T01.DU.CB"


@dataclass(frozen=True)
class Sealed:
    """An encrypted registry with two members admitted to one cell."""

    settings: Settings
    alice: UUID
    mallory: UUID


def found_tree(registry: Registry) -> None:
    writes.found_organization(
        registry, "T01", "Tỉnh", OrgKind.PROVINCE, None, date(1990, 1, 1), CLERK
    )
    writes.found_organization(
        registry, "T01.DU", "Đảng ủy", OrgKind.GRASSROOTS_COMMITTEE, "T01", date(1990, 1, 1), CLERK
    )
    writes.found_organization(
        registry, "T01.DU.CB", "Chi bộ", OrgKind.CELL, "T01.DU", date(1990, 1, 1), CLERK
    )


def admit(registry: Registry, make_profile: Callable[..., Any], name: str) -> UUID:
    command = Admit(MemberRef(profile=make_profile(full_name=name)), date(2020, 1, 2))
    member_id = writes.admit(registry, CELL, command, CLERK).member_id
    assert member_id is not None
    return member_id


@pytest.fixture
def sealed(
    cipher_settings: Settings, open_registry: Callable[[Settings], Registry], make_profile: Any
) -> Sealed:
    registry = open_registry(cipher_settings)
    found_tree(registry)
    alice = admit(registry, make_profile, "Phạm Thị Alice")
    mallory = admit(registry, make_profile, "Trần Văn Mallory")
    return Sealed(cipher_settings, alice, mallory)


@pytest.fixture
def tamper(raw_db: RawDatabase) -> Iterator[Callable[[str, str, tuple[Any, ...]], None]]:
    """Runs one UPDATE past the immutability triggers, as someone with the database's keys could."""

    def run(table: str, sql: str, params: tuple[Any, ...]) -> None:
        if raw_db.dialect == "sqlite":
            for name in ("no_update", "no_delete"):
                raw_db.execute(f"DROP TRIGGER IF EXISTS sodang_{table}_{name}")
            raw_db.conn.execute(sql.replace("%s", "?"), params)
        else:
            with raw_db.conn.transaction():
                raw_db.conn.execute("SET LOCAL session_replication_role = replica")
                raw_db.conn.execute(sql, params)

    yield run


def stream_id(raw_db: RawDatabase, member_id: UUID) -> Any:
    return member_id.hex if raw_db.dialect == "sqlite" else member_id


def test_every_encrypted_state_carries_the_row_bound_format_and_reads_back(
    sealed: Sealed, open_registry: Callable[[Settings], Registry], raw_db: RawDatabase
) -> None:
    reader = open_registry(sealed.settings)

    states = [bytes(r[0]) for r in raw_db.rows(f"SELECT state FROM {reader.events_table}")]

    assert len(states) > 5
    assert all(state.startswith(FORMAT) for state in states)
    assert reader.get_member(sealed.alice).profile["full_name"] == "Phạm Thị Alice"
    assert len(reader.get_organization(CELL).roll_on(date(2020, 1, 2))) == 2


def test_a_state_copied_from_another_members_row_refuses_to_decrypt_naming_the_row(
    sealed: Sealed,
    open_registry: Callable[[Settings], Registry],
    raw_db: RawDatabase,
    tamper: Callable[..., None],
) -> None:
    table = open_registry(sealed.settings).events_table
    alice, mallory = stream_id(raw_db, sealed.alice), stream_id(raw_db, sealed.mallory)
    tamper(
        table,
        f"UPDATE {table} SET state = (SELECT state FROM {table} WHERE originator_id = %s "
        "AND originator_version = 1) WHERE originator_id = %s AND originator_version = 1",
        (mallory, alice),
    )

    with pytest.raises(RowBindingError) as refused:
        open_registry(sealed.settings).get_member(sealed.alice)

    message = str(refused.value)
    assert f"stream {sealed.alice} version 1" in message
    assert "Mallory" not in message and "Alice" not in message


def test_an_event_state_copied_onto_its_snapshot_row_refuses_to_decrypt(
    sealed: Sealed,
    open_registry: Callable[[Settings], Registry],
    raw_db: RawDatabase,
    tamper: Callable[..., None],
) -> None:
    registry = open_registry(sealed.settings)
    org_id = registry.ids.organization(CELL)
    registry.take_snapshot(org_id)
    version = registry.get_organization(CELL).version
    events, snapshots = registry.events_table, registry.snapshots_table
    row = stream_id(raw_db, org_id)
    assert open_registry(sealed.settings).get_organization(CELL).version == version  # via snapshot
    tamper(
        snapshots,
        f"UPDATE {snapshots} SET state = (SELECT state FROM {events} WHERE originator_id = %s "
        "AND originator_version = %s) WHERE originator_id = %s AND originator_version = %s",
        (row, version, row, version),
    )

    reopened = open_registry(sealed.settings)
    assert reopened.snapshots is not None
    [stored] = reopened.snapshots.recorder.select_events(org_id, gt=version - 1)
    with pytest.raises(RowBindingError, match=f"stream {org_id} version {version}"):
        reopened.mapper.to_domain_event(stored)
    # The registry never uses it: the snapshot fails its seal and the stream is replayed.
    assert reopened.get_organization(CELL).version == version


def test_rows_encrypted_before_row_binding_still_read(
    cipher_settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Any,
    raw_db: RawDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bound_env = Settings.eventsourcing_env

    def legacy_env(self: Settings) -> dict[str, str]:
        env = bound_env(self)
        env.pop("MAPPER_TOPIC")  # the library's own mapper and cipher, as deployed before
        return env

    monkeypatch.setattr(Settings, "eventsourcing_env", legacy_env)
    legacy = open_registry(cipher_settings)
    found_tree(legacy)
    old = admit(legacy, make_profile, "Lê Thị Cũ")
    monkeypatch.setattr(Settings, "eventsourcing_env", bound_env)

    registry = open_registry(cipher_settings)
    new = admit(registry, make_profile, "Lê Văn Mới")  # appends bound rows to the cell's stream
    reader = open_registry(cipher_settings)

    states = [bytes(r[0]) for r in raw_db.rows(f"SELECT state FROM {reader.events_table}")]
    assert any(not s.startswith(FORMAT) for s in states)
    assert any(s.startswith(FORMAT) for s in states)
    assert reader.get_member(old).profile["full_name"] == "Lê Thị Cũ"
    assert reader.get_member(new).profile["full_name"] == "Lê Văn Mới"
    assert len(reader.get_organization(CELL).roll_on(date(2020, 1, 2))) == 2


def test_a_wrong_key_is_refused_with_the_row_named(
    sealed: Sealed, open_registry: Callable[[Settings], Registry]
) -> None:
    stranger = replace(sealed.settings, cipher_key=AESCipher.create_key(32))

    with pytest.raises(RowBindingError, match=f"stream {sealed.alice} version 1"):
        open_registry(stranger).get_member(sealed.alice)
