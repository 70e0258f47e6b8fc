"""The JSON bodies of the pipeline: step bodies become commands, views dump to JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from marshmallow import ValidationError

from domain.admission.dossier import Votes
from domain.admission.workdays import default_calendar
from domain.roll.profile import MemberProfile
from services.admission.answers import (
    AgendaItemSchema,
    DeadlineListsSchema,
    DossierSchema,
    ForecastSchema,
)
from services.admission.bodies import parse_open, parse_step
from services.admission.commands import AssignIntroducers, DecideAdmission, ResolveInCell
from services.admission.views import deadline_lists, describe, quota_forecast, review_agenda
from services.roll.commands import MemberRef
from tests.domain.admission.pipeline_builders import common, opened, papers_before, prepare

CANDIDATE = {
    "national_id": "001190000001",
    "full_name": "Phạm Thu Hà",
    "sex": "female",
    "birth_date": "1999-09-09",
    "ethnicity": "Tày",
    "education": "university",
    "political_theory": "none",
    "youth_union": True,
    "sector": "public_service",
}


def test_a_step_body_becomes_its_command() -> None:
    resolved = parse_step(
        {
            "step": "cell_resolved",
            "on": "2024-06-20",
            "votes_for": 9,
            "votes_against": 1,
            "eligible": 10,
        }
    )
    introduced = parse_step(
        {
            "step": "introducers_assigned",
            "on": "2024-06-01",
            "introducers": [{"national_id": "001190000002"}, {"national_id": "001190000003"}],
        }
    )
    decided = parse_step(
        {"step": "decided", "on": "2024-07-01", "decided_by": "T01.H01", "document_no": "9-QĐ/HU"}
    )

    assert resolved == ResolveInCell(on=date(2024, 6, 20), votes=Votes(9, 1, 10))
    assert introduced == AssignIntroducers(
        on=date(2024, 6, 1),
        introducers=(MemberRef(national_id="001190000002"), MemberRef(national_id="001190000003")),
    )
    assert isinstance(decided, DecideAdmission) and decided.decided_by == "T01.H01"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"step": "decided", "on": "2024-07-01", "decided_by": "H"}, "document_no"),
        ({"step": "received", "on": "2024-07-01", "reason": "x"}, "reason"),
        (
            {
                "step": "cell_resolved",
                "on": "2024-07-01",
                "votes_for": 9,
                "votes_against": 2,
                "eligible": 10,
            },
            "votes",
        ),
        (
            {
                "step": "probation_reviewed",
                "on": "2024-07-01",
                "votes_for": 9,
                "votes_against": 0,
                "eligible": 10,
                "outcome": "maybe",
            },
            "outcome",
        ),
        ({"step": "source_listed", "on": "2024-07-01"}, "step"),
    ],
    ids=[
        "decision-without-number",
        "field-of-another-step",
        "votes-over-eligible",
        "bad-outcome",
        "opening-is-not-a-step",
    ],
)
def test_a_bad_step_body_names_the_field(body: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_step(body)

    assert field in error.value.messages


def test_an_opening_body_needs_the_whole_candidate() -> None:
    command = parse_open("C01", {"on": "2024-01-02", "candidate": CANDIDATE, "id": "key-1"})
    with pytest.raises(ValidationError) as error:
        parse_open("C01", {"on": "2024-01-02", "candidate": {"national_id": "001190000001"}})

    assert (command.cell, command.candidate.ethnicity, command.client_key) == (
        "C01",
        "Tày",
        "key-1",
    )
    assert "full_name" in error.value.messages["candidate"]


def test_the_views_dump_to_json(make_profile: Callable[..., MemberProfile]) -> None:
    d = opened(make_profile)
    prepare(d, dates=papers_before(date(2024, 1, 5)))
    d.resolve_in_cell(
        votes=Votes(9, 0, 10), grassroots=d.cell, left_on=None, **common(date(2024, 1, 5))
    )
    today, cal = date(2024, 4, 8), default_calendar()

    dumped = {
        "dossier": DossierSchema().dump(describe(d, today, cal)),
        "lists": DeadlineListsSchema().dump(deadline_lists([d], today, cal)),
        "agenda": AgendaItemSchema(many=True).dump(review_agenda([d], today, cal)),
        "forecast": ForecastSchema().dump(quota_forecast([d], 3, {"tỉnh giao": 5})),
    }

    text = json.loads(json.dumps(dumped))
    assert text["dossier"]["steps"][-1]["votes"] == {"for": 9, "against": 0, "eligible": 10}
    assert text["dossier"]["deadlines"][0]["due_on"] == "2024-04-05"
    assert text["lists"]["overdue"][0]["kind"] == "decision"
    assert text["agenda"][0]["ready_on"] == "2024-01-05"
    assert text["forecast"]["plans"][0]["forecast"] == 4
