"""The Report aggregate: one organization's statistics report for one period and structure.

Commands are verbs (`prepare`, `approve`, `return_`, `mark_not_reporting`), events past-tense
(Prepared, Approved, Returned, MarkedNotReporting). Each command runs its named guards first
and raises `RuleViolation`, storing nothing, when one refuses. What the guards need of other
streams (the children's states, the superiors, the parent's state) is read by the service layer
(services.reporting) and passed in; the compiled figures and the log's tree head too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import Mention, RuleViolation
from domain.reporting.approval import (
    SETTLED,
    Headline,
    ReportState,
    TreeHeadStamp,
    check_reason,
)
from domain.reporting.period import Period, Structure


class Report(Aggregate):
    """An organization's report (báo cáo thống kê) for a period, from preparation to approval."""

    class Started(Aggregate.Created):
        org: str
        period: str
        structure: str

    class Prepared(Aggregate.Event):
        """Compiled and put up for approval (lập biểu): by whom, at which log position."""

        by: str
        by_org: str
        at: datetime
        position: int
        digest: str
        figures: dict[str, Any]

        def apply(self, aggregate: Report) -> None:
            aggregate.stage = ReportState.PREPARED.value
            aggregate.prepared = {"by": self.by, "at": self.at, "digest": self.digest}

    class Approved(Aggregate.Event):
        """Approved by the organization's officer (phê duyệt): the compilation as known at `at`,
        the log position and signed tree head it was read at, its digest and headline figures."""

        by: str
        by_org: str
        at: datetime
        period: str
        structure: str
        position: int
        tree_head: dict[str, Any]
        digest: str
        figures: dict[str, Any]

        def apply(self, aggregate: Report) -> None:
            aggregate.stage = ReportState.APPROVED.value
            aggregate.approvals.append(
                {
                    "by": self.by,
                    "at": self.at,
                    "position": self.position,
                    "tree_head": self.tree_head,
                    "digest": self.digest,
                    "figures": self.figures,
                }
            )

    class Returned(Aggregate.Event):
        """Returned by a superior with a reason (trả lại): the organization corrects it."""

        by: str
        by_org: str
        reason: str

        def apply(self, aggregate: Report) -> None:
            aggregate.stage = ReportState.RETURNED.value
            aggregate.reason = self.reason

    class MarkedNotReporting(Aggregate.Event):
        """Marked by a superior as not reporting this period, with a reason."""

        by: str
        by_org: str
        reason: str

        def apply(self, aggregate: Report) -> None:
            aggregate.stage = ReportState.NOT_REPORTING.value
            aggregate.reason = self.reason

    class ChildReturned(Aggregate.Event):
        """A child's report returned by a superior, noted on this (the parent's) report.

        It changes no state here: it makes a return and the parent's approval write the same
        stream, so of two such commands run at once the second meets a version conflict and is
        retried against what the first stored (an approval built on a report returned meanwhile
        is then refused by `children_not_approved`, a return under a parent approved meanwhile
        by `parent_report_approved`)."""

        child: str
        by: str
        by_org: str
        reason: str

        def apply(self, aggregate: Report) -> None:
            aggregate.returned_children.append(self.child)

    def __init__(self, org: str, period: str, structure: str) -> None:
        self.org = org
        self.period = period
        self.structure = structure
        # Kept as text: a snapshot's JSON gives a StrEnum back as str (eventsourcing-notes §1.4).
        self.stage = ReportState.NOT_STARTED.value
        self.prepared: dict[str, Any] | None = None
        self.approvals: list[dict[str, Any]] = []
        self.reason: str | None = None
        self.returned_children: list[str] = []

    @classmethod
    def start(
        cls, *, id: UUID, org: str, period: Period, structure: Structure, timestamp: datetime
    ) -> Report:
        return cls._create(
            cls.Started,
            id=id,
            org=org,
            period=period.key,
            structure=structure.value,
            timestamp=timestamp,
        )

    # -- reads --------------------------------------------------------------------------

    @property
    def state(self) -> ReportState:
        return ReportState(self.stage)

    @property
    def approval(self) -> dict[str, Any] | None:
        """The approval in force (None unless approved now)."""
        return self.approvals[-1] if self.state is ReportState.APPROVED else None

    @property
    def last_approval(self) -> dict[str, Any] | None:
        """The latest approval, even if returned since."""
        return self.approvals[-1] if self.approvals else None

    # -- guards -------------------------------------------------------------------------

    def check_not_approved(self) -> None:
        if self.state is ReportState.APPROVED:
            raise RuleViolation(
                "report_already_approved",
                f"the report of {self.org} for {self.period} is approved; a superior must "
                "return it first",
                org=self.org,
            )

    def check_not_marked_not_reporting(self) -> None:
        if self.state is ReportState.NOT_REPORTING:
            raise RuleViolation(
                "report_not_reporting",
                f"{self.org} is marked as not reporting for {self.period}",
                org=self.org,
            )

    def check_prepared(self, digest: str) -> None:
        """Approval needs a prepared report whose figures have not changed since."""
        if self.state is not ReportState.PREPARED or self.prepared is None:
            raise RuleViolation(
                "report_not_prepared",
                f"the report of {self.org} for {self.period} must be prepared before it is "
                "approved",
                org=self.org,
            )
        if self.prepared["digest"] != digest:
            raise RuleViolation(
                "report_changed_since_prepared",
                f"the figures of {self.org} for {self.period} changed since the report was "
                "prepared; prepare it again",
                org=self.org,
            )

    def check_own_officer(self, by_org: str) -> None:
        """Only the organization's own officer approves its report."""
        if by_org != self.org:
            raise RuleViolation(
                "approver_not_own_officer",
                "only the organization's own officer approves its report",
                org=self.org,
            )

    def check_children_settled(self, children: Mapping[str, ReportState], on: date) -> None:
        """A parent approves only after every child approved or was marked not reporting
        (the children of the report's tree, on `on`: a child moved away since is named only
        to a reader who reached it then)."""
        waiting = sorted(code for code, state in children.items() if state not in SETTLED)
        if waiting:
            raise RuleViolation(
                "children_not_approved",
                f"{len(waiting)} child organization(s) of {self.org} have not approved their "
                f"report for {self.period}: {', '.join(waiting)}",
                public=f"{len(waiting)} child organization(s) of {self.org} have not approved "
                f"their report for {self.period}",
                mentions=[Mention(code, on) for code in waiting],
                org=self.org,
                waiting=waiting,
            )

    def check_superior(self, by_org: str, superiors: Collection[str]) -> None:
        """Returns and not-reporting marks come from above (an ancestor's officer)."""
        if by_org == self.org or by_org not in superiors:
            raise RuleViolation(
                "not_superior",
                "only a superior organization returns a report or marks one as not reporting",
                org=self.org,
            )

    def check_approved(self) -> None:
        if self.state is not ReportState.APPROVED:
            raise RuleViolation(
                "report_not_approved",
                f"the report of {self.org} for {self.period} is not approved: nothing to return",
                org=self.org,
            )

    def check_parent_not_approved(
        self, parent: str | None, state: ReportState | None, on: date
    ) -> None:
        """An approval the parent built on stays until the parent's own is returned."""
        if parent is not None and state is ReportState.APPROVED:
            raise RuleViolation(
                "parent_report_approved",
                f"the report of {parent} for {self.period}, built on this one, is approved: "
                "return it first",
                public=f"the parent's report for {self.period}, built on this one, is approved: "
                "return it first",
                mentions=[Mention(parent, on)],
                org=self.org,
            )

    # -- commands -----------------------------------------------------------------------

    def prepare(
        self, *, by: str, by_org: str, at: datetime, position: int, digest: str, figures: Headline
    ) -> None:
        """Put the compiled report up for approval (again after a return)."""
        self.check_not_approved()
        self.check_not_marked_not_reporting()
        self.trigger_event(
            self.Prepared,
            by=by,
            by_org=by_org,
            at=at,
            position=position,
            digest=digest,
            figures=figures.as_dict(),
            timestamp=at,
        )

    def check_may_approve(
        self, by_org: str, digest: str, children: Mapping[str, ReportState], on: date
    ) -> None:
        """Every guard of `approve`, callable before the tree head is signed."""
        self.check_own_officer(by_org)
        self.check_not_approved()
        self.check_prepared(digest)
        self.check_children_settled(children, on)

    def approve(
        self,
        *,
        by: str,
        by_org: str,
        at: datetime,
        position: int,
        tree_head: TreeHeadStamp,
        digest: str,
        figures: Headline,
        children: Mapping[str, ReportState],
        on: date,
    ) -> None:
        """Approve the report as compiled at `at` (its figures are then locked as known);
        `children` are the report's tree's children on `on`, with their reports' states."""
        self.check_may_approve(by_org, digest, children, on)
        self.trigger_event(
            self.Approved,
            by=by,
            by_org=by_org,
            at=at,
            period=self.period,
            structure=self.structure,
            position=position,
            tree_head=tree_head.as_dict(),
            digest=digest,
            figures=figures.as_dict(),
            timestamp=at,
        )

    def return_(
        self,
        *,
        by: str,
        by_org: str,
        reason: str,
        superiors: Collection[str],
        parent: str | None,
        parent_state: ReportState | None,
        on: date,
        at: datetime,
    ) -> None:
        """A superior returns an approved report with a reason; it is prepared and approved
        again. `parent` is the report's tree's parent on `on`, with its report's state."""
        self.check_superior(by_org, superiors)
        self.check_approved()
        self.check_parent_not_approved(parent, parent_state, on)
        self.trigger_event(
            self.Returned, by=by, by_org=by_org, reason=check_reason(reason), timestamp=at
        )

    def note_child_returned(
        self, *, child: str, by: str, by_org: str, reason: str, on: date, at: datetime
    ) -> None:
        """Note on the parent's report that `child`'s was returned (see ChildReturned)."""
        # The same rule the child's return checked, held here against this stream's version.
        if self.state is ReportState.APPROVED:
            raise RuleViolation(
                "parent_report_approved",
                f"the report of {self.org} for {self.period}, built on the report of {child}, "
                "is approved: return it first",
                public=f"the parent's report for {self.period}, built on this one, is approved: "
                "return it first",
                mentions=[Mention(self.org, on)],
                org=child,
            )
        self.trigger_event(
            self.ChildReturned,
            child=child,
            by=by,
            by_org=by_org,
            reason=check_reason(reason),
            timestamp=at,
        )

    def mark_not_reporting(
        self,
        *,
        by: str,
        by_org: str,
        reason: str,
        superiors: Collection[str],
        at: datetime,
    ) -> None:
        """A superior marks the organization as not reporting this period (e.g. being dissolved)."""
        self.check_superior(by_org, superiors)
        self.check_not_approved()
        self.check_not_marked_not_reporting()
        self.trigger_event(
            self.MarkedNotReporting, by=by, by_org=by_org, reason=check_reason(reason), timestamp=at
        )
