"""Every deadline of a dossier, counted in working days; the expected dues are counted by hand.

Several of them cross Tết, which takes five working days out of the count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.admission.deadlines import DeadlineKind, running_deadlines
from domain.admission.dossier import Dossier, Votes
from domain.admission.settings import ServiceTarget
from domain.admission.workdays import default_calendar
from domain.roll.profile import MemberProfile
from tests.domain.admission.pipeline_builders import (
    DATES,
    GRASSROOTS,
    common,
    introducer,
    opened,
    papers_before,
    prepare,
)

CAL = default_calendar()


@pytest.fixture
def new(make_profile: Callable[..., MemberProfile]) -> Callable[..., Dossier]:
    """Opens a dossier (Youth Union member unless told otherwise)."""

    def open_(**profile: Any) -> Dossier:
        return opened(make_profile, **profile)

    return open_


def deadline(d: Dossier, kind: DeadlineKind, target: ServiceTarget | None = None) -> Any:
    found = {x.kind: x for x in running_deadlines(d, CAL, target)}
    assert list(found) == [kind] or kind in found, found
    return found[kind]


def cell_resolved_on(d: Dossier, on: date) -> Dossier:
    prepare(d, dates=papers_before(on))
    d.resolve_in_cell(votes=Votes(9, 0, 10), grassroots=GRASSROOTS, left_on=None, **common(on))
    return d


def test_the_decision_is_due_60_working_days_after_the_cell_resolution_across_tet_2024(
    new: Any,
) -> None:
    d = cell_resolved_on(new(), date(2024, 1, 5))
    # Jan 8 ... Feb 7 = 23 working days, 8-14 Feb is Tết, then 37 more: Friday 5 April.

    due = deadline(d, DeadlineKind.DECISION)

    assert due.starts_on == date(2024, 1, 5)
    assert due.due_on == date(2024, 4, 5)
    assert due.is_overdue(date(2024, 4, 6)) and not due.is_overdue(date(2024, 4, 5))


def test_an_extension_adds_30_working_days_once(new: Any) -> None:
    d = cell_resolved_on(new(), date(2024, 1, 5))
    d.extend_deadline(reason="Chờ kết quả xác minh", **common(date(2024, 3, 1)))
    # From 5 April: Hùng Kings (18 Apr) and 29 Apr-1 May are off, Saturday 4 May is worked.

    due = deadline(d, DeadlineKind.DECISION)

    assert due.due_on == date(2024, 5, 22)


def test_the_decision_deadline_runs_through_the_committee_stage(new: Any) -> None:
    d = cell_resolved_on(new(), date(2024, 1, 5))

    assert [x.kind for x in running_deadlines(d, CAL)] == [DeadlineKind.DECISION]
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 1, 12)))
    assert [x.kind for x in running_deadlines(d, CAL)] == [DeadlineKind.DECISION]


def test_the_service_target_counts_from_the_receipt(new: Any) -> None:
    d = cell_resolved_on(new(), date(2024, 1, 5))
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 1, 12)))
    d.receive(**common(date(2024, 1, 15), actor="Ban Tổ chức Huyện ủy"))

    working = deadline(d, DeadlineKind.SERVICE_TARGET, ServiceTarget(60, True, "T01"))
    calendar_days = deadline(d, DeadlineKind.SERVICE_TARGET, ServiceTarget(60, False, "T01"))

    assert working.starts_on == date(2024, 1, 15)
    assert working.due_on == CAL.add(date(2024, 1, 15), 60) == date(2024, 4, 15)
    assert calendar_days.due_on == date(2024, 3, 15)


def test_without_a_receipt_the_service_target_counts_from_the_last_resolution(new: Any) -> None:
    d = cell_resolved_on(new(), date(2024, 1, 5))
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 1, 12)))

    assert deadline(d, DeadlineKind.SERVICE_TARGET, ServiceTarget(10)).starts_on == date(
        2024, 1, 12
    )


def test_the_ceremony_is_due_30_working_days_after_the_decision_is_received_across_tet_2025(
    new: Any,
) -> None:
    d = cell_resolved_on(new(), date(2024, 12, 20))
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 12, 27)))
    d.decide(
        decided_by="H01",
        competent=["H01"],
        left_on=None,
        received_on=date(2025, 1, 15),
        **common(date(2025, 1, 13)),
    )
    # 16 Jan ... 24 Jan = 7, Tết 27-31 Jan, then 23 more: Wednesday 5 March.

    due = deadline(d, DeadlineKind.CEREMONY)

    assert (due.starts_on, due.due_on) == (date(2025, 1, 15), date(2025, 3, 5))


def test_the_probation_review_is_due_30_working_days_after_the_12_months_across_tet_2026(
    new: Any,
) -> None:
    d = cell_resolved_on(new(), date(2024, 12, 20))
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 12, 27)))
    d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(date(2025, 1, 13)))
    d.hold_ceremony(
        roll_event_id=introducer().member_id,
        member_id=introducer().member_id,
        **common(date(2025, 1, 20)),
    )

    due = deadline(d, DeadlineKind.PROBATION_REVIEW)

    assert due.starts_on == date(2026, 1, 20)
    assert due.due_on == date(2026, 3, 10)  # Tết 16-20 Feb 2026 skipped


def test_the_recognition_decision_is_due_30_working_days_after_the_review(new: Any) -> None:
    d = cell_resolved_on(new(), date(2024, 12, 20))
    d.resolve_in_committee(votes=Votes(5, 0, 7), **common(date(2024, 12, 27)))
    d.decide(decided_by="H01", competent=["H01"], left_on=None, **common(date(2025, 1, 13)))
    d.hold_ceremony(
        roll_event_id=introducer().member_id,
        member_id=introducer().member_id,
        **common(date(2025, 1, 20)),
    )
    d.review_probation(votes=Votes(9, 0, 10), outcome="recognize", **common(date(2026, 2, 2)))

    due = deadline(d, DeadlineKind.RECOGNITION_DECISION)

    assert (due.starts_on, due.due_on) == (date(2026, 2, 2), date(2026, 3, 23))


def test_a_dossier_goes_stale_12_months_after_its_oldest_paper(new: Any) -> None:
    d = prepare(new())  # application 2 May 2023, introducers 10 May, Youth Union 1 June

    due = deadline(d, DeadlineKind.CELL_PROPOSAL)

    assert (due.starts_on, due.due_on) == (DATES["application"], date(2024, 5, 2))
    assert due.is_overdue(date(2024, 5, 3))
    assert due.is_due_soon(date(2024, 4, 25)) and not due.is_due_soon(date(2024, 4, 24))


def test_renewing_the_papers_restarts_the_staleness_clock(new: Any) -> None:
    d = prepare(new(youth_union=False))
    d.submit_application(**common(date(2024, 4, 1)))
    d.assign_introducers(
        introducers=[introducer(), introducer()],
        candidate_id=introducer().member_id,
        grassroots=GRASSROOTS,
        **common(date(2024, 4, 2)),
    )

    assert deadline(d, DeadlineKind.CELL_PROPOSAL).due_on == date(2025, 4, 1)


def test_no_deadline_runs_on_the_source_list_or_once_closed_or_suspended(new: Any) -> None:
    listed = new()
    suspended = cell_resolved_on(new(), date(2024, 1, 5))
    suspended.suspend(reason="Có đơn thư", **common(date(2024, 1, 8)))
    withdrawn = prepare(new())
    withdrawn.withdraw(reason="Chuyển đi", **common(date(2023, 7, 1)))

    assert running_deadlines(listed, CAL) == []
    assert running_deadlines(suspended, CAL) == []
    assert running_deadlines(withdrawn, CAL) == []
