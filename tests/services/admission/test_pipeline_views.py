"""The pipeline views, as pure functions over in-memory dossiers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.admission.deadlines import DeadlineKind
from domain.admission.dossier import Dossier, Stage, Step, Votes
from domain.admission.settings import ServiceTarget
from domain.admission.workdays import default_calendar
from domain.roll.profile import MemberProfile
from services.admission.views import (
    average_days,
    deadline_lists,
    describe,
    quota_forecast,
    review_agenda,
    stage_counts,
)
from tests.domain.admission.pipeline_builders import (
    GRASSROOTS,
    common,
    opened,
    papers_before,
    prepare,
)

CAL = default_calendar()


@pytest.fixture
def make(make_profile: Callable[..., MemberProfile]) -> Callable[..., Dossier]:
    """A dossier in a cell, taken to a stage: `resolved_on` (cell), `decided_on`, `ceremony_on`."""

    def build(
        cell: str = "C01",
        resolved_on: date | None = None,
        decided_on: date | None = None,
        ceremony_on: date | None = None,
        prepared: bool = False,
        name: str | None = None,
    ) -> Dossier:
        extra = {"full_name": name} if name else {}
        d = opened(make_profile, on=date(2023, 1, 2), cell=cell, youth_union=False, **extra)
        if prepared:
            prepare(d, dates=papers_before(date(2024, 6, 1)))
        if resolved_on is None:
            return d
        prepare(d, dates=papers_before(resolved_on))
        d.resolve_in_cell(
            votes=Votes(9, 0, 10), grassroots=cell, left_on=None, **common(resolved_on)
        )
        if decided_on is None:
            return d
        d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(decided_on))
        if ceremony_on is not None:
            d.hold_ceremony(roll_event_id=uuid4(), member_id=uuid4(), **common(ceremony_on))
        return d

    return build


def test_counts_dossiers_by_stage_per_cell_and_in_total(make: Any) -> None:
    dossiers = [
        make("C01"),
        make("C01", prepared=True),
        make("C02", resolved_on=date(2024, 3, 1)),
        make("C02", resolved_on=date(2024, 3, 1), decided_on=date(2024, 4, 1)),
    ]

    table = stage_counts(dossiers)

    assert table["C01"][Stage.SOURCE_LIST] == 1
    assert table["C01"][Stage.PREPARING] == 1
    assert table["C02"][Stage.AWAITING_DECISION] == 1
    assert table["total"][Stage.AWAITING_CEREMONY] == 1
    assert sum(table["total"].values()) == 4


def test_lists_overdue_and_due_within_7_days(make: Any) -> None:
    today = date(2024, 4, 8)
    late = make("C01", resolved_on=date(2024, 1, 5), name="Trễ Hạn")  # decision due 5 April
    soon = make("C01", resolved_on=date(2024, 1, 12), name="Sắp Hạn")  # due 12 April
    later = make("C01", resolved_on=date(2024, 3, 1), name="Còn Hạn")

    lists = deadline_lists([later, soon, late], today, CAL)

    assert [(r.candidate, r.days_left) for r in lists.overdue] == [("Trễ Hạn", -3)]
    assert [(r.candidate, r.deadline.due_on) for r in lists.due_soon] == [
        ("Sắp Hạn", date(2024, 4, 12))
    ]
    assert lists.overdue[0].deadline.kind == DeadlineKind.DECISION


def test_the_service_target_of_each_cell_is_listed_too(make: Any) -> None:
    d = make("C01", resolved_on=date(2024, 1, 5))

    lists = deadline_lists([d], date(2024, 2, 1), CAL, {"C01": ServiceTarget(10, True, "T01")})

    assert [r.deadline.kind for r in lists.overdue] == [DeadlineKind.SERVICE_TARGET]


def test_averages_the_days_spent_reaching_each_step(make: Any) -> None:
    a = make("C01", resolved_on=date(2024, 3, 1), decided_on=date(2024, 3, 11))
    b = make("C01", resolved_on=date(2024, 3, 1), decided_on=date(2024, 3, 21))

    averages = {x.step: x for x in average_days([a, b], CAL)}

    assert averages[Step.DECIDED].count == 2
    assert averages[Step.DECIDED].mean_days == 15.0
    # 1 → 11 March 2024: 6 working days; 1 → 21 March: 14.
    assert averages[Step.DECIDED].mean_working_days == 10.0
    assert Step.CEREMONY_HELD not in averages


def test_the_agenda_lists_dossiers_ready_for_the_competent_body_oldest_first(make: Any) -> None:
    newer = make("C02", resolved_on=date(2024, 3, 4), name="Mới")
    older = make("C01", resolved_on=date(2024, 2, 20), name="Cũ")
    decided = make("C01", resolved_on=date(2024, 1, 5), decided_on=date(2024, 2, 1))
    oldest = make("C03", resolved_on=date(2024, 1, 3), name="Cũ nhất")

    agenda = review_agenda([newer, decided, older, oldest], date(2024, 3, 5), CAL)

    assert [i.candidate for i in agenda] == ["Cũ nhất", "Cũ", "Mới"]
    assert agenda[-1].candidate == "Mới"
    assert agenda[-1].days_waiting == 1
    assert all(i.dossier_id != decided.id for i in agenda)


def test_a_dossier_awaiting_its_committee_is_not_yet_on_the_agenda(
    make_profile: Callable[..., MemberProfile],
) -> None:
    d = opened(make_profile, youth_union=False)
    prepare(d, dates=papers_before(date(2024, 3, 1)))
    d.resolve_in_cell(
        votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(date(2024, 3, 1))
    )

    assert review_agenda([d], date(2024, 3, 5), CAL) == []


def test_forecasts_the_quota_from_the_roll_and_the_pipeline(make: Any) -> None:
    dossiers = [
        make("C01"),
        make("C01", prepared=True),
        make("C01", resolved_on=date(2024, 3, 1)),
        make("C01", resolved_on=date(2024, 3, 1), decided_on=date(2024, 4, 1)),
        make("C01", resolved_on=date(2024, 3, 1), decided_on=date(2024, 4, 1)),
        make(
            "C01",
            resolved_on=date(2024, 3, 1),
            decided_on=date(2024, 4, 1),
            ceremony_on=date(2024, 4, 10),
        ),
    ]

    forecast = quota_forecast(
        dossiers, admitted=7, plans={"Chỉ tiêu tỉnh giao": 12, "Kế hoạch huyện": 8}
    )

    assert (forecast.admitted, forecast.awaiting_ceremony, forecast.awaiting_decision) == (7, 2, 1)
    assert forecast.preparing == 2
    assert forecast.forecast == 10
    assert forecast.forecast_with_preparing == 12
    province, district = forecast.plans
    assert (province.target, province.percent, province.gap) == (12, 83.3, 2)
    assert (district.percent, district.gap) == (125.0, 0)


def test_describes_a_dossier_with_its_next_steps_and_deadlines(make: Any) -> None:
    d = make("C01", resolved_on=date(2024, 3, 1))

    described = describe(d, date(2024, 3, 5), CAL)

    assert described["stage"] == "awaiting_decision"
    assert described["next_steps"][:3] == ["received", "deadline_extended", "decided"]
    assert described["deadlines"][0]["kind"] == "decision"
    assert described["steps"][0]["step"] == "source_listed"
