"""A bulk load keeps the organizations it touches in memory, then the usual number."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from services.demo import seeding
from services.demo.history import generate
from services.demo.seeding import SettableClock, found_all, load_events
from services.registry import Registry

USUAL = 8  # places in the registry's cache: fewer than the province's organizations
EVENTS = 1_500


@pytest.mark.parametrize(("bulk", "decoded_at_most"), [(100_000, 1), (USUAL, None)])
def test_a_bulk_load_decodes_each_organization_once_where_the_usual_cache_would_thrash(
    settings, monkeypatch, bulk: int, decoded_at_most: int | None
) -> None:
    monkeypatch.setenv("AGGREGATE_CACHE_MAXSIZE", str(USUAL))
    monkeypatch.setattr(seeding, "BULK_CACHE", bulk)
    province = generate(seed=7, scale=0.002)
    # The first 1,500 events of the history (recording order: each a valid log so far) reach
    # hundreds of cells, enough to thrash a cache of 8; the whole history took four times as long.
    events = province.events[:EVENTS]
    registry = Registry(settings, clock=SettableClock(province.events[0].recorded_at))
    try:
        found_all(registry, province.orgs, "test:seed")
        repository: Any = registry.repository
        decoded: Counter[Any] = Counter()
        original = type(repository)._reconstruct_aggregate

        def counting(self: Any, aggregate_id: Any, *args: Any) -> Any:
            decoded[aggregate_id] += 1
            return original(self, aggregate_id, *args)

        monkeypatch.setattr(type(repository), "_reconstruct_aggregate", counting)
        sizes: set[int] = set()

        load_events(
            registry,
            events,
            "test:seed",
            batch_size=20,
            progress=lambda _: sizes.add(repository.cache.maxsize),
        )

        orgs = [registry.ids.organization(o.code) for o in province.orgs]
        most = max(decoded[o] for o in orgs)
        assert len(orgs) > USUAL and len(events) > 200
        assert sizes == {bulk} and repository.cache.maxsize == USUAL
        if decoded_at_most is not None:
            assert most <= decoded_at_most
        else:
            assert most > 3  # without the wider cache, cells are decoded batch after batch
    finally:
        registry.close()
