"""A read's positions in one query (services/store/positions.py): the log's head, each active
projection's position and the users' version, as the separate reads give them."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from domain.roll.values import OrgKind
from projections.freshness import reached
from projections.runner import lowest_position
from services.config import Settings
from services.registry import Registry
from services.store.positions import PositionReader, read_positions
from services.store.users import UserStore
from tests import writes
from tests.conftest import RECORDED_BY, ProvinceCodes


@pytest.fixture
def users(settings: Settings) -> Iterator[UserStore]:
    """The deployment's accounts, closed after the test whatever it found."""
    store = UserStore(settings)
    yield store
    store.close()


def test_one_query_gives_what_the_three_separate_reads_give(
    registry: Registry, users: UserStore, province: ProvinceCodes
) -> None:
    users.create("h01.officer", province.district, "officer")

    found = read_positions(registry)

    assert found is not None
    assert found.head == registry.max_position() > 0
    assert reached(found.projections) == lowest_position(registry) == found.head
    assert found.users_version == users.version()


def found_ninth_cell(registry: Registry, province: ProvinceCodes) -> None:
    """One event on the log that also changes the tree."""
    writes.found_organization(
        registry,
        "T01.H01.DU01.CB09",
        "Chi bộ thôn Chín",
        OrgKind.CELL,
        province.committee,
        date(2024, 1, 2),
        RECORDED_BY,
    )


def test_the_one_query_names_the_tree_each_projection_keeps(
    registry: Registry, users: UserStore, province: ProvinceCodes
) -> None:
    before = read_positions(registry)
    found_ninth_cell(registry, province)

    after = read_positions(registry)

    assert before is not None and after is not None
    with users.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT name, generation, structure FROM projection_state WHERE active")
        ).all()
    assert dict(after.trees) == {
        name: (generation, structure) for name, generation, structure in rows
    }
    assert after.trees["figures"][1] > before.trees["figures"][1]  # a new cell, a new tree


def test_a_new_event_and_an_account_change_each_move_their_position(
    registry: Registry, users: UserStore, province: ProvinceCodes
) -> None:
    users.create("h01.officer", province.district, "officer")
    before = read_positions(registry)

    found_ninth_cell(registry, province)
    after_event = read_positions(registry)
    users.issue_token("h01.officer")
    after_token = read_positions(registry)

    assert before is not None and after_event is not None and after_token is not None
    assert after_event.head > before.head
    assert reached(after_event.projections) == after_event.head  # caught up by the save
    assert after_event.users_version == before.users_version
    assert after_token.users_version > after_event.users_version
    assert after_token.head == after_event.head


def test_a_database_without_the_accounts_version_answers_none(registry: Registry) -> None:
    # No UserStore opened on this database: its version row (or its table) is missing, and
    # the callers read each part on its own.
    assert read_positions(registry) is None


def test_the_process_reader_answers_as_the_one_query(
    registry: Registry, users: UserStore, province: ProvinceCodes
) -> None:
    reader = PositionReader(registry)
    try:
        assert reader.read() == read_positions(registry)
    finally:
        reader.close()


@pytest.mark.backend("postgresql")
def test_a_dead_connection_fails_one_read_and_the_next_gets_a_new_one(
    registry: Registry, users: UserStore, province: ProvinceCodes
) -> None:
    reader = PositionReader(registry, size=1)
    try:
        assert reader.pool is not None
        with reader.pool.connection() as conn:
            pid = conn.info.backend_pid
        with users.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        failed = reader.read()
        again = reader.read()

        assert failed is None  # the callers read each part on its own this time
        assert again == read_positions(registry)
    finally:
        reader.close()


@pytest.fixture
def reader(registry: Registry, users: UserStore) -> Iterator[PositionReader]:
    """The process's positions reader on the test database, closed after the test."""
    found = PositionReader(registry)
    yield found
    found.close()


@pytest.mark.backend("sqlite")
def test_each_thread_reads_through_its_own_connection_and_sees_each_new_event(
    registry: Registry, reader: PositionReader, province: ProvinceCodes
) -> None:
    before = reader.read()
    found_ninth_cell(registry, province)
    after = reader.read()
    elsewhere: list[object] = []
    worker = threading.Thread(target=lambda: elsewhere.append(reader.read()))
    worker.start()
    worker.join()

    assert before is not None and after is not None
    assert after.head > before.head
    assert after == read_positions(registry) == elsewhere[0]


@pytest.mark.backend("sqlite")
def test_a_failing_read_answers_none_and_the_next_opens_a_new_connection(
    registry: Registry, reader: PositionReader
) -> None:
    assert reader.read() is not None
    reader._threads.conn.close()  # as a connection lost under the reader

    failed = reader.read()
    again = reader.read()

    assert failed is None  # the callers read each part on its own this time
    assert again == read_positions(registry)


@pytest.mark.backend("sqlite")
def test_the_reader_cannot_write(reader: PositionReader) -> None:
    assert reader.read() is not None

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader._threads.conn.execute("DELETE FROM stored_events")
