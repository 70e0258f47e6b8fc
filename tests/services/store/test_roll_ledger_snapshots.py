"""An organization's snapshot keeps its roll as stored text: loading it reads no entry, each
snapshot adds only what came since, and the bulk load of a reform trusts only sealed ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from domain.roll.organization import Organization
from services.registry import Registry
from services.structure.loading import preload
from services.unit_of_work import UnitOfWork
from tests.services.integrity.test_entry_snapshots import with_state

FAR = date(2026, 1, 1)


def stored_rolls(registry: Registry, org_id: UUID) -> list[dict[str, Any]]:
    """The roll ledgers of the organization's stored snapshots, as stored."""
    assert registry.snapshots is not None
    rows = registry.snapshots.recorder.select_events(org_id)
    return [json.loads(row.state)["state"]["roll"]["_data_"] for row in rows]


def preloaded(registry: Registry, org_id: UUID) -> Organization:
    def load(uow: UnitOfWork) -> Organization:
        preload(uow, [org_id])
        org = uow.aggregates[org_id]
        assert isinstance(org, Organization)
        return org

    return registry.run(load)


def test_a_cell_loaded_from_its_snapshot_takes_an_admission_without_reading_its_roll(
    registry: Registry, province: Any, admit: Callable[..., Any]
) -> None:
    first = [admit(province.cell)[0].member_id for _ in range(3)]
    cell = registry.ids.organization(province.cell)
    registry.take_snapshot(cell)
    registry.forget_cached()  # as a process opening the database would read it

    latest = admit(province.cell, date(2021, 4, 2))[0].member_id

    org = registry.get_organization(province.cell)
    assert not org.roll.loaded
    assert org.roll.count == 4
    assert org.roll_after_reorganization(date(2025, 7, 1)) == {*first, latest}
    assert not org.roll.loaded  # the standings said it
    assert org.roll_on(FAR) == {*first, latest}  # reads the entries, all of them
    assert org.roll.loaded and len(org.entries) == 4


def test_each_snapshot_adds_only_the_entries_recorded_since_the_one_before(
    registry: Registry, province: Any, admit: Callable[..., Any]
) -> None:
    cell = registry.ids.organization(province.cell)
    admit(province.cell)
    admit(province.cell)
    registry.take_snapshot(cell)
    registry.forget_cached()
    admit(province.cell)

    registry.take_snapshot(cell)

    before, after = stored_rolls(registry, cell)
    assert before["count"] == 2 and after["count"] == 3
    assert after["chunks"][0] == before["chunks"][0]  # the same text, not encoded again
    assert len(after["chunks"]) == 2 and len(json.loads(after["chunks"][1])) == 1
    assert len(after["standings"]) == 3


def test_the_bulk_load_starts_from_the_latest_snapshot_and_reads_only_what_follows(
    registry: Registry, province: Any, admit: Callable[..., Any]
) -> None:
    cell = registry.ids.organization(province.cell)
    admit(province.cell)
    registry.take_snapshot(cell)
    admit(province.cell)
    registry.take_snapshot(cell)
    admit(province.cell)

    org = preloaded(registry, cell)

    assert org.roll.sealed_count == 2 and len(org.roll.tail) == 1
    stored = registry.repository.get(cell)
    assert org.version == stored.version
    assert org.entries == stored.entries
    assert org.roll_on(FAR) == stored.roll_on(FAR) and len(org.roll_on(FAR)) == 3


def test_the_bulk_load_refuses_a_snapshot_the_application_did_not_seal(
    registry: Registry, province: Any, admit: Callable[..., Any]
) -> None:
    cell = registry.ids.organization(province.cell)
    members = {admit(province.cell)[0].member_id for _ in range(2)}
    org = registry.get_organization(province.cell)
    # An insider's snapshot at the head, with an empty roll: stored without a seal.
    forged = Organization.Snapshot.take(org)
    state = dict(forged.state)
    state["roll"] = type(org.roll).of([])
    fake = with_state(forged, state)
    assert registry.snapshots is not None
    registry.snapshots.recorder.insert_events([registry.mapper.to_stored_event(fake)])
    refused = registry.snapshots.refused  # type: ignore[attr-defined]

    loaded = preloaded(registry, cell)

    assert registry.snapshots.refused == refused + 1  # type: ignore[attr-defined]
    assert loaded.roll_on(FAR) == members
    assert loaded.version == org.version
