"""Every read-model row carries its province (tỉnh), the deployment's name: the distribution
column should the read models be sharded by province (deploy/SCALING.md, section 2).

The tables checked are those of each projection's active generation, read from the runner's own
metadata, so a table added later is covered without touching this file. Both databases.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from fig_support import CLERK, Clerk, found_tree, play, wipe_postgres
from sqlalchemy import func, select

from projections.runner import PROJECTIONS, Runner
from projections.store.engine import engines_for
from projections.store.schema import projection_state
from services.admission.commands import CompleteCourse, OpenDossier
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Decision
from tests import writes

DECISION = Decision("12-QĐ/TU", date(2014, 6, 20), "T1")


def record(registry: Registry, clock: Any, make_profile: Any) -> None:
    """A little of everything the read models keep: organizations and links, entries (late
    ones, corrections, retractions, 30th birthdays), a change of structure, a quota plan, a
    dossier and one of its steps."""
    found_tree(registry, clock)
    rng = random.Random(5)
    steps = [
        (
            rng.randint(0, 9),
            rng.randint(0, 2),
            rng.randint(0, 9999),
            rng.randint(0, 60),
            rng.choice([0, 0, 1, 30, 400]),
            rng.randint(0, 9999),
        )
        for _ in range(40)
    ]
    instants, _ = play(Clerk(registry, clock, make_profile), steps)
    clock.set(instants[-1] + timedelta(days=1))
    writes.rename(registry, "T1.D.G", "Chi bộ mới", date(2014, 7, 1), DECISION, CLERK)
    writes.set_quota(registry, "T1.D.C.1", "2025", 4, "T1.D.C")
    opening = OpenDossier(cell="T1.D.C.1", candidate=make_profile(), on=date(2014, 3, 2), actor="")
    dossier = writes.open_dossier(registry, opening, CLERK)
    course = CompleteCourse(on=date(2014, 4, 1), certificate_no="CN-1")
    writes.record_step(registry, dossier.id, course, CLERK)


def provinces(registry: Registry) -> dict[str, dict[str, int]]:
    """Rows per province value, per read-model table of every projection's active generation."""
    found = {}
    with engines_for(registry.settings).read.connect() as conn:
        state = projection_state.c
        active = dict(
            conn.execute(select(state.name, state.generation).where(state.active.is_(True))).all()
        )
        assert set(active) == set(PROJECTIONS)
        for name in PROJECTIONS:
            projection = Runner(registry, name).projection
            for table in projection.metadata(active[name]).sorted_tables:
                column = table.c.province
                counted = select(column, func.count()).group_by(column)
                found[table.name] = dict(conn.execute(counted).tuples().all())
    return found


def caught_up(registry: Registry) -> dict[str, dict[str, int]]:
    for name in PROJECTIONS:
        Runner(registry, name).catch_up()
    return provinces(registry)


def every_row_carries(found: dict[str, dict[str, int]], deployment: str) -> None:
    # Every table holds rows (else the check would pass on nothing), all of them the deployment's.
    assert {table: set(counts) for table, counts in found.items()} == {
        table: {deployment} for table in found
    }


def test_every_row_of_every_read_model_carries_the_deployments_name_live_and_rebuilt(
    settings: Settings, registry: Registry, clock: Any, make_profile: Any
) -> None:
    record(registry, clock, make_profile)
    live = caught_up(registry)

    for name in PROJECTIONS:
        assert Runner(registry, name).rebuild().generation == 2
    rebuilt = provinces(registry)

    every_row_carries(live, settings.deployment)
    every_row_carries(rebuilt, settings.deployment)
    assert sorted(live.values(), key=str) == sorted(rebuilt.values(), key=str)
    assert all(name.endswith("_g2") for name in rebuilt)


def test_a_second_deployment_served_by_the_same_process_writes_its_own_name(
    settings: Settings, open_registry: Any, clock: Any, make_profile: Any, tmp_path: Any
) -> None:
    first = open_registry(settings)
    record(first, clock, make_profile)
    every_row_carries(caught_up(first), settings.deployment)

    if settings.dialect == "sqlite":
        url = f"sqlite:///{tmp_path / 'other.db'}"
    else:
        url = settings.database_url
        wipe_postgres(url)  # the rows go, the tables stay: the same names, a new value
    other = open_registry(replace(settings, database_url=url, deployment="tinh-hai"))
    record(other, clock, make_profile)
    found = caught_up(other)

    every_row_carries(found, "tinh-hai")
    assert all(name.endswith("_g1") for name in found)  # the same generation as the first


def test_read_models_of_an_older_format_are_refilled_from_the_log_at_the_first_catch_up(
    settings: Settings, registry: Registry, clock: Any, make_profile: Any
) -> None:
    record(registry, clock, make_profile)
    before = caught_up(registry)
    with engines_for(settings).write.begin() as conn:
        for name in PROJECTIONS:  # what a new FORMAT finds: its tables' names are not there
            Runner(registry, name).projection.metadata(1).drop_all(conn)

    after = caught_up(registry)  # new runners: a process started after the upgrade

    assert after == before
    every_row_carries(after, settings.deployment)


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_the_province_is_in_every_primary_key_but_a_lone_autoincrement_id(name: str) -> None:
    for table in PROJECTIONS[name]("sqlite", "sodang").metadata(1).sorted_tables:
        key = [column.name for column in table.primary_key]
        assert not table.c.province.nullable
        assert key == ["id"] or key[-1] == "province", table.name
