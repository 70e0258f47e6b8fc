"""Approved reports locked as known: late entries show beside them, and in the next period."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from domain.reporting.approval import ReportState
from domain.reporting.period import Period, Structure
from services.reporting.locked import locked, reconciliation
from services.reporting.states import period_tree

YEAR = Period.year(2024)
AS = Structure.AS_STRUCTURED


@pytest.fixture
def approved(desk, province):
    """Two admitted to the cell in 2024, its 2024 report approved on 10 January 2025."""
    desk.on(date(2024, 3, 5))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.on(date(2025, 1, 10))
    desk.prepare_and_approve(province.cell, YEAR)
    return province


def test_a_late_entry_after_approval_leaves_the_approved_report_unchanged(desk, approved, registry):
    desk.on(date(2025, 3, 1))
    late = desk.admit(approved.cell, date(2024, 10, 1))

    report = locked(registry, approved.cell, YEAR, AS)

    assert report.reproduced
    assert (report.approved.at_end, report.approved.increases) == (2, 2)
    assert (report.today.at_end, report.today.increases) == (3, 3)
    assert report.changed
    explained = [(e.event_id, e.kind, e.effect) for e in report.at_end_diff.events]
    assert explained == [(late.event_id, "late_entry", 1)]
    assert report.brought_forward_diff.events == []


def test_an_approved_report_without_later_events_is_unchanged(desk, approved, registry):
    desk.on(date(2025, 3, 1))

    report = locked(registry, approved.cell, YEAR, AS)

    assert report.reproduced and not report.changed
    assert report.at_end_diff.events == []


def test_a_report_not_approved_has_nothing_locked(desk, approved, registry):
    with pytest.raises(RuleViolation) as caught:
        locked(registry, approved.other_cell, YEAR, AS)

    assert caught.value.rule == "report_not_approved"


def test_the_next_period_reconciles_a_late_entry_in_a_line_of_its_own(desk, approved, registry):
    desk.on(date(2025, 3, 1))
    late = desk.admit(approved.cell, date(2024, 10, 1))

    line = reconciliation(registry, approved.cell, Period.year(2025), AS)

    assert (line.previous, line.approved_figure, line.brought_forward) == (YEAR, 2, 3)
    assert (line.starts_from, line.difference) == ("corrected", 1)
    assert [e.event_id for e in line.diff.events] == [late.event_id]


def test_the_next_period_starts_from_the_approved_figure_when_nothing_changed(
    desk, approved, registry
):
    desk.on(date(2025, 3, 1))
    desk.admit(approved.cell, date(2025, 2, 1))  # in the new period: not a correction

    line = reconciliation(registry, approved.cell, Period.first_half(2025), AS)

    assert (line.previous, line.starts_from, line.difference) == (YEAR, "approved", 0)
    assert line.brought_forward == 2


def test_the_period_tree_shows_each_state_and_who_is_late(desk, approved, registry):
    desk.prepare(approved.other_cell, YEAR)
    desk.on(date(2025, 1, 20))

    tree = period_tree(registry, approved.committee, YEAR, AS)

    states = {row.code: row.state for row in tree.rows}
    assert states == {
        approved.committee: ReportState.NOT_STARTED,
        approved.cell: ReportState.APPROVED,
        approved.other_cell: ReportState.PREPARED,
    }
    assert tree.due_on == date(2025, 1, 15)
    assert tree.late == [approved.committee, approved.other_cell]
    assert [row.depth for row in tree.rows] == [0, 1, 1]
    cell = next(row for row in tree.rows if row.code == approved.cell)
    assert cell.approved_by == f"officer of {approved.cell}"


def test_nobody_is_late_before_the_due_day(desk, approved, registry):
    desk.on(date(2025, 1, 15))

    tree = period_tree(registry, approved.committee, YEAR, AS)

    assert tree.late == []
