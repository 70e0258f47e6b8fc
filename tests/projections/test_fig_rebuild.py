"""Crashes and rebuilds: a run killed mid-batch resumes exactly; a rebuild gives identical figures."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from fig_support import EPOCH_DAY, TREE, Clerk, Naive, found_tree, play
from sqlalchemy import text

from projections.queries import Queries
from projections.runner import Runner
from projections.store.engine import engines_for
from projections.store.schema import figure_tables
from services.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
KILLER = textwrap.dedent(
    """
    import os, sys
    from projections.counts import cumulative
    from projections.runner import Runner
    from services.config import Settings
    from services.registry import Registry

    flushes = 0
    real_flush = cumulative.CumulativeWriter.flush

    def flush(self, conn):
        global flushes
        real_flush(self, conn)  # rows written inside the batch's transaction...
        flushes += 1
        if flushes == 5:
            os._exit(9)  # ...and the process dies before the commit

    cumulative.CumulativeWriter.flush = flush
    registry = Registry(Settings(database_url=sys.argv[1], deployment="sodang-test"))
    Runner(registry, "figures").catch_up(batch=4)
    """
)
TABLES = ("ledger", "adj", "late", "early", "roll", "entry", "member", "org", "link")


def history(settings, clock, make_profile, seed: int = 7) -> tuple[Registry, list, list]:
    """A random history written with no projection attached."""
    registry = Registry(settings, clock=clock)
    found_tree(registry, clock)
    rng = random.Random(seed)
    steps = [
        (
            rng.randint(0, 9),
            rng.randint(0, 2),
            rng.randint(0, 9999),
            rng.randint(0, 60),
            rng.choice([0, 0, 0, 1, 30, 400]),
            rng.randint(0, 9999),
        )
        for _ in range(30)
    ]
    instants, members = play(Clerk(registry, clock, make_profile), steps)
    return registry, instants, members


def answers(queries: Queries, instants: list) -> list:
    found = []
    for i, known_at in enumerate([*instants[::5], None]):
        as_of = EPOCH_DAY + timedelta(days=97 * i)
        found.append(queries.rollup("T1", as_of, known_at))
        found.append(queries.roll("T1", as_of, known_at, subtree=True))
        found.append(queries.flows("T1.D.C", as_of - timedelta(days=400), as_of, known_at))
        found.append(queries.indicators("T1", as_of - timedelta(days=400), as_of, known_at, as_of))
    return found


def dump(settings, generation: int) -> dict[str, list]:
    with engines_for(settings).read.connect() as conn:
        found = {}
        for name in TABLES:
            table = getattr(figure_tables(generation), name)
            rows = conn.execute(text(f"SELECT * FROM {table.name}")).mappings()
            found[name] = sorted(
                tuple(sorted((k, str(v)) for k, v in row.items() if k != "id")) for row in rows
            )
        return found


def test_a_run_killed_in_the_middle_of_a_batch_resumes_without_counting_twice(
    settings, clock, make_profile
):
    registry, instants, members = history(settings, clock, make_profile)
    head = registry.max_position()

    killed = subprocess.run(
        [sys.executable, "-c", KILLER, settings.database_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert killed.returncode == 9, killed.stderr
    runner = Runner(registry, "figures")
    with engines_for(settings).read.connect() as conn:
        stopped_at = conn.execute(
            text("SELECT position FROM projection_state WHERE name = 'figures'")
        ).scalar()
    assert 0 < stopped_at < head
    assert runner.catch_up() == head
    Runner(registry, "quotas").catch_up()
    queries, naive = Queries(settings, clock=clock), Naive(registry, TREE, members)
    for i, known_at in enumerate([*instants[::4], clock()]):
        as_of = EPOCH_DAY + timedelta(days=61 * i)
        for org in ("T1", "T1.D.C.1", "T1.D.G"):
            expected = naive.roll(org, as_of, known_at)
            assert queries.rollup(org, as_of, known_at, depth=0).total == len(expected)
    before = dump(settings, 1)
    runner.rebuild()
    assert dump(settings, 2) == before


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_rebuild_gives_identical_figures_and_reads_go_on_meanwhile(
    settings, clock, make_profile, open_registry, seed
):
    registry = open_registry(settings)  # projections attached: built live, event by event
    found_tree(registry, clock)
    rng = random.Random(seed)
    steps = [
        (
            rng.randint(0, 9),
            rng.randint(0, 2),
            rng.randint(0, 9999),
            rng.randint(0, 60),
            rng.choice([0, 0, 0, 1, 30, 400]),
            rng.randint(0, 9999),
        )
        for _ in range(30)
    ]
    instants, _ = play(Clerk(registry, clock, make_profile), steps)
    queries = Queries(settings, clock=clock)
    live, tables = answers(queries, instants), dump(settings, 1)
    during = []

    state = Runner(registry, "figures").rebuild(
        progress=lambda position, head: during.append(queries.rollup("T1", date(2014, 1, 1))),
        batch=7,
    )

    assert state.generation == 2 and state.active
    assert during and all(node == during[0] for node in during)
    assert answers(queries, instants) == live
    assert dump(settings, 2) == tables


def test_tables_of_an_older_format_are_replaced_by_a_build_from_the_log(
    settings, clock, make_profile
):
    registry, _instants, _members = history(settings, clock, make_profile)
    Runner(registry, "figures").catch_up()
    Runner(registry, "quotas").catch_up()
    expected = Queries(settings, clock=clock).rollup("T1")
    assert expected.total > 0
    with engines_for(settings).write.begin() as conn:
        # What an older release left: the active generation without this format's tables.
        figure_tables(1).metadata.drop_all(conn)

    position = Runner(registry, "figures").catch_up()

    assert position == registry.max_position()
    assert Queries(settings, clock=clock).rollup("T1") == expected
