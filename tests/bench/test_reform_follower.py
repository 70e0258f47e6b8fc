"""The reform bench projected by a follower process (`python -m bench reform --follower`) ends
with the read models at the log's head and the same figures as the reform projected inline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.core import Databases, _registry, release
from bench.province import PROVINCE, generate
from bench.reform import Kept, setup
from bench.reform_replay import EVE, REFORM_ON, plan_reform, replay
from projections.queries import Queries
from tests.conftest import backend_params


def figures(queries: Queries, codes: list[str]) -> list[tuple[str, int, int]]:
    return [
        (code, queries.rollup(code, as_of=EVE).total, queries.rollup(code, as_of=REFORM_ON).total)
        for code in codes
    ]


@pytest.mark.parametrize("dialect", backend_params())
def test_a_reform_projected_by_a_follower_ends_caught_up_with_the_inline_figures(
    dialect: str, tmp_path: Path
) -> None:
    province = generate(0.006, members=300)
    plan = plan_reform(province.orgs)
    successors = [u.code for units in plan.values() for u in units]
    dbs = Databases(dialect)
    kept = Kept.of(dialect, f"{tmp_path}/setup" if dialect == "sqlite" else f"kept_{dbs.hex}")
    answers: dict[bool, list[tuple[str, int, int]]] = {}
    try:
        url = dbs.url("setup")
        built, _ = setup(url, province, lambda _text: None)
        release(built)
        dbs.copy(url, kept)
        for follower in (False, True):
            registry = _registry(
                dbs.url_from(kept, f"f{int(follower)}"), lambda: datetime.now(UTC), True
            )
            try:
                times = replay(registry, plan, lambda _text: None, follower=follower)
                queries = Queries(registry.settings)
                assert queries.position() == registry.max_position()
                # Inline, each save waits for the projections; beside a follower, none does.
                assert (times.projections < 0.01) is follower
                answers[follower] = figures(queries, [PROVINCE, *successors])
            finally:
                release(registry)
    finally:
        dbs.close()
        dbs.drop_kept(kept)

    assert answers[True] == answers[False]
    assert sum(day for code, _eve, day in answers[True] if code != PROVINCE) > 0
