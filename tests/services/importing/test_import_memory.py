"""The storing step of an import holds one chunk of events, not the file (issue 10 item 12),
and stays one transaction: a refusal in a later chunk stores nothing (both databases).

Memory, not time: tracemalloc's peak of Python allocations while the recorder stores the
staged events. What legitimately grows with the file there is the list of positions the save
returns (an int and a list slot, about 40 bytes per event). Every event held at once would
add its stored state (here 800 bytes) plus a StoredEvent and a sealed Row (a few hundred
bytes more), so a bound of 200 bytes per event separates the two with room for noise while
the peak of one chunk (about 2 MB) is the same for both sizes.
"""

from __future__ import annotations

import gc
import tracemalloc
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from services.importing.staging import Staging
from services.integrity.db import dialect, reading
from services.integrity.leaves import head
from services.registry import Registry
from services.store.pg_recorder import CHUNK

TOPIC = "tests.services.importing:Filler"  # never read back as a domain event here
STATE = b"{" + b"x" * 798 + b"}"
# Both take the chunked path and both read at least two full pages from the staging file (the
# peak holds one chunk being stored, the next being read and a page: constant from there on).
SMALL, LARGE = 5 * CHUNK // 2, 13 * CHUNK // 2
BOUND_PER_EVENT = 200  # bytes; see the module's docstring


def staged(count: int) -> Staging:
    staging = Staging()
    staging.stage(StoredEvent(uuid4(), 1, TOPIC, STATE) for _ in range(count))
    return staging


def storing_peak(registry: Registry, count: int) -> int:
    """tracemalloc's peak while `count` staged events are stored, above what was there before."""
    staging = staged(count)
    try:
        events = staging.stored_events()
        gc.collect()
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            positions = registry.recorder.insert_events(events)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert positions is not None and len(positions) == count
    finally:
        staging.close()
    return peak - before


def leaves_and_head(registry: Registry) -> tuple[int, int]:
    with reading(registry.settings) as cursor:
        sealed = head(cursor, dialect(registry.settings))
    return sealed.size, registry.max_position()


def test_storing_a_staged_import_holds_one_chunk_whatever_the_files_length(
    registry: Registry,
) -> None:
    storing_peak(registry, CHUNK // 2)  # first save: statements prepared, tables warm
    small = storing_peak(registry, SMALL)
    large = storing_peak(registry, LARGE)

    per_event = (large - small) / (LARGE - SMALL)
    assert per_event < BOUND_PER_EVENT, (small, large)


def test_a_chunked_save_refused_in_a_later_chunk_stores_and_seals_nothing(
    registry: Registry,
) -> None:
    storing_peak(registry, 10)
    before = leaves_and_head(registry)
    staging = staged(2 * CHUNK)
    try:
        repeated = staging.stored_events()[10]  # the same stream and version, again
        staging.stage([repeated])
        with pytest.raises(IntegrityError):
            registry.recorder.insert_events(staging.stored_events())
    finally:
        staging.close()

    assert leaves_and_head(registry) == before
