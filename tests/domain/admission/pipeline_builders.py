"""Builders of in-memory dossiers for the pure tests of the pipeline (no database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

from domain.admission.dossier import CandidateFacts, Dossier, Step, Votes
from domain.admission.facts import IntroducerFacts
from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
CANDIDATE = uuid4()
CELL, GRASSROOTS = "C01", "G01"
DATES = {
    "open": date(2023, 3, 1),
    "course": date(2023, 4, 10),
    "application": date(2023, 5, 2),
    "introducers": date(2023, 5, 10),
    "background": date(2023, 6, 1),
    "cell": date(2023, 6, 20),
    "committee": date(2023, 6, 27),
    "decision": date(2023, 8, 1),
    "ceremony": date(2023, 8, 20),
    "review": date(2024, 8, 26),
    "recognition": date(2024, 9, 10),
}


def common(on: date, **extra: Any) -> dict[str, Any]:
    return {
        "on": on,
        "today": TODAY,
        "actor": "Chi bộ",
        "document_no": "01",
        "recorded_by": "test",
        "timestamp": NOW,
        **extra,
    }


def introducer(since: date = date(2000, 1, 1), **overrides: Any) -> IntroducerFacts:
    values: dict[str, Any] = {
        "member_id": uuid4(),
        "known": True,
        "official_on_day": True,
        "grassroots_on_day": GRASSROOTS,
        "qualified_since": since,
    }
    values.update(overrides)
    return IntroducerFacts(**values)


def prepare(
    d: Dossier,
    until: Step = Step.YOUTH_UNION_ENDORSED,
    years: int = 5,
    dates: dict[str, date] | None = None,
) -> Dossier:
    """Course, application, introducers, background, Youth Union (for its members)."""
    on = dates or DATES
    d.complete_course(certificate_no="CN-1", valid_years=years, **common(on["course"]))
    if until == Step.COURSE_COMPLETED:
        return d
    d.submit_application(**common(on["application"]))
    d.assign_introducers(
        introducers=[introducer(), introducer()],
        candidate_id=CANDIDATE,
        grassroots=GRASSROOTS,
        **common(on["introducers"]),
    )
    d.verify_background(conclusion="Đủ điều kiện", satisfactory=True, **common(on["background"]))
    if d.candidate.youth_union:
        d.endorse_by_youth_union(**common(on["background"]))
    return d


def papers_before(cell_on: date) -> dict[str, date]:
    """Dates of the papers in the weeks before a cell resolution."""
    return {
        "course": cell_on - timedelta(days=60),
        "application": cell_on - timedelta(days=40),
        "introducers": cell_on - timedelta(days=30),
        "background": cell_on - timedelta(days=20),
    }


def resolve(d: Dossier, grassroots: str = GRASSROOTS, on: date = DATES["cell"]) -> Dossier:
    d.resolve_in_cell(votes=Votes(9, 0, 10), grassroots=grassroots, left_on=None, **common(on))
    if grassroots != d.cell:
        d.resolve_in_committee(votes=Votes(7, 0, 9), **common(DATES["committee"]))
    return d


def decide(d: Dossier, on: date = DATES["decision"]) -> Dossier:
    d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(on))
    return d


def ceremony(d: Dossier, on: date = DATES["ceremony"], **extra: Any) -> Dossier:
    d.hold_ceremony(roll_event_id=uuid4(), member_id=CANDIDATE, **common(on, **extra))
    return d


def opened(
    make_profile: Callable[..., MemberProfile],
    facts: CandidateFacts | None = None,
    exemption: str | None = None,
    on: date = DATES["open"],
    cell: str = CELL,
    **profile: Any,
) -> Dossier:
    """A dossier opened in `cell` for a candidate made by `make_profile(**profile)`."""
    return Dossier.open(
        id=uuid4(),
        cell=cell,
        cell_kind=OrgKind.CELL,
        candidate=make_profile(**profile),
        facts=facts or CandidateFacts(),
        on=on,
        today=TODAY,
        actor="Chi bộ",
        document_no=None,
        recorded_by="test",
        timestamp=NOW,
        education_exemption=exemption,
    )
