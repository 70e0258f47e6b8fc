"""Writes under load (issue 12, item 4): many writers in one process, as a gunicorn worker's
threads are, on both databases.

Each acknowledged admission is stored exactly once and its writer reads it back at once from
the read models (read-your-writes, through the shared catch-up of projections.wiring); the
aggregates the registry caches between commands never carry a command's changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.queries import Queries
from services.registry import Registry
from services.roll.commands import Admit, MemberRef, Receipt
from tests import writes
from tests.concurrent_writers import admitted_entries, retried, write_concurrently
from tests.services.integrity.conftest import cli_for

CLERK = "clerk@test"
WRITERS = 16
PER_WRITER = 3
EFFECTIVE = date(2025, 3, 10)
TODAY = date(2026, 11, 21)


def test_sixteen_writers_in_one_process_store_each_admission_once_and_read_it_back(
    settings: Any,
    registry: Registry,
    province: Any,
    make_profile: Any,
    clock: Any,
    monkeypatch: Any,
) -> None:
    cells = [province.cell, province.other_cell]
    people = [[make_profile() for _ in range(PER_WRITER)] for _ in range(WRITERS)]
    queries = Queries(settings, clock=clock)

    def admit(cell: str, person: Any) -> Receipt:
        command = Admit(MemberRef(profile=person), EFFECTIVE)
        return retried(lambda: writes.admit(registry, cell, command, CLERK, key=person.national_id))

    written = write_concurrently(queries, cells, people, admit)
    receipts, unseen, errors = written.receipts, written.unseen, written.errors

    assert not errors, errors
    assert unseen == []
    acknowledged = {r.member_id for r in receipts}
    assert len(receipts) == len(acknowledged) == WRITERS * PER_WRITER
    stored = admitted_entries(registry, cells)
    assert set(stored) == acknowledged
    assert set(stored.values()) == {1}
    on_rolls = {m.member_id for cell in cells for m in queries.roll(cell, as_of=TODAY).members}
    assert acknowledged <= on_rolls
    result = cli_for(settings, monkeypatch)("verify")
    assert result.exit_code == 0, result.output


def test_a_command_changes_its_copy_of_a_cached_organization_never_the_cache(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    writes.admit(
        registry, province.cell, Admit(MemberRef(profile=make_profile()), EFFECTIVE), CLERK
    )
    first = registry.get_organization(province.cell)
    entries = list(first.entries)

    first.entries.append(first.entries[0])
    first.name = "đã sửa trong bộ nhớ"
    again = registry.get_organization(province.cell)

    assert again is not first
    assert again.entries == entries
    assert again.name != "đã sửa trong bộ nhớ"
    # The roll entries are frozen records: shared between copies, never copied one by one.
    assert again.entries[0] is entries[0]


def test_a_cached_organization_is_fast_forwarded_past_another_process_s_writes(
    settings: Any,
    registry: Registry,
    open_registry: Any,
    province: Any,
    make_profile: Any,
) -> None:
    before = registry.get_organization(province.cell)  # now cached in this registry
    other = open_registry(settings)  # another process's registry

    receipt = writes.admit(
        other, province.cell, Admit(MemberRef(profile=make_profile()), EFFECTIVE), CLERK
    )
    after = registry.get_organization(province.cell)

    assert after.version > before.version
    assert receipt.member_id in after.roll_on(TODAY)
