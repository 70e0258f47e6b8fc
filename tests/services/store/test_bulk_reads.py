"""Reading many aggregates at once: right answers, and on PostgreSQL one index probe per id
whatever the planner's statistics say."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.store.bulk_reads import (
    COLUMNS,
    LATEST,
    existing_ids,
    latest_stored,
    pg_statement,
    stored_events,
)


def test_existing_ids_names_exactly_the_aggregates_with_stored_events(registry, province, admit):
    receipt, _ = admit(province.cell)
    cell = registry.ids.organization(province.cell)
    unknown = {uuid4() for _ in range(700)}  # more than one chunk of ids

    found = existing_ids(
        registry.settings.dialect, registry.recorder, {cell, receipt.member_id} | unknown
    )

    assert found == {cell, receipt.member_id}


def test_stored_events_come_by_aggregate_then_version(registry, province, admit):
    first, _ = admit(province.cell)
    second, _ = admit(province.cell)
    ids = [second.member_id, first.member_id, uuid4()]

    events = stored_events(registry.settings.dialect, registry.recorder, ids)

    keys = [(e.originator_id, e.originator_version) for e in events]
    assert keys == sorted(keys)
    assert {e.originator_id for e in events} == {first.member_id, second.member_id}
    for member_id in (first.member_id, second.member_id):
        stored = [e.originator_version for e in events if e.originator_id == member_id]
        assert stored == [
            n.originator_version for n in registry.events.recorder.select_events(member_id)
        ]


def test_the_latest_stored_and_what_follows_come_for_each_aggregate_at_once(
    registry, province, admit
):
    first, _ = admit(province.cell)
    second, _ = admit(province.cell)
    cell = registry.ids.organization(province.cell)
    dialect, recorder = registry.settings.dialect, registry.recorder
    every = stored_events(dialect, recorder, [cell, first.member_id])
    versions = {
        oid: [e.originator_version for e in every if e.originator_id == oid]
        for oid in (cell, first.member_id)
    }

    latest = latest_stored(dialect, recorder, [cell, first.member_id, uuid4()])
    after = stored_events(dialect, recorder, [cell, first.member_id], {cell: versions[cell][1]})

    assert {oid: e.originator_version for oid, e in latest.items()} == {
        oid: v[-1] for oid, v in versions.items()
    }
    assert [(e.originator_id, e.originator_version) for e in after] == sorted(
        [(cell, v) for v in versions[cell][2:]]
        + [(first.member_id, v) for v in versions[first.member_id]]
    )
    assert second.member_id not in latest


@pytest.mark.backend("postgresql")
@pytest.mark.parametrize(
    ("what", "after"),
    [
        ("DISTINCT originator_id", False),
        ("originator_id, originator_version", False),
        (LATEST, False),  # the latest snapshot of each
        (COLUMNS, True),  # the events after each one's snapshot
    ],
)
def test_the_bulk_reads_probe_the_key_even_when_statistics_say_each_id_is_half_the_log(
    registry, province, admit, raw_db, what, after
):
    admit(province.cell)
    table = f"public.{registry.events_table}"
    # What a bulk load left behind on the province-scale run: about 40 distinct ids.
    raw_db.execute(f"ALTER TABLE {table} ALTER COLUMN originator_id SET (n_distinct = 2)")
    try:
        raw_db.execute(f"ANALYZE {table}")
        datastore = registry.recorder.datastore
        sql = pg_statement(datastore, registry.events_table, what, after)
        ids = "{" + ",".join(str(uuid4()) for _ in range(500)) + "}"
        sql = sql.replace("%s", f"'{ids}'", 1).replace("%s", "'{" + ",".join(["3"] * 500) + "}'")
        plan = "\n".join(row[0] for row in raw_db.rows("EXPLAIN " + sql))
    finally:
        raw_db.execute(f"ALTER TABLE {table} ALTER COLUMN originator_id RESET (n_distinct)")
        raw_db.execute(f"ANALYZE {table}")

    # A loop over the ids asked, the table probed inside it: never a join of the whole table.
    assert plan.startswith(("Nested Loop", "Sort")), plan
    assert "Nested Loop" in plan, plan
    assert not any(word in plan for word in ("Hash", "Gather", "Merge Join")), plan
