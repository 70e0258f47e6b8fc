"""The report's approval rules, on the aggregate alone (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.errors import InvalidValue, RuleViolation
from domain.reporting.approval import Headline, ReportState, TreeHeadStamp, report_id
from domain.reporting.deadlines import due_on, is_late
from domain.reporting.period import Period, Structure
from domain.reporting.report import Report

AT = datetime(2025, 7, 10, 3, 0, tzinfo=UTC)
H1 = Period.first_half(2025)
FIGURES = Headline(10, 3, 1, 12)
HEAD = TreeHeadStamp(5, 5, "ab" * 32, None)


def new_report(org: str = "T01.H01") -> Report:
    return Report.start(
        id=uuid4(), org=org, period=H1, structure=Structure.AS_STRUCTURED, timestamp=AT
    )


def prepared(org: str = "T01.H01", digest: str = "d1") -> Report:
    report = new_report(org)
    report.prepare(by="clerk", by_org=org, at=AT, position=4, digest=digest, figures=FIGURES)
    return report


def approve(
    report: Report,
    digest: str = "d1",
    children: dict[str, ReportState] | None = None,
    by_org: str | None = None,
) -> None:
    report.approve(
        by="officer",
        by_org=by_org or report.org,
        at=AT,
        position=5,
        tree_head=HEAD,
        digest=digest,
        figures=FIGURES,
        children=children or {},
        on=date(2025, 6, 30),
    )


def refused(call: object) -> str:
    with pytest.raises(RuleViolation) as caught:
        call()  # type: ignore[operator]
    return caught.value.rule


def test_a_report_is_approved_once_prepared_by_its_own_officer():
    report = prepared()

    approve(report)

    assert report.state is ReportState.APPROVED
    assert report.approval is not None and report.approval["tree_head"]["size"] == 5
    assert report.approval["figures"] == FIGURES.as_dict()


def test_a_report_not_prepared_cannot_be_approved():
    report = new_report()

    assert refused(lambda: approve(report)) == "report_not_prepared"
    assert report.state is ReportState.NOT_STARTED


def test_figures_changed_since_preparation_refuse_the_approval():
    report = prepared(digest="d1")

    assert refused(lambda: approve(report, digest="d2")) == "report_changed_since_prepared"


def test_a_superior_does_not_approve_a_childs_report():
    report = prepared()

    assert refused(lambda: approve(report, by_org="T01")) == "approver_not_own_officer"


def test_a_parent_waits_for_every_child_to_approve_or_be_marked_not_reporting():
    report = prepared()
    waiting = {"T01.H01.A": ReportState.APPROVED, "T01.H01.B": ReportState.PREPARED}
    settled = {"T01.H01.A": ReportState.APPROVED, "T01.H01.B": ReportState.NOT_REPORTING}

    with pytest.raises(RuleViolation) as caught:
        approve(report, children=waiting)
    approve(report, children=settled)

    assert caught.value.rule == "children_not_approved"
    assert caught.value.details["waiting"] == ["T01.H01.B"]
    assert report.state is ReportState.APPROVED


def test_only_a_superior_returns_an_approved_report_with_a_reason():
    report = prepared()
    approve(report)

    own = refused(
        lambda: report.return_(
            by="x",
            by_org="T01.H01",
            reason="sai",
            superiors=["T01"],
            parent="T01",
            parent_state=None,
            on=H1.end,
            at=AT,
        )
    )
    stranger = refused(
        lambda: report.return_(
            by="x",
            by_org="T02",
            reason="sai",
            superiors=["T01"],
            parent="T01",
            parent_state=None,
            on=H1.end,
            at=AT,
        )
    )
    with pytest.raises(InvalidValue):
        report.return_(
            by="x",
            by_org="T01",
            reason=" ",
            superiors=["T01"],
            parent="T01",
            parent_state=None,
            on=H1.end,
            at=AT,
        )
    report.return_(
        by="x",
        by_org="T01",
        reason="thiếu số liệu",
        superiors=["T01"],
        parent="T01",
        parent_state=None,
        on=H1.end,
        at=AT,
    )

    assert (own, stranger) == ("not_superior", "not_superior")
    assert (report.state, report.reason) == (ReportState.RETURNED, "thiếu số liệu")


def test_a_returned_report_is_prepared_and_approved_again():
    report = prepared()
    approve(report)
    report.return_(
        by="x",
        by_org="T01",
        reason="sai",
        superiors=["T01"],
        parent="T01",
        parent_state=None,
        on=H1.end,
        at=AT,
    )

    before = refused(lambda: approve(report))
    report.prepare(by="clerk", by_org="T01.H01", at=AT, position=7, digest="d1", figures=FIGURES)
    approve(report)

    assert before == "report_not_prepared"
    assert report.state is ReportState.APPROVED
    assert len(report.approvals) == 2


def test_a_report_the_parent_approved_on_is_not_returned():
    report = prepared()
    approve(report)

    rule = refused(
        lambda: report.return_(
            by="x",
            by_org="T01",
            reason="sai",
            superiors=["T01"],
            parent="T01",
            parent_state=ReportState.APPROVED,
            on=H1.end,
            at=AT,
        )
    )

    assert rule == "parent_report_approved"


def test_an_approved_report_is_neither_prepared_again_nor_marked_not_reporting():
    report = prepared()
    approve(report)

    again = refused(
        lambda: report.prepare(
            by="c", by_org="T01.H01", at=AT, position=9, digest="d", figures=FIGURES
        )
    )
    mark = refused(
        lambda: report.mark_not_reporting(
            by="x", by_org="T01", reason="giải thể", superiors=["T01"], at=AT
        )
    )

    assert (again, mark) == ("report_already_approved", "report_already_approved")


def test_a_report_marked_not_reporting_is_not_prepared():
    report = new_report()
    report.mark_not_reporting(
        by="x", by_org="T01", reason="đang giải thể", superiors=["T01"], at=AT
    )

    rule = refused(
        lambda: report.prepare(
            by="c", by_org="T01.H01", at=AT, position=9, digest="d", figures=FIGURES
        )
    )

    assert report.state is ReportState.NOT_REPORTING
    assert rule == "report_not_reporting"


def test_report_ids_differ_by_org_period_and_structure_and_repeat_for_the_same():
    namespace = uuid4()
    one = report_id(namespace, "T01", H1, Structure.AS_STRUCTURED)

    others = {
        report_id(namespace, "T02", H1, Structure.AS_STRUCTURED),
        report_id(namespace, "T01", Period.year(2025), Structure.AS_STRUCTURED),
        report_id(namespace, "T01", H1, Structure.RESTATED),
    }

    assert one == report_id(namespace, "T01", Period.parse("2025-H1"), Structure.AS_STRUCTURED)
    assert one not in others and len(others) == 3


def test_the_half_year_is_due_on_15_july_and_the_year_on_15_january():
    assert due_on(H1) == date(2025, 7, 15)
    assert due_on(Period.year(2024)) == date(2025, 1, 15)
    assert not is_late(H1, approved=False, today=date(2025, 7, 15))
    assert is_late(H1, approved=False, today=date(2025, 7, 16))
    assert not is_late(H1, approved=True, today=date(2025, 9, 1))
