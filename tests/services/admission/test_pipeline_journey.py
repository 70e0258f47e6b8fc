"""A candidate taken through the pipeline service, and the roll agreeing with it (both databases)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.admission.dossier import Stage, Step, Votes
from domain.errors import RuleViolation
from domain.roll.values import EventType, MemberStatus, StrikeOffReason
from services.admission import pipeline
from services.admission.commands import DecideStrikeOff, HoldCeremony, ReviewProbation
from services.roll.commands import Admit, Counterpart, Decision, MemberRef, Remove, TransferOut
from tests import writes


def prepared_to_decision(driver: Any, province: Any, official: Any, dates: dict[str, date]) -> Any:
    introducers = (
        official(province.cell, date(2010, 1, 1)),
        official(province.other_cell, date(2012, 1, 1)),
    )
    d = driver.open(province.cell, dates["open"])
    d = driver.prepare(d, introducers, dates)
    return driver.resolve(d, dates["cell"], dates["committee"])


def test_candidate_goes_from_source_list_to_official_member(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    d = driver.ceremony(d, old_dates["ceremony"])
    d = driver.review(d, old_dates["review"])

    d = driver.recognize(d, old_dates["recognition"], province.district)

    assert d.stage == Stage.OFFICIAL
    member = registry.get_member(d.latest(Step.CEREMONY_HELD)["member_id"])
    assert member.status_on(date(2024, 8, 19)) == MemberStatus.PROBATIONARY
    assert member.status_on(date(2024, 8, 20)) == MemberStatus.OFFICIAL
    assert d.latest(Step.RECOGNIZED)["effective_on"] == date(2024, 8, 20)
    assert pipeline.get_dossier(registry, d.id).stage == Stage.OFFICIAL


def test_the_ceremony_puts_the_candidate_on_the_roll_with_the_decision(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    before = registry.roll_count(province.cell, old_dates["ceremony"])

    d = driver.ceremony(d, old_dates["ceremony"])

    assert registry.roll_count(province.cell, old_dates["ceremony"]) == before + 1
    entry = registry.get_organization(province.cell).find_entry(
        d.latest(Step.CEREMONY_HELD)["roll_event_id"]
    )
    assert entry["type"] == EventType.ADMITTED
    assert entry["effective_on"] == old_dates["ceremony"]
    assert (entry["decision_no"], entry["decision_on"], entry["decided_by"]) == (
        "123-QĐ/HU",
        old_dates["decision"],
        province.district,
    )
    assert entry["note"] == f"dossier {d.id}"


def test_the_ceremony_and_the_admission_are_saved_in_one_transaction(
    registry: Any,
    province: Any,
    official: Any,
    driver: Any,
    old_dates: dict[str, date],
    monkeypatch: Any,
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    saves: list[set[str]] = []
    real_save = registry.save

    def spy(*events: Any, **kwargs: Any) -> Any:
        saves.append({type(e).__qualname__ for e in events})
        return real_save(*events, **kwargs)

    monkeypatch.setattr(registry, "save", spy)

    driver.ceremony(d, old_dates["ceremony"])

    assert saves == [
        {
            "Dossier.CeremonyHeld",
            "Organization.Admitted",
            "Member.Identified",
            "Member.EntryNoted",
            "ClientKey.Used",
        }
    ]


def test_a_refused_admission_stores_nothing_of_the_ceremony_either(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    # Meanwhile the same person was admitted by another cell, directly on its roll.
    writes.admit(
        registry,
        province.other_cell,
        Admit(
            MemberRef(profile=d.candidate),
            date(2023, 8, 10),
            Decision("77-QĐ/HU", date(2023, 8, 5), province.district),
        ),
        "clerk",
    )
    position = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        driver.ceremony(d, old_dates["ceremony"])

    assert refused.value.rule == "on_two_rolls"
    assert registry.max_position() == position
    stored = pipeline.get_dossier(registry, d.id)
    assert (stored.stage, stored.version) == (Stage.AWAITING_CEREMONY, d.version)
    assert registry.roll_count(province.cell, old_dates["ceremony"]) == 1  # the introducer only


def test_a_refused_step_stores_nothing(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    position = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        driver.decide(d, old_dates["decision"], province.province)

    assert refused.value.rule == "body_not_competent"
    assert refused.value.details["competent"] == [province.district]
    assert registry.max_position() == position


def test_a_late_ceremony_is_refused_before_the_roll_is_touched(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    position = registry.max_position()

    with pytest.raises(RuleViolation) as refused:
        driver.ceremony(d, date(2023, 10, 2))

    assert refused.value.rule == "ceremony_late"
    assert registry.max_position() == position
    d = driver.step(d, HoldCeremony(on=date(2023, 10, 2), late_approval="45-CV/HU"))
    assert d.stage == Stage.PROBATION


def test_recognition_is_recorded_on_the_roll_the_member_moved_to_effective_12_months_after(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    d = driver.ceremony(d, old_dates["ceremony"])
    member_id = d.latest(Step.CEREMONY_HELD)["member_id"]
    writes.transfer_out(
        registry,
        province.cell,
        TransferOut(
            MemberRef(member_id=member_id),
            date(2024, 2, 1),
            destination=Counterpart(province.other_cell),
        ),
        "clerk",
    )
    d = driver.review(d, old_dates["review"])

    d = driver.recognize(d, date(2025, 1, 15), province.district)  # decided late

    recognized = d.latest(Step.RECOGNIZED)
    assert recognized["org"] == province.other_cell
    entry = registry.get_organization(province.other_cell).find_entry(recognized["roll_event_id"])
    assert (entry["type"], entry["effective_on"]) == (EventType.RECOGNIZED, date(2024, 8, 20))


def test_failed_probation_strikes_the_member_off_the_roll(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    d = driver.ceremony(d, old_dates["ceremony"])
    d = driver.review(d, old_dates["review"], outcome="strike_off")
    with pytest.raises(RuleViolation) as mismatch:
        driver.recognize(d, old_dates["recognition"], province.district)
    assert mismatch.value.rule == "probation_outcome_mismatch"

    d = driver.step(
        d,
        DecideStrikeOff(on=date(2024, 9, 10), decided_by=province.district, document_no="10-QĐ/HU"),
    )

    assert d.stage == Stage.STRUCK_OFF
    member = registry.get_member(d.latest(Step.CEREMONY_HELD)["member_id"])
    assert member.org_on(date(2024, 9, 10)) is None
    entry = registry.get_organization(province.cell).find_entry(
        d.latest(Step.STRUCK_OFF)["roll_event_id"]
    )
    assert entry["reason"] == StrikeOffReason.FAILED_PROBATION.value


def test_the_probation_review_needs_two_thirds_of_the_cell(
    province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    d = driver.ceremony(d, old_dates["ceremony"])

    with pytest.raises(RuleViolation) as refused:
        driver.step(
            d, ReviewProbation(on=old_dates["review"], votes=Votes(5, 5, 10), outcome="recognize")
        )

    assert refused.value.rule == "two_thirds_majority"


def test_a_readmission_waits_36_months_and_is_recorded_as_such(
    registry: Any, province: Any, official: Any, driver: Any
) -> None:
    national_id = "001190099999"
    former = official(province.cell, date(2010, 1, 1), national_id=national_id)
    writes.remove(
        registry,
        province.cell,
        Remove(
            MemberRef(member_id=former),
            date(2022, 1, 10),
            removal=EventType.STRUCK_OFF,
            reason=StrikeOffReason.NON_ATTENDANCE,
        ),
        "clerk",
    )
    introducers = (
        official(province.cell, date(2010, 1, 1)),
        official(province.other_cell, date(2011, 1, 1)),
    )
    dates = {
        "course": date(2024, 3, 1),
        "application": date(2024, 4, 1),
        "introducers": date(2024, 4, 10),
        "background": date(2024, 5, 2),
    }
    d = driver.open(province.cell, date(2024, 2, 1), national_id=national_id)
    assert d.readmission
    d = driver.prepare(d, introducers, dates)

    with pytest.raises(RuleViolation) as early:
        driver.resolve(d, date(2024, 6, 20), None)
    assert early.value.rule == "readmission_too_early"
    assert early.value.details["earliest"] == "2025-01-10"

    d = driver.resolve(d, date(2025, 2, 3), date(2025, 2, 10))
    d = driver.decide(d, date(2025, 3, 3), province.district)
    d = driver.ceremony(d, date(2025, 3, 20))

    entry = registry.get_organization(province.cell).find_entry(
        d.latest(Step.CEREMONY_HELD)["roll_event_id"]
    )
    assert entry["type"] == EventType.READMITTED
    assert registry.get_member(former).status_on(date(2025, 3, 20)) == MemberStatus.PROBATIONARY


def test_admitted_count_counts_ceremonies_of_the_year_in_the_subtree(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    driver.ceremony(d, old_dates["ceremony"])

    assert pipeline.admitted_count(registry, province.province, 2023) == 1
    assert pipeline.admitted_count(registry, province.province, 2023, as_of=date(2023, 8, 19)) == 0
    assert pipeline.admitted_count(registry, province.other_cell, 2023) == 0


def test_a_candidate_60_on_the_day_the_cell_resolves_needs_no_provincial_approval(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    introducers = (
        official(province.cell, date(2010, 1, 1)),
        official(province.other_cell, date(2012, 1, 1)),
    )
    d = driver.open(province.cell, old_dates["open"], birth_date=date(1963, 6, 20))
    d = driver.prepare(d, introducers, old_dates)
    d = driver.resolve(d, old_dates["cell"], old_dates["committee"])  # exactly 60 that day
    d = driver.decide(d, old_dates["decision"], province.district)

    d = driver.ceremony(d, old_dates["ceremony"])

    assert d.stage == Stage.PROBATION


def test_admitted_count_stops_at_the_end_of_the_year_asked(
    registry: Any, province: Any, official: Any, driver: Any, old_dates: dict[str, date]
) -> None:
    d = prepared_to_decision(driver, province, official, old_dates)
    d = driver.decide(d, old_dates["decision"], province.district)
    driver.ceremony(d, old_dates["ceremony"])
    year = old_dates["ceremony"].year

    assert pipeline.admitted_count(registry, province.province, year) == 1
    assert (
        pipeline.admitted_count(registry, province.province, year - 1, as_of=date(year, 12, 31))
        == 0
    )
