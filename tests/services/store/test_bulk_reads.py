"""Reading many aggregates at once: right answers, and on PostgreSQL one index probe per id
whatever the planner's statistics say."""

from __future__ import annotations

from uuid import uuid4

import pytest

from services.store.bulk_reads import existing_ids, pg_statement, stored_events


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


@pytest.mark.backend("postgresql")
@pytest.mark.parametrize("what", ["DISTINCT originator_id", "originator_id, originator_version"])
def test_the_bulk_reads_probe_the_key_even_when_statistics_say_each_id_is_half_the_log(
    registry, province, admit, raw_db, what
):
    admit(province.cell)
    table = f"public.{registry.events_table}"
    # What a bulk load left behind on the province-scale run: about 40 distinct ids.
    raw_db.execute(f"ALTER TABLE {table} ALTER COLUMN originator_id SET (n_distinct = 2)")
    try:
        raw_db.execute(f"ANALYZE {table}")
        datastore = registry.recorder.datastore
        sql = pg_statement(datastore, registry.events_table, what)
        ids = "{" + ",".join(str(uuid4()) for _ in range(500)) + "}"
        plan = "\n".join(row[0] for row in raw_db.rows("EXPLAIN " + sql.replace("%s", f"'{ids}'")))
    finally:
        raw_db.execute(f"ALTER TABLE {table} ALTER COLUMN originator_id RESET (n_distinct)")
        raw_db.execute(f"ANALYZE {table}")

    # A loop over the ids asked, the table probed inside it: never a join of the whole table.
    assert plan.startswith(("Nested Loop", "Sort")), plan
    assert "Nested Loop" in plan, plan
    assert not any(word in plan for word in ("Hash", "Gather", "Merge Join")), plan
