"""An organization's report for a period, ready to export: the approved one as known at its
approval, signed (ApprovalStamp), or, not approved yet, the forms as known now, marked so.

The approved forms are compiled again with `known_at` = the approval instant: whatever was
recorded later, they say what the officer approved, and their digest is the approval's (the
compiler approvals sign is compile_statistics_forms, whose digest is the forms').
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.reporting.approval import report_id
from domain.reporting.period import Period, Structure
from domain.reporting.report import Report
from projections.forms.compiled import CompiledForms
from projections.forms.compiler import compile_forms
from services.integrity.wiring import current_head
from services.reporting.approval import current_queries
from services.reporting.states import stored_report
from services.reports.forms_pdf import to_pdf
from services.reports.forms_workbook import to_workbook
from services.reports.signed import ApprovalStamp


@dataclass(frozen=True)
class ReportExport:
    """The forms a file prints, the tree head its stamp names, and the approval (None: not
    approved, the forms as known now)."""

    forms: CompiledForms
    tree_head: str
    approval: ApprovalStamp | None

    def workbook(self) -> bytes:
        return to_workbook(self.forms, self.tree_head, self.approval)

    def pdf(self) -> bytes:
        return to_pdf(self.forms, self.tree_head, self.approval)

    @property
    def filename(self) -> str:
        state = "da-duyet" if self.approval else "chua-duyet"
        key = self.forms.period.key.replace("..", "_")
        return f"bao-cao-{self.forms.org}-{key}-{self.forms.structure.value}-{state}"


def stamp_of(
    registry: Any, report: Report, approval: dict[str, Any], period: Period, structure: Structure
) -> ApprovalStamp:
    """The stamp of one of the report's approvals, from what its events recorded."""
    head = approval["tree_head"]
    prepared = report.prepared or {}
    return ApprovalStamp(
        report_id=str(report_id(registry.ids.namespace, report.org, period, structure)),
        org=report.org,
        period=period.key,
        structure=structure.value,
        prepared_by=str(prepared.get("by", "")),
        approved_by=str(approval["by"]),
        approved_at=approval["at"],
        position=int(approval["position"]),
        tree_root=str(head["root"]),
        checkpoint=head.get("checkpoint"),
        digest=str(approval["digest"]),
    )


def forms_known_at(
    registry: Any, org: str, period: Period, structure: Structure, at: datetime | None
) -> CompiledForms:
    return compile_forms(current_queries(registry), org, period, structure, at)


def report_export(registry: Any, org: str, period: Period, structure: Structure) -> ReportExport:
    """The approved report as known at its approval, or the forms now marked not approved."""
    report = stored_report(registry, org, period, structure)
    approval = None if report is None else report.approval
    if report is None or approval is None:
        forms = forms_known_at(registry, org, period, structure, None)
        return ReportExport(forms, current_head(registry, forms.position).root_hex, None)
    forms = forms_known_at(registry, org, period, structure, approval["at"])
    stamp = stamp_of(registry, report, approval, period, structure)
    return ReportExport(forms, stamp.tree_root, stamp)
