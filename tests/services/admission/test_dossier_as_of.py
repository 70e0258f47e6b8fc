"""A dossier as it stood at the end of a day (services.admission.queries.as_it_stood): what a
look at a past day may show, and nothing recorded for a later day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from domain.admission.dossier import Stage
from domain.roll.profile import MemberProfile
from services.admission.queries import as_it_stood
from tests.domain.admission.pipeline_builders import DATES, decide, opened, prepare, resolve


def test_a_dossier_opened_after_the_day_did_not_exist_then(
    make_profile: Callable[..., MemberProfile],
) -> None:
    dossier = opened(make_profile)

    assert as_it_stood(dossier, DATES["open"] - timedelta(days=1)) is None
    assert as_it_stood(dossier, DATES["open"]) is dossier


def test_steps_after_the_day_are_left_out_and_the_stage_is_the_days(
    make_profile: Callable[..., MemberProfile],
) -> None:
    dossier = decide(resolve(prepare(opened(make_profile))))
    day = DATES["cell"] - timedelta(days=1)

    then = as_it_stood(dossier, day)

    assert then is not None
    assert (dossier.stage, then.stage) == (Stage.AWAITING_CEREMONY, Stage.PREPARING)
    assert max(record["on"] for record in then.log) <= day
    assert then.version == dossier.version - (len(dossier.log) - len(then.log))
    assert len(dossier.log) > len(then.log)  # the stored dossier is left as it is


def test_a_dossier_with_nothing_after_the_day_is_returned_as_it_is(
    make_profile: Callable[..., MemberProfile],
) -> None:
    dossier = decide(resolve(prepare(opened(make_profile))))

    assert as_it_stood(dossier, date(2026, 1, 1)) is dossier
