"""Snapshots are checked against their seal when loaded; `sodang init` reports removed triggers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from click.testing import Result
from eventsourcing.persistence import OperationalError

from domain.roll.organization import Organization
from domain.roll.values import OrgKind
from services.registry import Registry
from tests import writes
from tests.services.integrity.conftest import RECORDED_BY, Insider

Sodang = Callable[..., Result]


def forge_snapshot(registry: Registry, code: str, name: str) -> None:
    """What the service role can do today: INSERT a snapshot row it made up (here: a renamed cell)."""
    org = registry.get_organization(code)
    org.name = name
    snapshot = type(org).Snapshot.take(org)
    assert registry.snapshots is not None
    registry.snapshots.recorder.insert_events([registry.mapper.to_stored_event(snapshot)])


def test_a_genuine_snapshot_is_sealed_used_and_verified(sealed: Registry, sodang: Sodang) -> None:
    org_id = sealed.ids.organization("T01.CB02")

    sealed.take_snapshot(org_id)
    sealed.forget_cached()  # read as a process opening the cell for the first time

    assert sealed.get_organization("T01.CB02").name == "Chi bộ thôn 2"
    assert sealed.snapshots.refused == 0  # type: ignore[union-attr]
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "1 snapshots" in result.output


def test_a_forged_snapshot_is_refused_and_the_aggregate_rebuilt_from_events(
    sealed: Registry, insider: Insider, sodang: Sodang, caplog: pytest.LogCaptureFixture
) -> None:
    forge_snapshot(sealed, "T01.CB03", "Chi bộ giả mạo")

    sealed.forget_cached()  # read as a process opening the cell for the first time
    with caplog.at_level(logging.ERROR, logger="sodang.tamper"):
        org = sealed.get_organization("T01.CB03")

    assert org.name == "Chi bộ thôn 3"
    assert sealed.snapshots.refused == 1  # type: ignore[union-attr]
    assert "TAMPER ALARM: snapshot" in caplog.text and "no seal" in caplog.text
    result = sodang("verify")
    assert result.exit_code == 1
    version = org.version
    assert f"snapshot at version {version} of its stream is not trusted" in result.output


def test_a_sealed_snapshot_whose_content_was_rewritten_is_refused(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    org_id = sealed.ids.organization("T01.CB04")
    sealed.take_snapshot(org_id)
    table = "stored_snapshots" if insider.dialect == "sqlite" else "registry_snapshots"
    state = insider.conn.execute(f"SELECT state FROM {table}").fetchone()[0]

    if insider.dialect == "sqlite":
        insider.execute(f"DROP TRIGGER sodang_{table}_no_update")
        insider.execute(f"UPDATE {table} SET state = ?", (bytes(state).replace(b"4", b"5"),))
    else:
        with insider.conn.transaction():
            insider.execute("SET LOCAL session_replication_role = replica")
            insider.execute(f"UPDATE {table} SET state = %s", (bytes(state).replace(b"4", b"5"),))

    sealed.forget_cached()  # read as a process opening the cell for the first time
    assert sealed.get_organization("T01.CB04").name == "Chi bộ thôn 4"
    assert sealed.snapshots.refused == 1  # type: ignore[union-attr]
    assert "differs from what was sealed" in sodang("verify").output


def trigger_state(insider: Insider, name: str) -> str | None:
    if insider.dialect == "sqlite":
        found = insider.conn.execute(
            "SELECT 'O' FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).fetchone()
    else:
        found = insider.conn.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = %s "
            "AND tgrelid = 'registry_events'::regclass",
            (name,),
        ).fetchone()
    return found[0] if found else None


def test_init_installs_a_fresh_database_without_alarm(sodang: Sodang, insider: Insider) -> None:
    result = sodang("init")

    assert result.exit_code == 0, result.output
    name = (
        "sodang_stored_events_no_update"
        if insider.dialect == "sqlite"
        else "sodang_events_immutable"
    )
    assert trigger_state(insider, name) == "O"


def test_init_reports_a_dropped_trigger_until_an_operator_acknowledges_it(
    sealed: Registry, insider: Insider, sodang: Sodang, settings
) -> None:
    if insider.dialect == "sqlite":
        name = "sodang_stored_events_no_delete"
        insider.execute(f"DROP TRIGGER {name}")
    else:
        name = "sodang_events_immutable"
        insider.execute(f"DROP TRIGGER {name} ON registry_events")

    first, second = sodang("init"), sodang("init")

    for result in (first, second):
        assert result.exit_code == 3
        assert f"TAMPER ALARM: trigger {name} on " in result.output and "missing" in result.output
    assert trigger_state(insider, name) is None  # reported, not quietly repaired
    acknowledged = sodang("init", "--acknowledge", "dropped by the DBA, ticket 42")
    assert acknowledged.exit_code == 0, acknowledged.output
    assert trigger_state(insider, name) == "O"
    assert "ticket 42" in (settings.witness_dir / "alarms.log").read_text()
    assert sodang("init").exit_code == 0


@pytest.mark.backend("postgresql")
def test_init_reports_a_disabled_trigger_on_postgresql(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    insider.execute("ALTER TABLE registry_events DISABLE TRIGGER sodang_events_immutable")

    result = sodang("init")

    assert result.exit_code == 3
    assert "sodang_events_immutable on registry_events is disabled" in result.output
    assert trigger_state(insider, "sodang_events_immutable") == "D"


def remove_seals(insider: Insider) -> None:
    if insider.dialect == "sqlite":
        insider.execute("DROP TRIGGER sodang_log_leaves_no_delete")
    else:
        insider.execute("ALTER TABLE log_leaves DISABLE TRIGGER sodang_events_immutable")
    insider.execute("DELETE FROM log_leaves")


def test_a_log_stored_before_sealing_is_sealed_on_upgrade(
    settings, open_registry, insider: Insider, sodang: Sodang
) -> None:
    from tests.services.integrity.conftest import found_cells

    found_cells(open_registry(settings))
    # What an upgrade finds: events, no seals, no checkpoint ever written.
    remove_seals(insider)
    for path in settings.witness_dir.glob("*.checkpoint"):
        path.unlink()

    open_registry(settings)

    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert f"tree size {len(insider.rows())}," in result.output


def test_seals_removed_from_a_checkpointed_log_are_not_recreated(
    sealed: Registry, settings, open_registry, insider: Insider, sodang: Sodang
) -> None:
    from datetime import date

    from domain.roll.values import OrgKind
    from services.integrity.leaves import TamperAlarm

    assert sodang("checkpoint").exit_code == 0
    remove_seals(insider)

    reopened = open_registry(settings)

    assert insider.conn.execute("SELECT count(*) FROM log_leaves").fetchone()[0] == 0
    with pytest.raises(TamperAlarm):
        writes.found_organization(
            reopened,
            "T01.CB99",
            "Chi bộ mới",
            OrgKind.GRASSROOTS_CELL,
            "T01",
            date(2001, 1, 1),
            "clerk",
        )
    assert sodang("verify").exit_code == 1


def test_a_later_genuine_snapshot_does_not_copy_a_forgery(sealed: Registry, sodang: Sodang) -> None:
    from datetime import date

    from domain.roll.values import OrgKind

    forge_snapshot(sealed, "T01", "Đảng bộ giả mạo")

    # A new cell changes the province's stream, which is loaded past the forged snapshot...
    writes.found_organization(
        sealed,
        "T01.CB50",
        "Chi bộ thôn 50",
        OrgKind.GRASSROOTS_CELL,
        "T01",
        date(2001, 1, 1),
        "clerk",
    )
    sealed.take_snapshot(sealed.ids.organization("T01"))

    # ...so the next snapshot is taken from the events, not from the forgery.
    refused_before = sealed.snapshots.refused  # type: ignore[union-attr]
    assert sealed.get_organization("T01").name == "Đảng bộ tỉnh Thử"
    assert sealed.snapshots.refused == refused_before  # type: ignore[union-attr]
    assert "T01.CB50" in str(sealed.get_organization("T01").children)


def refuse(error: str) -> Callable[..., None]:
    def fail(*_: object, **__: object) -> None:
        raise OperationalError(error)

    return fail


def test_a_save_stands_when_its_snapshot_cannot_be_sealed_and_no_unsealed_snapshot_is_left(
    sealed: Registry, sodang: Sodang, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The seal's transaction fails (the database busy, as a province-scale load found it): the
    # cell founded is stored all the same, and no snapshot waits to be refused as forged.
    assert sealed.snapshots is not None
    monkeypatch.setattr(sealed, "snapshotting_intervals", {Organization: 1})
    monkeypatch.setattr(sealed.snapshots.sql, "insert", "INSERT INTO no_such_seals VALUES (1)")

    writes.found_organization(
        sealed,
        "T01.CB99",
        "Chi bộ thôn mới",
        OrgKind.GRASSROOTS_CELL,
        "T01",
        date(2001, 1, 1),
        RECORDED_BY,
    )

    sealed.forget_cached()
    assert sealed.get_organization("T01.CB99").name == "Chi bộ thôn mới"
    assert sealed.snapshots.refused == 0
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "0 snapshots" in result.output


def test_a_snapshot_whose_row_cannot_be_stored_after_its_seal_leaves_the_log_verifiable(
    sealed: Registry, sodang: Sodang, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sealed.snapshots is not None
    recorder = sealed.snapshots.recorder
    monkeypatch.setattr(recorder, "insert_events", refuse("database is locked"))

    sealed.take_snapshot(sealed.ids.organization("T01.CB02"))  # skipped, not raised

    monkeypatch.delattr(recorder, "insert_events")  # the recorder's own method again
    sealed.forget_cached()
    assert sealed.get_organization("T01.CB02").name == "Chi bộ thôn 2"
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "0 snapshots" in result.output
    sealed.take_snapshot(sealed.ids.organization("T01.CB03"))  # the next ones are stored
    assert "1 snapshots" in sodang("verify").output


class CommitsAfterHeads:
    """A cursor through which, once the snapshot's event head has been read, another connection
    commits a write: a follower's batch landing between the seal's read and its write."""

    def __init__(self, cursor: Any, head_sql: str, other_write: Callable[[], None]) -> None:
        self.cursor, self.head_sql, self.other_write = cursor, head_sql, other_write

    def execute(self, sql: str, params: Any = ()) -> Any:
        result = self.cursor.execute(sql, params)
        if sql == self.head_sql:
            self.other_write()
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


def test_a_snapshot_is_stored_when_another_writer_commits_while_it_is_sealed(
    sealed: Registry,
    insider: Insider,
    sodang: Sodang,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # SQLite refuses at once, without waiting, a transaction that read and then writes after
    # another connection committed: the seal must not read and write in one transaction.
    store = sealed.snapshots
    assert store is not None
    insider.execute("CREATE TABLE bystander (n INTEGER)")
    original = store.datastore.transaction

    @contextmanager
    def interleaved(*, commit: bool) -> Iterator[Any]:
        with original(commit=commit) as cursor:
            yield CommitsAfterHeads(
                cursor,
                store.sql.event_head,
                lambda: insider.execute("INSERT INTO bystander VALUES (1)"),
            )

    monkeypatch.setattr(store.datastore, "transaction", interleaved)
    with caplog.at_level(logging.WARNING):
        sealed.take_snapshot(sealed.ids.organization("T01.CB02"))

    assert "not stored" not in caplog.text
    monkeypatch.delattr(store.datastore, "transaction")  # the datastore's own method again
    sealed.forget_cached()
    assert sealed.get_organization("T01.CB02").name == "Chi bộ thôn 2"
    assert store.refused == 0
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "1 snapshots" in result.output
