"""Every rule of the Dossier aggregate, in memory: each refusal names its rule and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.admission.dossier import CandidateFacts, Dossier, Stage, Step, Votes
from domain.admission.facts import IntroducerFacts
from domain.errors import InvalidValue, Mention, RuleViolation
from domain.roll.profile import MemberProfile
from domain.roll.values import Education, OrgKind
from tests.domain.admission.pipeline_builders import (
    CANDIDATE,
    CELL,
    DATES,
    GRASSROOTS,
    NOW,
    TODAY,
    ceremony,
    common,
    decide,
    introducer,
    opened,
    prepare,
    resolve,
)


@pytest.fixture
def new(make_profile: Callable[..., MemberProfile]) -> Callable[..., Dossier]:
    """Opens dossiers in cell C01."""

    def open_(
        facts: CandidateFacts | None = None, exemption: str | None = None, **profile: Any
    ) -> Dossier:
        return opened(make_profile, facts, exemption, **profile)

    return open_


def refused(rule: str, action: Callable[[], Any], d: Dossier | None = None) -> RuleViolation:
    """Assert the action is refused by `rule` and records nothing on the dossier."""
    version = d.version if d is not None else None
    with pytest.raises(RuleViolation) as caught:
        action()
    assert caught.value.rule == rule, caught.value
    if d is not None:
        assert d.version == version
    return caught.value


# -- order ------------------------------------------------------------------------------


def test_refuses_the_application_before_the_course(new: Any) -> None:
    d = new()

    refused("step_out_of_order", lambda: d.submit_application(**common(DATES["application"])), d)


def test_refuses_the_cell_resolution_before_the_introducers(new: Any) -> None:
    d = prepare(new(), until=Step.COURSE_COMPLETED)
    d.submit_application(**common(DATES["application"]))

    error = refused("step_out_of_order", lambda: resolve(d), d)
    assert "introducers_assigned" in error.details["missing"]


def test_youth_union_member_needs_the_youth_union_endorsement_before_the_cell(new: Any) -> None:
    d = new(youth_union=True)
    d.complete_course(certificate_no="CN-1", valid_years=5, **common(DATES["course"]))
    d.submit_application(**common(DATES["application"]))
    d.assign_introducers(
        introducers=[introducer(), introducer()],
        candidate_id=CANDIDATE,
        grassroots=GRASSROOTS,
        **common(DATES["introducers"]),
    )
    d.verify_background(conclusion="ok", satisfactory=True, **common(DATES["background"]))

    error = refused("step_out_of_order", lambda: resolve(d), d)
    assert error.details["missing"] == ["youth_union_endorsed"]


def test_refuses_a_youth_union_endorsement_for_a_non_member(new: Any) -> None:
    d = prepare(new(youth_union=False))

    refused(
        "step_not_applicable", lambda: d.endorse_by_youth_union(**common(DATES["background"])), d
    )


def test_refuses_the_decision_before_the_grassroots_committee_resolution(new: Any) -> None:
    d = prepare(new())
    d.resolve_in_cell(
        votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
    )

    refused("step_out_of_order", lambda: decide(d), d)
    assert d.stage == Stage.AWAITING_COMMITTEE


def test_a_cell_that_is_its_own_grassroots_organization_has_no_committee_resolution(
    new: Any,
) -> None:
    d = resolve(prepare(new()), grassroots=CELL)

    refused(
        "step_not_applicable",
        lambda: d.resolve_in_committee(votes=Votes(5, 0, 5), **common(DATES["committee"])),
        d,
    )
    assert d.stage == Stage.AWAITING_DECISION
    decide(d)
    assert d.stage == Stage.AWAITING_CEREMONY


def test_refuses_the_ceremony_before_the_decision(new: Any) -> None:
    d = resolve(prepare(new()))

    refused("step_out_of_order", lambda: ceremony(d), d)


def test_refuses_a_second_decision(new: Any) -> None:
    d = decide(resolve(prepare(new())))

    refused("step_out_of_order", lambda: decide(d, date(2023, 8, 2)), d)


def test_papers_can_be_renewed_until_the_cell_resolves_but_not_after(new: Any) -> None:
    d = prepare(new())
    d.submit_application(**common(date(2023, 6, 2)))
    assert d.date_of(Step.APPLICATION_SUBMITTED) == date(2023, 6, 2)
    resolve(d)

    refused("step_out_of_order", lambda: d.submit_application(**common(date(2023, 7, 1))), d)


def test_refuses_the_receipt_after_the_decision(new: Any) -> None:
    d = decide(resolve(prepare(new())))

    refused("step_out_of_order", lambda: d.receive(**common(date(2023, 8, 5))), d)


def test_refuses_recognition_before_the_probation_review(new: Any) -> None:
    d = ceremony(decide(resolve(prepare(new()))))

    refused(
        "step_out_of_order",
        lambda: d.check_can_conclude(Step.RECOGNIZED, DATES["recognition"], "H01", ["H01"], TODAY),
        d,
    )


def test_next_steps_follow_the_order(new: Any) -> None:
    d = new(youth_union=True)

    assert Step.COURSE_COMPLETED in d.next_steps()
    assert Step.APPLICATION_SUBMITTED not in d.next_steps()
    prepare(d)
    assert Step.CELL_RESOLVED in d.next_steps()
    assert Step.DECIDED not in d.next_steps()


# -- dates ------------------------------------------------------------------------------


def test_refuses_a_date_in_the_future(new: Any) -> None:
    d = new()

    refused(
        "future_date",
        lambda: d.complete_course(certificate_no="CN", valid_years=5, **common(date(2026, 11, 22))),
        d,
    )


def test_refuses_a_step_dated_before_the_step_it_follows(new: Any) -> None:
    d = prepare(new(), until=Step.COURSE_COMPLETED)

    refused(
        "date_before_previous_step", lambda: d.submit_application(**common(date(2023, 4, 9))), d
    )


def test_a_certificate_may_predate_the_source_list(new: Any) -> None:
    d = new()

    d.complete_course(certificate_no="CN", valid_years=5, **common(date(2021, 1, 5)))

    assert d.stage == Stage.PREPARING


# -- the candidate ----------------------------------------------------------------------


def test_refuses_a_candidate_under_18_on_the_day_the_cell_resolves(new: Any) -> None:
    d = prepare(new(birth_date=date(2005, 6, 21)))

    error = refused("admission_age", lambda: resolve(d), d)
    assert "under 18" in error.message


def test_accepts_a_candidate_18_that_very_day(new: Any) -> None:
    d = prepare(new(birth_date=date(2005, 6, 20)))

    resolve(d)

    assert d.stage == Stage.AWAITING_DECISION


def test_over_60_needs_the_provincial_approval(new: Any) -> None:
    d = prepare(new(birth_date=date(1963, 3, 1)))
    votes = Votes(9, 0, 10)

    refused(
        "admission_age",
        lambda: d.resolve_in_cell(
            votes=votes, grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
        ),
        d,
    )
    d.resolve_in_cell(
        votes=votes,
        grassroots=GRASSROOTS,
        left_on=None,
        provincial_approval="15-CV/TU",
        **common(DATES["cell"]),
    )

    assert d.latest(Step.CELL_RESOLVED)["provincial_approval"] == "15-CV/TU"


def test_refuses_education_below_lower_secondary(new: Any) -> None:
    refused("education_below_lower_secondary", lambda: new(education=Education.PRIMARY))


def test_accepts_primary_education_under_a_hardship_area_exemption(new: Any) -> None:
    d = new(education=Education.PRIMARY, exemption="HD 12-HD/BTCTW, vùng đặc biệt khó khăn")

    assert d.education_exemption


def test_refuses_an_expired_course_certificate(new: Any) -> None:
    d = new()
    d.complete_course(certificate_no="CN-old", valid_years=5, **common(date(2018, 6, 19)))
    prepare_rest(d)

    error = refused("course_certificate_expired", lambda: resolve(d), d)
    assert error.details["valid_until"] == "2023-06-19"


def test_a_certificate_is_valid_up_to_its_last_day(new: Any) -> None:
    d = new()
    d.complete_course(certificate_no="CN", valid_years=5, **common(date(2018, 6, 20)))
    prepare_rest(d)

    resolve(d)


def test_certificate_validity_is_configurable(new: Any) -> None:
    d = new()
    d.complete_course(certificate_no="CN", valid_years=3, **common(date(2020, 6, 1)))
    prepare_rest(d)

    refused("course_certificate_expired", lambda: resolve(d), d)


def test_a_renewed_certificate_counts(new: Any) -> None:
    d = new()
    d.complete_course(certificate_no="CN-old", valid_years=5, **common(date(2017, 1, 1)))
    d.complete_course(certificate_no="CN-new", valid_years=5, **common(DATES["course"]))
    prepare_rest(d)

    resolve(d)


def prepare_rest(d: Dossier) -> None:
    d.submit_application(**common(DATES["application"]))
    d.assign_introducers(
        introducers=[introducer(), introducer()],
        candidate_id=CANDIDATE,
        grassroots=GRASSROOTS,
        **common(DATES["introducers"]),
    )
    d.verify_background(conclusion="ok", satisfactory=True, **common(DATES["background"]))
    if d.candidate.youth_union:
        d.endorse_by_youth_union(**common(DATES["background"]))


def test_refuses_a_cell_resolution_after_an_unsatisfactory_background(new: Any) -> None:
    d = prepare(new(youth_union=False))
    d.verify_background(
        conclusion="Chưa rõ lý lịch cha", satisfactory=False, **common(DATES["background"])
    )

    refused("background_not_satisfactory", lambda: resolve(d), d)


def test_refuses_a_dossier_for_a_member(new: Any) -> None:
    refused("already_member", lambda: new(facts=CandidateFacts(on_roll_of="C02")))


def test_refuses_a_second_open_dossier_for_the_same_person(new: Any) -> None:
    refused("dossier_already_open", lambda: new(facts=CandidateFacts(open_dossiers=(uuid4(),))))


def test_refuses_a_dossier_in_an_organization_without_a_roll() -> None:
    refused(
        "org_holds_no_members",
        lambda: Dossier.open(
            id=uuid4(),
            cell="G01",
            cell_kind=OrgKind.GRASSROOTS_COMMITTEE,
            candidate=None,  # type: ignore[arg-type]
            facts=CandidateFacts(),
            on=DATES["open"],
            today=TODAY,
            actor="",
            document_no=None,
            recorded_by="t",
            timestamp=NOW,
        ),
    )


# -- introducers ------------------------------------------------------------------------


def assign(d: Dossier, *introducers: IntroducerFacts) -> None:
    d.assign_introducers(
        introducers=list(introducers),
        candidate_id=CANDIDATE,
        grassroots=GRASSROOTS,
        **common(DATES["introducers"]),
    )


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        ({"official_on_day": False}, "introducer_not_official"),
        ({"grassroots_on_day": "G99", "qualified_since": None}, "introducer_other_organization"),
        ({"qualified_since": date(2022, 5, 11)}, "introducer_too_recent"),
        ({"qualified_since": None}, "introducer_too_recent"),
        ({"member_id": CANDIDATE}, "introducer_is_candidate"),
    ],
    ids=[
        "not-official",
        "other-grassroots",
        "one-day-short-of-12-months",
        "not-continuous",
        "candidate",
    ],
)
def test_refuses_an_introducer_who_does_not_qualify(
    new: Any, facts: dict[str, Any], rule: str
) -> None:
    d = prepare(new(), until=Step.COURSE_COMPLETED)
    d.submit_application(**common(DATES["application"]))

    refused(rule, lambda: assign(d, introducer(), introducer(**facts)), d)


def test_accepts_an_introducer_of_exactly_12_months(new: Any) -> None:
    d = prepare(new(), until=Step.COURSE_COMPLETED)
    d.submit_application(**common(DATES["application"]))

    assign(d, introducer(), introducer(qualified_since=date(2022, 5, 10)))

    assert d.done(Step.INTRODUCERS_ASSIGNED)


def test_needs_two_different_introducers(new: Any) -> None:
    d = prepare(new(), until=Step.COURSE_COMPLETED)
    d.submit_application(**common(DATES["application"]))
    one = introducer()

    with pytest.raises(InvalidValue):
        assign(d, one, one)
    with pytest.raises(InvalidValue):
        assign(d, one)


# -- votes ------------------------------------------------------------------------------


def test_refuses_a_cell_resolution_without_two_thirds_of_the_official_members(new: Any) -> None:
    d = prepare(new())

    error = refused(
        "two_thirds_majority",
        lambda: d.resolve_in_cell(
            votes=Votes(6, 2, 10), grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
        ),
        d,
    )
    assert error.details["body"] == "cell"


def test_two_thirds_exactly_is_enough(new: Any) -> None:
    d = prepare(new())

    d.resolve_in_cell(
        votes=Votes(6, 3, 9), grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
    )

    assert d.stage == Stage.AWAITING_COMMITTEE


def test_refuses_a_committee_resolution_without_two_thirds(new: Any) -> None:
    d = prepare(new())
    d.resolve_in_cell(
        votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
    )

    error = refused(
        "two_thirds_majority",
        lambda: d.resolve_in_committee(votes=Votes(5, 4, 9), **common(DATES["committee"])),
        d,
    )
    assert error.details["body"] == "committee"


def test_votes_must_add_up() -> None:
    with pytest.raises(InvalidValue):
        Votes(8, 3, 10)
    with pytest.raises(InvalidValue):
        Votes(0, 0, 0)


# -- decision ---------------------------------------------------------------------------


def test_refuses_a_decision_by_a_body_that_is_not_competent(new: Any) -> None:
    d = resolve(prepare(new()))

    error = refused(
        "body_not_competent",
        lambda: d.decide(
            decided_by="T01", competent=["H01"], left_on=None, **common(DATES["decision"])
        ),
        d,
    )
    assert error.details["competent"] == ["H01"]


def test_a_decision_needs_its_number(new: Any) -> None:
    d = resolve(prepare(new()))

    with pytest.raises(InvalidValue):
        d.decide(
            decided_by="H01",
            competent=["H01"],
            left_on=None,
            **common(DATES["decision"], document_no=None),
        )


def test_a_refusal_closes_the_dossier_with_its_reason(new: Any) -> None:
    d = resolve(prepare(new()))

    d.refuse(
        decided_by="H01",
        competent=["H01"],
        reason="Chưa đủ tiêu chuẩn",
        **common(DATES["decision"]),
    )

    assert d.stage == Stage.REFUSED
    refused("dossier_closed", lambda: decide(d), d)


def test_refuses_a_readmission_before_36_months(new: Any) -> None:
    d = prepare(new(facts=CandidateFacts(left_on=date(2020, 7, 1))))

    error = refused(
        "readmission_too_early",
        lambda: d.resolve_in_cell(
            votes=Votes(9, 0, 10),
            grassroots=GRASSROOTS,
            left_on=date(2020, 7, 1),
            left_in="H02.CB09",
            **common(DATES["cell"]),
        ),
        d,
    )
    assert error.details["earliest"] == "2023-07-01"
    assert d.readmission
    # The day they left is told only to those who read the cell they left, on that day.
    assert error.mentions == (Mention("H02.CB09", date(2020, 7, 1)),)
    assert "2020-07-01" not in error.told(lambda org, on: False)


def test_refuses_a_readmission_decided_before_36_months(new: Any) -> None:
    d = resolve(prepare(new(facts=CandidateFacts(left_on=date(2020, 6, 1)))))

    refused(
        "readmission_too_early",
        lambda: d.decide(
            decided_by="H01",
            competent=["H01"],
            left_on=date(2020, 8, 2),
            **common(DATES["decision"]),
        ),
        d,
    )


def test_extends_the_decision_deadline_only_once_with_a_reason(new: Any) -> None:
    d = resolve(prepare(new()))
    with pytest.raises(InvalidValue):
        d.extend_deadline(reason=" ", **common(date(2023, 7, 1)))

    d.extend_deadline(reason="Chờ xác minh bổ sung", **common(date(2023, 7, 1)))

    refused(
        "extension_used", lambda: d.extend_deadline(reason="again", **common(date(2023, 7, 2))), d
    )


def test_refuses_a_stale_dossier_and_accepts_it_once_the_papers_are_renewed(new: Any) -> None:
    d = prepare(new(youth_union=False))
    late = date(2024, 5, 11)  # 12 months and a day after the application (2023-05-02 → 2024-05-02)

    error = refused(
        "dossier_stale",
        lambda: d.resolve_in_cell(
            votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(late)
        ),
        d,
    )
    assert error.details["papers_since"] == "2023-05-02"
    d.submit_application(**common(date(2024, 5, 1)))
    d.assign_introducers(
        introducers=[introducer(), introducer()],
        candidate_id=CANDIDATE,
        grassroots=GRASSROOTS,
        **common(date(2024, 5, 2)),
    )
    d.resolve_in_cell(votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(late))


# -- ceremony and probation -------------------------------------------------------------


def test_refuses_a_ceremony_later_than_30_working_days_without_approval(new: Any) -> None:
    d = resolve(prepare(new()))
    d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(date(2024, 1, 25)))
    # 30 working days after 25 January 2024 skip Tết (8-14 February 2024): due 14 March.

    error = refused("ceremony_late", lambda: ceremony(d, date(2024, 3, 15)), d)
    assert error.details["due"] == "2024-03-14"
    ceremony(d, date(2024, 3, 15), late_approval="Công văn 45-CV/HU")
    assert d.stage == Stage.PROBATION


def test_a_ceremony_on_the_30th_working_day_is_in_time(new: Any) -> None:
    d = resolve(prepare(new()))
    d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(date(2024, 1, 25)))

    ceremony(d, date(2024, 3, 14))


def test_the_ceremony_counts_from_the_day_the_cell_received_the_decision(new: Any) -> None:
    d = resolve(prepare(new()))
    d.decide(
        decided_by="H01",
        competent=["H01"],
        left_on=None,
        received_on=date(2024, 2, 1),
        **common(date(2024, 1, 25)),
    )

    ceremony(d, date(2024, 3, 20))  # due 2024-03-20: 30 working days after 1 February


def test_refuses_the_probation_review_before_the_12_months(new: Any) -> None:
    d = ceremony(decide(resolve(prepare(new()))))

    error = refused(
        "review_before_probation_end",
        lambda: d.review_probation(
            votes=Votes(9, 0, 10), outcome="recognize", **common(date(2024, 8, 19))
        ),
        d,
    )
    assert error.details["probation_ends_on"] == "2024-08-20"


def test_refuses_a_recognition_when_the_cell_proposed_striking_off(new: Any) -> None:
    d = ceremony(decide(resolve(prepare(new()))))
    d.review_probation(votes=Votes(9, 0, 10), outcome="strike_off", **common(DATES["review"]))

    refused(
        "probation_outcome_mismatch",
        lambda: d.check_can_conclude(Step.RECOGNIZED, DATES["recognition"], "H01", ["H01"], TODAY),
        d,
    )


def test_recognition_takes_effect_exactly_12_months_after_the_ceremony(new: Any) -> None:
    d = ceremony(decide(resolve(prepare(new()))), date(2023, 8, 31))
    d.review_probation(votes=Votes(9, 0, 10), outcome="recognize", **common(date(2024, 9, 2)))

    d.recognize(
        decided_by="H01",
        competent=["H01"],
        roll_event_id=uuid4(),
        org=CELL,
        **common(date(2024, 9, 20)),
    )

    assert d.latest(Step.RECOGNIZED)["effective_on"] == date(2024, 8, 31)
    assert d.stage == Stage.OFFICIAL


# -- withdrawal and suspension ----------------------------------------------------------


def test_withdrawal_at_any_stage_before_the_ceremony_with_a_reason(new: Any) -> None:
    d = resolve(prepare(new()))
    with pytest.raises(InvalidValue):
        d.withdraw(reason="", **common(date(2023, 7, 1)))

    d.withdraw(reason="Chuyển công tác", **common(date(2023, 7, 1)))

    assert d.stage == Stage.WITHDRAWN
    refused("dossier_closed", lambda: d.suspend(reason="x", **common(date(2023, 7, 2))), d)


def test_refuses_a_withdrawal_after_the_ceremony(new: Any) -> None:
    d = ceremony(decide(resolve(prepare(new()))))

    refused(
        "withdraw_after_admission", lambda: d.withdraw(reason="x", **common(date(2023, 9, 1))), d
    )


def test_a_suspended_dossier_takes_no_step_until_resumed(new: Any) -> None:
    d = prepare(new())
    d.resolve_in_cell(
        votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(DATES["cell"])
    )
    d.suspend(reason="Có đơn thư phản ánh", **common(date(2023, 7, 1)))
    assert d.stage == Stage.SUSPENDED
    assert d.next_steps() == [Step.RESUMED, Step.WITHDRAWN]

    refused("dossier_suspended", lambda: decide(d), d)
    refused("dossier_suspended", lambda: d.suspend(reason="again", **common(date(2023, 7, 2))), d)
    refused("date_before_previous_step", lambda: d.resume(**common(date(2023, 6, 30))), d)
    d.resume(**common(date(2023, 7, 20)))

    assert d.stage == Stage.AWAITING_COMMITTEE
    refused("not_suspended", lambda: d.resume(**common(date(2023, 7, 21))), d)
    refused(
        "date_before_previous_step",
        lambda: d.resolve_in_committee(votes=Votes(9, 0, 9), **common(date(2023, 7, 19))),
        d,
    )


def test_refuses_an_application_dated_before_the_source_list(new: Any) -> None:
    d = new()
    d.complete_course(certificate_no="CN", valid_years=5, **common(date(2022, 1, 5)))

    refused(
        "date_before_previous_step", lambda: d.submit_application(**common(date(2023, 2, 28))), d
    )
