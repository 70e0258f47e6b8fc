"""The pipeline service on real organizations and members (both databases)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.admission.dossier import Stage, Step
from domain.errors import NotFound, RuleViolation
from domain.roll.values import MemberStatus
from services.admission import pipeline
from services.admission.commands import (
    AssignIntroducers,
    CompleteCourse,
    OpenDossier,
    SubmitApplication,
    WithdrawDossier,
)
from services.admission.views import deadline_lists, quota_forecast, review_agenda
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

CLERK = "pipeline-clerk"


def with_application(driver: Any, cell: str, opened: date, applied: date) -> Any:
    d = driver.open(cell, opened)
    d = driver.step(d, CompleteCourse(on=opened, certificate_no="CN-9"))
    return driver.step(d, SubmitApplication(on=applied))


def assign(driver: Any, d: Any, on: date, *member_ids: Any) -> Any:
    refs = tuple(MemberRef(member_id=m) for m in member_ids)
    return driver.step(d, AssignIntroducers(on=on, introducers=refs))


def refused_rule(action: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        action()
    return caught.value


# -- introducers, checked against their own streams ------------------------------------------


def test_refuses_an_introducer_of_another_grassroots_organization(
    province: Any, commune: Any, official: Any, driver: Any
) -> None:
    here = official(province.cell, date(2010, 1, 1))
    elsewhere = official(commune.cell, date(2025, 7, 1))
    d = with_application(driver, province.cell, date(2026, 8, 1), date(2026, 8, 3))

    error = refused_rule(lambda: assign(driver, d, date(2026, 8, 5), here, elsewhere))

    assert error.rule == "introducer_other_organization"
    assert error.details["member_id"] == str(elsewhere)


def test_refuses_an_introducer_official_for_less_than_12_months(
    province: Any, official: Any, driver: Any
) -> None:
    senior = official(province.cell, date(2010, 1, 1))
    recent = official(province.other_cell, date(2022, 6, 1))
    d = with_application(driver, province.cell, date(2023, 3, 1), date(2023, 5, 2))

    error = refused_rule(lambda: assign(driver, d, date(2023, 5, 10), senior, recent))

    assert (error.rule, error.details["since"]) == ("introducer_too_recent", "2022-06-01")
    assign(driver, d, date(2023, 6, 1), senior, recent)  # 12 months on 1 June 2023


def test_refuses_a_probationary_introducer(
    registry: Any, province: Any, official: Any, driver: Any, make_profile: Any
) -> None:
    senior = official(province.cell, date(2010, 1, 1))
    probationary = writes.admit(
        registry,
        province.cell,
        Admit(
            MemberRef(profile=make_profile()),
            date(2022, 9, 1),
            Decision("5-QĐ/HU", date(2022, 8, 20), province.district),
        ),
        CLERK,
    ).member_id
    d = with_application(driver, province.cell, date(2023, 3, 1), date(2023, 5, 2))

    error = refused_rule(lambda: assign(driver, d, date(2023, 5, 10), senior, probationary))

    assert error.rule == "introducer_not_official"


def test_refuses_an_introducer_unknown_to_the_registry(
    province: Any, official: Any, driver: Any
) -> None:
    senior = official(province.cell, date(2010, 1, 1))
    d = with_application(driver, province.cell, date(2023, 3, 1), date(2023, 5, 2))
    stranger = (MemberRef(member_id=senior), MemberRef(national_id="001099999999"))

    error = refused_rule(
        lambda: driver.step(d, AssignIntroducers(on=date(2023, 5, 10), introducers=stranger))
    )

    assert error.rule == "introducer_not_official"
    assert "not in the registry" in error.message


# -- competence on the real trees ------------------------------------------------------------


def commune_dossier(driver: Any, commune: Any, official: Any, new_dates: dict[str, date]) -> Any:
    introducers = (
        official(commune.cell, date(2025, 7, 1)),
        official(commune.other_cell, date(2025, 7, 1)),
    )
    d = driver.open(commune.cell, new_dates["open"])
    d = driver.prepare(d, introducers, new_dates)
    return driver.resolve(d, new_dates["cell"], new_dates["committee"])


def test_from_july_2025_the_commune_level_committee_decides(
    registry: Any,
    province: Any,
    commune: Any,
    official: Any,
    driver: Any,
    new_dates: dict[str, date],
) -> None:
    d = commune_dossier(driver, commune, official, new_dates)

    error = refused_rule(lambda: driver.decide(d, new_dates["decision"], province.district))
    assert error.details["competent"] == [commune.commune]
    d = driver.decide(d, new_dates["decision"], commune.commune)

    d = driver.ceremony(d, new_dates["ceremony"])
    assert (
        registry.get_member(d.latest(Step.CEREMONY_HELD)["member_id"]).status_on(
            new_dates["ceremony"]
        )
        == MemberStatus.PROBATIONARY
    )


def test_an_authorised_grassroots_committee_decides_from_its_authorisation(
    registry: Any, commune: Any, official: Any, driver: Any, new_dates: dict[str, date]
) -> None:
    d = commune_dossier(driver, commune, official, new_dates)
    writes.grant_admission_authority(
        registry,
        commune.committee,
        from_on=date(2026, 8, 15),
        document_no="12-QĐ/ĐU",
        recorded_by=CLERK,
    )

    early = refused_rule(lambda: driver.decide(d, date(2026, 8, 14), commune.committee))
    d = driver.decide(d, new_dates["decision"], commune.committee)

    assert early.rule == "body_not_competent"
    assert d.latest(Step.DECIDED)["decided_by"] == commune.committee
    assert pipeline.competent_for(registry, commune.cell, new_dates["decision"]) == [
        commune.committee,
        commune.commune,
    ]


def test_only_a_grassroots_committee_can_be_authorised(registry: Any, commune: Any) -> None:
    error = refused_rule(
        lambda: writes.grant_admission_authority(
            registry, commune.cell, from_on=date(2026, 1, 1), document_no="1", recorded_by=CLERK
        )
    )

    assert error.rule == "authority_for_grassroots_committee_only"


def test_a_cell_directly_under_the_commune_goes_straight_to_the_commune(
    commune: Any, official: Any, driver: Any, new_dates: dict[str, date]
) -> None:
    introducers = (
        official(commune.own_cell, date(2025, 7, 1)),
        official(commune.own_cell, date(2025, 7, 1)),
    )
    d = driver.open(commune.own_cell, new_dates["open"])
    d = driver.prepare(d, introducers, new_dates)

    d = driver.resolve(d, new_dates["cell"], None)

    assert d.stage == Stage.AWAITING_DECISION
    assert driver.decide(d, new_dates["decision"], commune.commune).stage == Stage.AWAITING_CEREMONY


# -- opening -----------------------------------------------------------------------------------


def test_refuses_a_second_open_dossier_but_not_after_a_withdrawal(
    registry: Any, province: Any, driver: Any
) -> None:
    d = driver.open(province.cell, date(2024, 1, 2), national_id="001190011111")

    error = refused_rule(
        lambda: driver.open(province.other_cell, date(2024, 2, 1), national_id="001190011111")
    )
    driver.step(d, WithdrawDossier(on=date(2024, 3, 1), reason="Chuyển nơi cư trú"))
    again = driver.open(province.other_cell, date(2024, 3, 5), national_id="001190011111")

    assert (error.rule, error.details["dossier_id"]) == ("dossier_already_open", str(d.id))
    assert [x.id for x in pipeline.dossiers_of_person(registry, "001190011111")] == [d.id, again.id]


def test_refuses_a_dossier_for_someone_already_on_a_roll(
    province: Any, official: Any, driver: Any
) -> None:
    official(province.cell, date(2010, 1, 1), national_id="001190022222")

    error = refused_rule(
        lambda: driver.open(province.other_cell, date(2024, 1, 2), national_id="001190022222")
    )

    assert (error.rule, error.details["org"]) == ("already_member", province.cell)


def test_refuses_a_dossier_outside_a_cell(province: Any, driver: Any) -> None:
    assert (
        refused_rule(lambda: driver.open(province.committee, date(2024, 1, 2))).rule
        == "org_holds_no_members"
    )
    with pytest.raises(NotFound):
        driver.open("T99", date(2024, 1, 2))


def test_the_same_client_key_opens_a_dossier_once(
    registry: Any, province: Any, make_profile: Any
) -> None:
    candidate = make_profile()
    command = OpenDossier(
        cell=province.cell, candidate=candidate, on=date(2024, 1, 2), client_key="k-1"
    )

    first = writes.open_dossier(registry, command, CLERK)
    again = writes.open_dossier(registry, command, CLERK)
    error = refused_rule(
        lambda: writes.open_dossier(
            registry,
            OpenDossier(
                cell=province.cell, candidate=make_profile(), on=date(2024, 1, 2), client_key="k-1"
            ),
            CLERK,
        )
    )

    assert again.id == first.id
    assert error.rule == "idempotency_key_reused"
    assert [d.id for d in pipeline.dossiers_of(registry, province.province)] == [first.id]


# -- settings ----------------------------------------------------------------------------------


def test_settings_apply_to_the_subtree_and_the_nearest_one_wins(
    registry: Any, province: Any, commune: Any, driver: Any
) -> None:
    writes.set_certificate_validity(registry, province.province, 3, recorded_by=CLERK)
    writes.set_service_target(registry, province.province, 60, recorded_by=CLERK)
    writes.set_service_target(registry, commune.commune, 45, working_days=False, recorded_by=CLERK)

    d = driver.open(province.cell, date(2024, 1, 2))
    d = driver.step(d, CompleteCourse(on=date(2024, 1, 10), certificate_no="CN-3"))

    assert d.latest(Step.COURSE_COMPLETED)["valid_until"] == date(2027, 1, 10)
    assert pipeline.settings_for(registry, province.cell).service_target.days == 60
    target = pipeline.settings_for(registry, commune.cell).service_target
    assert (target.days, target.working_days, target.set_by) == (45, False, commune.commune)
    assert pipeline.settings_for(registry, commune.cell).certificate_years == 3


# -- views on stored dossiers --------------------------------------------------------------------


def test_the_views_read_the_dossiers_of_a_subtree(
    registry: Any,
    province: Any,
    commune: Any,
    official: Any,
    driver: Any,
    new_dates: dict[str, date],
) -> None:
    waiting = commune_dossier(driver, commune, official, new_dates)  # cell resolved 20 July 2026
    driver.open(province.cell, date(2026, 1, 5))
    writes.set_service_target(registry, commune.commune, 30, recorded_by=CLERK)

    scope = pipeline.scope(registry, province.province, date(2026, 11, 21))
    lists = deadline_lists(scope.dossiers, scope.today, pipeline.workdays_calendar(), scope.targets)
    agenda = review_agenda(scope.dossiers, scope.today, pipeline.workdays_calendar())
    forecast = quota_forecast(scope.dossiers, admitted=0)

    assert len(scope.dossiers) == 2
    assert {(r.dossier_id, r.deadline.kind.value) for r in lists.overdue} == {
        (waiting.id, "decision"),  # due 60 working days after 20 July 2026: 14 October
        (waiting.id, "service_target"),
    }
    assert [i.dossier_id for i in agenda] == [waiting.id]
    assert (forecast.awaiting_decision, forecast.preparing) == (1, 1)
    assert [d.id for d in pipeline.dossiers_of(registry, commune.commune)] == [waiting.id]


def test_the_forecast_reads_the_organizations_quotas_for_the_year(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    registry.run(
        lambda uow: uow.organization(province.province).set_quota(
            period="2023", target=4, assigned_by="T01", recorded_by=CLERK, timestamp=uow.now
        )
    )
    introducers = (
        official(province.cell, date(2010, 1, 1)),
        official(province.other_cell, date(2011, 1, 1)),
    )
    d = driver.prepare(driver.open(province.cell, old_dates["open"]), introducers, old_dates)
    d = driver.decide(
        driver.resolve(d, old_dates["cell"], old_dates["committee"]),
        old_dates["decision"],
        province.district,
    )
    driver.open(province.other_cell, date(2023, 9, 1))

    result = pipeline.forecast(registry, province.province, 2023, as_of=date(2023, 9, 30))

    assert (result.admitted, result.awaiting_ceremony, result.preparing, result.forecast) == (
        0,
        1,
        1,
        1,
    )
    assert [(p.plan, p.target, p.gap) for p in result.plans] == [("T01 giao 2023", 4, 3)]
