"""The dossier read model (projections.admission) against the aggregates it replaces in the lists.

Random histories of dossiers, recorded over several hours of the test clock, are read back as of
random days and as known at random instants; every answer must equal the aggregates replayed up
to that instant and cut at that day (services.admission.queries.as_it_stood). Both databases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.admission.dossier import Dossier, Stage, Votes
from projections.runner import Runner
from services.admission import pipeline
from services.admission.commands import (
    AssignIntroducers,
    CompleteCourse,
    ResolveInCell,
    ResolveInCommittee,
    ResumeDossier,
    StepCommand,
    SubmitApplication,
    SuspendDossier,
    VerifyBackground,
    WithdrawDossier,
)
from services.admission.queries import as_it_stood
from services.registry import Registry
from services.roll.commands import MemberRef

FIRST = date(2023, 1, 2)


def plan(rng: random.Random, introducers: tuple[UUID, UUID]) -> list[Callable[[date], Any]]:
    """A dossier's steps (each takes its day), a random prefix of the path with a pause or an end."""
    refs = tuple(MemberRef(member_id=i) for i in introducers)
    path: list[Callable[[date], StepCommand]] = [
        lambda on: CompleteCourse(on=on, certificate_no="CN-1"),
        lambda on: SubmitApplication(on=on),
        lambda on: AssignIntroducers(on=on, introducers=refs),
        lambda on: VerifyBackground(on=on, conclusion="Đủ điều kiện"),
        lambda on: ResolveInCell(on=on, votes=Votes(9, 0, 10), document_no="06-NQ/CB"),
        lambda on: ResolveInCommittee(on=on, votes=Votes(7, 1, 9), document_no="08-NQ/ĐU"),
    ]
    steps = path[: rng.randint(0, len(path))]
    if rng.random() < 0.3:
        at = rng.randint(0, len(steps))
        steps[at:at] = [
            lambda on: SuspendDossier(on=on, reason="Đi công tác"),
            lambda on: ResumeDossier(on=on),
        ]
    if rng.random() < 0.2:
        steps.append(lambda on: WithdrawDossier(on=on, reason="Xin rút"))
    return steps


def record_history(
    seed: int, registry: Registry, clock: Any, driver: Any, cells: list[str], introducers: Any
) -> tuple[list[UUID], list[datetime], list[date]]:
    """Dossiers opened and moved on in a random interleaving, an hour of the clock per write;
    returns their ids, the instants of the writes and the days of the steps."""
    rng = random.Random(seed)
    pending: list[tuple[Any, list[Callable[[date], Any]], date]] = []
    ids: list[UUID] = []
    instants: list[datetime] = []
    days: list[date] = []
    for _ in range(6):
        on = FIRST + timedelta(days=rng.randint(0, 60))
        clock.advance(hours=1)
        dossier = driver.open(rng.choice(cells), on, youth_union=False)
        ids.append(dossier.id)
        instants.append(clock.now)
        days.append(on)
        steps = plan(rng, introducers)
        if steps:
            pending.append((dossier, steps, on))
    while pending:
        dossier, steps, last = pending.pop(rng.randrange(len(pending)))
        on = last + timedelta(days=rng.randint(0, 12))
        clock.advance(hours=1)
        dossier = driver.step(dossier, steps[0](on))
        instants.append(clock.now)
        days.append(on)
        if steps[1:]:
            pending.append((dossier, steps[1:], on))
    return ids, instants, days


def replayed(registry: Registry, ids: list[UUID], day: date, known: datetime) -> list[Any]:
    """The aggregates as known at `known` (their events recorded by then), cut at `day`."""
    found = []
    for dossier_id in ids:
        latest: Dossier = registry.repository.get(dossier_id)
        times = [latest.created_on, *(r["recorded_at"] for r in latest.log[1:])]
        version = sum(1 for t in times if t <= known)
        if version:
            then = as_it_stood(registry.repository.get(dossier_id, version=version), day)
            if then is not None:
                found.append(then)
    return found


def seen(dossiers: list[Any]) -> list[tuple[Any, ...]]:
    """What the lists read of a dossier, in a comparable form."""
    return sorted(
        (d.id, d.cell, d.stage, d.opened_on, d.candidate_data, d.readmission, d.log, d.version)
        for d in dossiers
    )


@pytest.fixture
def seniors(province: Any, official: Any) -> tuple[UUID, UUID]:
    """Two official members of the province's cell, able to introduce a candidate."""
    return official(province.cell, date(2010, 1, 1)), official(province.cell, date(2010, 1, 1))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_read_model_answers_as_the_replayed_dossiers_on_any_day_as_known_at_any_instant(
    seed: int, registry: Registry, clock: Any, driver: Any, province: Any, seniors: Any
) -> None:
    cells = [province.cell, province.other_cell]
    ids, instants, days = record_history(seed, registry, clock, driver, cells, seniors)
    rng = random.Random(seed)
    moments = [*rng.sample(instants, 5), instants[0] - timedelta(minutes=1), clock.now]
    checked = [*rng.sample(days, 5), min(days) - timedelta(days=1), registry.today()]

    answers = set()
    for known in moments:
        for day in checked:
            read = pipeline.dossiers_of(registry, province.province, day, known)
            assert seen(read) == seen(replayed(registry, ids, day, known)), (day, known)
            answers.add(tuple((d.id, d.stage, d.version) for d in read))
    assert len(answers) > 4  # the days and instants do cut the histories differently
    assert any(d.stage != Stage.SOURCE_LIST for d in pipeline.dossiers_of(registry, "T01"))


def test_a_list_shows_a_write_as_soon_as_the_write_returns(
    registry: Registry, driver: Any, province: Any
) -> None:
    before = pipeline.scope(registry, province.province).dossiers
    dossier = driver.open(province.cell, date(2026, 3, 2))
    opened = pipeline.scope(registry, province.province).dossiers
    driver.step(dossier, CompleteCourse(on=date(2026, 4, 1), certificate_no="CN-2"))
    moved = pipeline.scope(registry, province.province).dossiers

    assert before == []
    assert [(d.id, d.stage) for d in opened] == [(dossier.id, Stage.SOURCE_LIST)]
    assert [(d.id, d.stage) for d in moved] == [(dossier.id, Stage.PREPARING)]


def test_a_dossier_of_another_subtree_or_opened_later_is_not_listed(
    registry: Registry, driver: Any, province: Any
) -> None:
    first = driver.open(province.cell, date(2026, 3, 2))
    driver.open(province.other_cell, date(2026, 5, 2))

    assert [d.id for d in pipeline.dossiers_of(registry, province.cell)] == [first.id]
    assert pipeline.dossiers_of(registry, province.province, date(2026, 3, 1)) == []
    assert len(pipeline.dossiers_of(registry, province.province, date(2026, 5, 2))) == 2


def test_a_rebuild_from_the_log_gives_the_same_lists(
    registry: Registry, clock: Any, driver: Any, province: Any, seniors: Any
) -> None:
    cells = [province.cell, province.other_cell]
    record_history(3, registry, clock, driver, cells, seniors)
    day = date(2023, 3, 1)
    before = seen(pipeline.dossiers_of(registry, province.province, day))

    rebuilt = Runner(registry, "dossiers").rebuild()
    after = seen(pipeline.dossiers_of(registry, province.province, day))

    assert (rebuilt.generation, rebuilt.active) == (2, True)
    assert after == before and len(after) == 6
