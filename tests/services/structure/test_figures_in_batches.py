"""A reorganization settles the same whether the log reaches the figures one save at a time
(caught up after each command) or in batches cut anywhere (a rebuild)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from projections.queries import Queries
from projections.runner import Runner
from projections.store.engine import engines_for
from projections.store.schema import figure_tables
from tests import writes
from tests.services.structure.conftest import BY, EVE, D, admit


def running_totals(settings, generation: int) -> list:
    """The ledger's rows (org, recorded_at and every figure), sorted. Not the event a row names:
    a decision cut by a batch end is settled twice, each part named by its own first move."""
    table = figure_tables(generation).ledger
    with engines_for(settings).read.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM {table.name}")).mappings()
        return sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k != "event_id")) for row in rows
        )


def test_a_rebuild_in_small_batches_after_moves_and_admissions_gives_the_same_running_totals(
    registry, tree, decision, settings, clock, make_profile
):
    clock.advance(hours=1)
    writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)
    admit(registry, tree.cell, make_profile(), D + timedelta(days=3))
    admit(registry, tree.second_cell, make_profile(), date(2024, 5, 1))  # late, before the move
    clock.advance(hours=1)
    writes.merge(registry, [tree.other_cell], tree.second_cell, D, decision, BY)
    queries = Queries(settings, clock=clock)
    days = (EVE, D, D + timedelta(days=30))
    live = [queries.rollup(tree.province, day) for day in days]
    totals = running_totals(settings, 1)

    Runner(registry, "figures").rebuild(batch=3)

    assert running_totals(settings, 2) == totals
    assert [queries.rollup(tree.province, day) for day in days] == live
