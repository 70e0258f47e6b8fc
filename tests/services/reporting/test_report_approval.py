"""The approval of reports up the tree, through the front door, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.persistence import IntegrityError

from domain.errors import RuleViolation
from domain.reporting.approval import ReportState, report_id
from domain.reporting.period import Period, Structure
from domain.reporting.report import Report
from services.admission.queries import read_side
from services.reporting import approval
from services.reporting.compilation import compile_headline, compile_statistics_forms
from services.unit_of_work import UnitOfWork

YEAR = Period.year(2024)
AS = Structure.AS_STRUCTURED


@pytest.fixture
def peopled(desk, province):
    """Two admitted to the first cell and one to the second during 2024; recorded in 2024."""
    desk.on(date(2024, 3, 5))
    first = desk.admit(province.cell, date(2024, 3, 1))
    desk.admit(province.cell, date(2024, 3, 1))
    desk.admit(province.other_cell, date(2024, 3, 2))
    desk.on(date(2024, 8, 5))
    desk.died(province.cell, first.member_id, date(2024, 8, 1))
    desk.on(date(2025, 1, 5))
    return province


def rule_of(call) -> str:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value.rule


def test_a_parent_cannot_approve_before_every_child_has(desk, peopled):
    desk.prepare_and_approve(peopled.cell, YEAR)
    desk.prepare(peopled.committee, YEAR)

    rule = rule_of(lambda: desk.approve(peopled.committee, YEAR))
    desk.prepare_and_approve(peopled.other_cell, YEAR)
    approved = desk.approve(peopled.committee, YEAR)

    assert rule == "children_not_approved"
    assert approved.state is ReportState.APPROVED


def test_a_child_marked_not_reporting_lets_its_parent_approve(desk, peopled, registry):
    desk.prepare_and_approve(peopled.cell, YEAR)
    desk.prepare(peopled.committee, YEAR)

    marked = desk.not_reporting(peopled.other_cell, YEAR, by_org=peopled.committee)
    approved = desk.approve(peopled.committee, YEAR)

    assert (marked.state, marked.reason) == (ReportState.NOT_REPORTING, "đang giải thể")
    assert approved.state is ReportState.APPROVED


def test_only_a_superior_marks_a_report_not_reporting(desk, peopled):
    rule = rule_of(lambda: desk.not_reporting(peopled.cell, YEAR, by_org=peopled.other_cell))

    assert rule == "not_superior"


def test_a_returned_report_is_corrected_and_approved_again(desk, peopled, registry):
    desk.prepare_and_approve(peopled.cell, YEAR)

    returned = desk.return_(peopled.cell, YEAR, by_org=peopled.district, reason="thiếu 1")
    early = rule_of(lambda: desk.approve(peopled.cell, YEAR))
    again = desk.prepare_and_approve(peopled.cell, YEAR)

    assert (returned.state, returned.reason) == (ReportState.RETURNED, "thiếu 1")
    assert early == "report_not_prepared"
    assert again.state is ReportState.APPROVED and len(again.approvals) == 2


def test_a_report_is_not_returned_while_its_parent_approved_on_it(desk, peopled):
    for org in (peopled.cell, peopled.other_cell, peopled.committee):
        desk.prepare_and_approve(org, YEAR)

    rule = rule_of(lambda: desk.return_(peopled.cell, YEAR, by_org=peopled.district))
    desk.return_(peopled.committee, YEAR, by_org=peopled.district)
    returned = desk.return_(peopled.cell, YEAR, by_org=peopled.district)

    assert rule == "parent_report_approved"
    assert returned.state is ReportState.RETURNED


def test_a_return_and_the_parents_approval_at_once_are_not_both_stored(desk, peopled, registry):
    """Write skew: each reads the other's stream; the return's note on the parent's stream
    makes the second commit a version conflict, retried against what the first stored."""
    for org in (peopled.cell, peopled.other_cell):
        desk.prepare_and_approve(org, YEAR)
    desk.prepare(peopled.committee, YEAR)
    approving, returning = UnitOfWork(registry), UnitOfWork(registry)
    approval.approve(approving, peopled.committee, YEAR, AS, "officer", peopled.committee)
    approval.return_(returning, peopled.cell, YEAR, AS, "officer", peopled.district, "thiếu 1")

    approving.commit()
    with pytest.raises(IntegrityError):
        returning.commit()
    retried = rule_of(lambda: desk.return_(peopled.cell, YEAR, by_org=peopled.district))

    assert retried == "parent_report_approved"
    cell = registry.repository.get(report_id(registry.ids.namespace, peopled.cell, YEAR, AS))
    assert cell.state is ReportState.APPROVED


def test_a_return_is_noted_on_the_parents_report(desk, peopled, registry):
    desk.prepare_and_approve(peopled.cell, YEAR)

    desk.return_(peopled.cell, YEAR, by_org=peopled.district, reason="thiếu 1")

    parent_id = report_id(registry.ids.namespace, peopled.committee, YEAR, AS)
    parent = registry.repository.get(parent_id)
    assert (parent.state, parent.returned_children) == (ReportState.NOT_STARTED, [peopled.cell])


def test_the_organization_itself_cannot_return_its_report(desk, peopled):
    desk.prepare_and_approve(peopled.cell, YEAR)

    assert rule_of(lambda: desk.return_(peopled.cell, YEAR, by_org=peopled.cell)) == "not_superior"


def test_a_refused_approval_stores_nothing(desk, peopled, registry):
    before = registry.max_position()

    rule = rule_of(lambda: desk.approve(peopled.cell, YEAR))

    assert rule == "report_not_prepared"
    assert registry.max_position() == before
    found_id = report_id(registry.ids.namespace, peopled.cell, YEAR, Structure.AS_STRUCTURED)
    assert not registry.existing({found_id})


def test_an_approval_records_the_figures_digest_position_and_signed_tree_head(
    desk, peopled, registry, settings
):
    desk.prepare(peopled.cell, YEAR)
    position = registry.max_position()

    report = desk.approve(peopled.cell, YEAR)

    approval = report.approval
    expected = compile_statistics_forms(
        read_side(registry), peopled.cell, YEAR, Structure.AS_STRUCTURED
    )
    headline = compile_headline(read_side(registry), peopled.cell, YEAR, Structure.AS_STRUCTURED)
    assert (expected.brought_forward, expected.increases, expected.decreases, expected.at_end) == (
        headline.brought_forward,
        headline.increases,
        headline.decreases,
        headline.at_end,
    )
    assert approval["figures"] == {
        "brought_forward": 0,
        "increases": 2,
        "decreases": 1,
        "at_end": 1,
    }
    assert approval["digest"] == expected.digest()
    assert approval["position"] == position == approval["tree_head"]["position"]
    assert (settings.witness_dir / approval["tree_head"]["checkpoint"]).exists()
    stored = registry.repository.get(report.id)
    assert isinstance(stored, Report) and stored.approval == approval


def test_headline_figures_balance_brought_forward_increases_decreases_and_end(
    desk, peopled, registry
):
    desk.on(date(2025, 5, 1))
    desk.admit(peopled.cell, date(2025, 4, 1))
    queries = read_side(registry)

    for org in (peopled.cell, peopled.committee, peopled.province):
        for period in (YEAR, Period.first_half(2025), Period.year(2025)):
            c = compile_headline(queries, org, period, Structure.AS_STRUCTURED)
            assert c.brought_forward + c.increases - c.decreases == c.at_end, (org, period)
    whole = compile_headline(
        queries, peopled.province, Period.first_half(2025), Structure.AS_STRUCTURED
    )
    assert (whole.brought_forward, whole.increases, whole.decreases, whole.at_end) == (2, 1, 0, 3)


def test_the_log_verifies_against_the_checkpoint_an_approval_signed(
    desk, peopled, settings, monkeypatch
):
    from tests.services.integrity.conftest import cli_for

    report = desk.prepare_and_approve(peopled.cell, YEAR)
    desk.on(date(2025, 2, 1))
    desk.admit(peopled.cell, date(2025, 1, 20))  # the log grows past the approval

    checkpoint = settings.witness_dir / report.approval["tree_head"]["checkpoint"]
    result = cli_for(settings, monkeypatch)("verify", "--against", str(checkpoint))

    assert result.exit_code == 0, result.output


def test_a_restated_report_is_approved_on_todays_tree_with_its_stock_figures(
    desk, peopled, registry
):
    for org in (peopled.cell, peopled.other_cell):
        desk.prepare_and_approve(org, YEAR, structure=Structure.RESTATED)
    desk.prepare(peopled.committee, YEAR, structure=Structure.RESTATED)

    approved = desk.approve(peopled.committee, YEAR, structure=Structure.RESTATED)

    assert approved.approval["figures"] == {
        "brought_forward": 0,
        "increases": 3,  # the forms count the restated flows of each predecessor
        "decreases": 1,
        "at_end": 2,
    }
    as_structured = report_id(
        registry.ids.namespace, peopled.committee, YEAR, Structure.AS_STRUCTURED
    )
    assert not registry.existing({as_structured})  # one stream per structure
