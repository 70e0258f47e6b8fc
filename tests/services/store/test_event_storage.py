"""What the database itself guarantees: immutable events, encryption at rest, snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import RecordEvent
from services.roll.commands import Admit, MemberRef
from tests import writes

CLERK = "clerk@test"

TAMPERING = {
    "update": "UPDATE {table} SET topic = 'tampered'",
    "delete": "DELETE FROM {table}",
    "wipe": {"sqlite": "DELETE FROM {table} WHERE 1 = 1", "postgresql": "TRUNCATE {table}"},
}


def stored_rows(raw_db, table):
    return raw_db.rows(
        f"SELECT originator_id, originator_version, topic, state FROM {table} "
        "ORDER BY originator_id, originator_version"
    )


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_the_database_refuses_to_change_a_stored_event(registry, province, admit, raw_db, how):
    admit(province.cell)
    table = registry.events_table
    before = stored_rows(raw_db, table)
    sql = TAMPERING[how]
    sql = sql if isinstance(sql, str) else sql[raw_db.dialect]

    with pytest.raises(raw_db.error, match="immutable"):
        raw_db.execute(sql.format(table=table))

    assert stored_rows(raw_db, table) == before
    assert len(before) > 5


def states(raw_db, registry):
    tables = [registry.events_table]
    tables.append("stored_snapshots" if raw_db.dialect == "sqlite" else "registry_snapshots")
    return [bytes(row[0]) for table in tables for row in raw_db.rows(f"SELECT state FROM {table}")]


def test_without_a_cipher_key_the_state_is_plain_json(registry, province, admit, raw_db):
    _, person = admit(province.cell)

    stored = states(raw_db, registry)

    assert any(person.full_name.encode() in state for state in stored)


def test_with_a_cipher_key_no_name_is_stored_in_plain_text(
    cipher_settings, open_registry, make_profile, raw_db
):
    registry = open_registry(cipher_settings)
    writes.found_organization(
        registry, "T01", "Tỉnh", OrgKind.PROVINCE, None, date(1990, 1, 1), CLERK
    )
    writes.found_organization(
        registry, "T01.DU", "Đảng ủy", OrgKind.GRASSROOTS_COMMITTEE, "T01", date(1990, 1, 1), CLERK
    )
    writes.found_organization(
        registry, "T01.DU.CB", "Chi bộ", OrgKind.CELL, "T01.DU", date(1990, 1, 1), CLERK
    )
    person = make_profile(full_name="Quách Thị Mật")
    receipt = writes.admit(
        registry, "T01.DU.CB", Admit(MemberRef(profile=person), date(2020, 1, 2)), CLERK
    )

    stored = states(raw_db, registry)

    assert stored
    assert not any(person.full_name.encode() in state for state in stored)
    assert not any(person.national_id.encode() in state for state in stored)
    assert not any(b"Chi b" in state for state in stored)
    reader = open_registry(cipher_settings)
    assert reader.get_member(receipt.member_id).profile["full_name"] == "Quách Thị Mật"


def test_an_organization_with_more_than_200_events_reads_back_identical_from_its_snapshot(
    registry, settings, open_registry, province, make_profile
):
    on = date(2024, 1, 2)
    commands = [
        RecordEvent(province.cell, Admit(MemberRef(profile=make_profile()), on)) for _ in range(205)
    ]
    handle(registry, *commands, recorded_by=CLERK)
    org_id = registry.ids.organization(province.cell)

    snapshots = list(registry.snapshots.get(org_id))
    replayed = None
    for event in registry.events.get(org_id):
        replayed = event.mutate(replayed)
    from_snapshot = open_registry(settings).get_organization(province.cell)

    # One snapshot, taken from memory by the save that crossed version 200.
    assert [s.originator_version >= 200 for s in snapshots] == [True]
    assert from_snapshot.version == replayed.version == 206
    assert vars(from_snapshot) == vars(replayed)
    assert len(from_snapshot.roll_on(on)) == 205


@pytest.mark.backend("postgresql")
def test_a_write_after_the_server_dropped_every_connection_is_stored_once(
    registry, province, admit, raw_db
):
    # The event store's pool does not ping on checkout: a dropped connection fails one
    # attempt, the library's recorder retries and the pool opens a fresh connection.
    admit(province.cell)
    assert registry.recorder.datastore.pre_ping is False
    raw_db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    before = registry.max_position()

    receipt, person = admit(province.cell)

    assert registry.get_member(receipt.member_id).profile["full_name"] == person.full_name
    assert registry.max_position() > before
