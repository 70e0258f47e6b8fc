"""After a bulk load the read models are sampled for the planner (PostgreSQL's ANALYZE), since
autovacuum may be late or off (it is off on the test server); SQLite needs nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from fig_support import Clerk, found_tree, moment
from sqlalchemy import text

from projections import wiring
from projections.runner import PROJECTIONS, Runner
from projections.store.engine import engines_for
from projections.store.schema import figure_tables
from services.registry import Registry


def analysed(settings: Any, names: list[str]) -> dict[str, Any]:
    with engines_for(settings).read.connect() as conn:
        rows = conn.execute(
            text("SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname = ANY(:n)"),
            {"n": names},
        ).all()
    return {name: when for name, when in rows}


def some_history(registry: Registry, clock: Any, make_profile: Any) -> None:
    found_tree(registry, clock)
    clerk = Clerk(registry, clock, make_profile)
    clock.set(moment(date(2016, 1, 1)))
    for n in range(6):
        clerk.admit("T1.D.C.1", date(2015, 1, 1 + n))


def test_a_rebuild_samples_its_new_tables_before_reads_move_to_them(
    settings: Any, clock: Any, make_profile: Any
) -> None:
    registry = Registry(settings, clock=clock)  # detached: the rebuild does all the work
    some_history(registry, clock, make_profile)
    runner = Runner(registry, "figures")
    runner.catch_up()

    state = runner.rebuild()

    names = [t.name for t in figure_tables(state.generation).metadata.sorted_tables]
    if settings.dialect == "sqlite":
        assert runner.sample() == []  # nothing to do: SQLite plans without statistics
        return
    found = analysed(settings, names)  # the tables are new: only the rebuild can have sampled
    assert sorted(found) == sorted(names)
    assert all(when is not None for when in found.values()), found


def test_a_bulk_load_samples_the_tables_of_the_projections_it_fed(
    settings: Any, clock: Any, make_profile: Any, open_registry: Any
) -> None:
    registry = open_registry(settings)  # attached: each save is projected before it returns
    some_history(registry, clock, make_profile)
    runners = wiring.runners(registry)
    if settings.dialect == "sqlite":
        registry.refresh_statistics()
        assert all(runner.sample() == [] for runner in runners)
        return
    names = [t.name for runner in runners for t in runner.projection.metadata(1).sorted_tables]
    assert len(runners) == len(PROJECTIONS)
    before = analysed(settings, names)  # tables outlive a test: only their rows are wiped

    registry.refresh_statistics()  # what the import and the seeding call at their end

    found = analysed(settings, names)
    assert sorted(found) == sorted(names)
    for name, when in found.items():
        assert when is not None and (before[name] is None or when > before[name]), name
