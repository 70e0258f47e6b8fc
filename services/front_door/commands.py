"""Everything the front door accepts: each write is one command, a plain value.

The roll's own commands (services.roll.commands) say what happens to a member; `RecordEvent`
says where (the organization) and under which idempotency key. The other commands wrap the
values the wings' service functions already take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.reporting.period import Period, Structure
from domain.roll.values import OrgKind
from services.admission.commands import OpenDossier, StepCommand
from services.roll.commands import Command as RollEvent
from services.roll.commands import Decision
from services.structure.decision import NewOrganization


@dataclass(frozen=True)
class Command:
    """Base of every write the front door handles (services.front_door.handlers.HANDLERS)."""


@dataclass(frozen=True)
class RecordEvent(Command):
    """One roll event (admission, transfer, correction...) in an organization's stream."""

    org: str
    event: RollEvent
    client_key: str | None = None


@dataclass(frozen=True)
class RecordEventAt(RecordEvent):
    """Tooling only (the demo's generated history): the event keeps its simulated recording
    time. Adapters for people never build it: their commands take the clock's time."""

    recorded_at: datetime | None = None


@dataclass(frozen=True)
class FoundOrganization(Command):
    """Found an organization (thành lập) under its parent.

    `replay_same`: an organization already founded with these very values is this founding
    sent again, answered with the organization and storing nothing (the import's founding
    lines, services.importing.founding); otherwise an existing code is refused `code_taken`."""

    code: str
    name: str
    kind: OrgKind
    parent: str | None
    founded_on: date
    replay_same: bool = False


@dataclass(frozen=True)
class SetQuota(Command):
    """An admission target (chỉ tiêu kết nạp) for a period, assigned by the org or a superior."""

    org: str
    period: str
    target: int
    assigned_by: str
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class OpenAdmissionDossier(Command):
    """A candidate put on a cell's source list: the dossier (hồ sơ kết nạp) starts.

    The opening's client key is scoped to the sender's organization (Context.key_scope)."""

    opening: OpenDossier


@dataclass(frozen=True)
class RecordDossierStep(Command):
    """One step of an admission dossier (any step but the opening)."""

    dossier_id: UUID
    step: StepCommand


@dataclass(frozen=True)
class RenameOrganization(Command):
    """A reorganization decision: rename from a day (đổi tên)."""

    code: str
    name: str
    on: date
    decision: Decision


@dataclass(frozen=True)
class MoveOrganization(Command):
    """A reorganization decision: place an organization, and its subtree, under another."""

    code: str
    to: str
    on: date
    decision: Decision


@dataclass(frozen=True)
class MergeOrganizations(Command):
    """A reorganization decision: merge organizations into one (hợp nhất, sáp nhập).

    `found` founds the receiver by the decision itself; `quotas` carries the sources' running
    admission plans to it."""

    sources: tuple[str, ...]
    into: str
    on: date
    decision: Decision
    found: NewOrganization | None = None
    quotas: bool = True


@dataclass(frozen=True)
class SplitOrganization(Command):
    """A reorganization decision: split an organization among successors (chia tách).

    Members and children go where `members` and `children` assign them, else to `default`;
    `quota_shares` divides its running plans (else in proportion to the members received)."""

    source: str
    successors: tuple[str, ...]
    on: date
    decision: Decision
    members: Mapping[UUID, str] = field(default_factory=dict)
    children: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None
    found: tuple[NewOrganization, ...] = ()
    quota_shares: Mapping[str, int] | None = None


@dataclass(frozen=True)
class DissolveOrganization(Command):
    """A reorganization decision: dissolve (giải thể), with an empty roll and no children, or
    carrying members and children to the named receivers (`carry_to` for the rest)."""

    code: str
    on: date
    decision: Decision
    carry_to: str | None = None
    members: Mapping[UUID, str] = field(default_factory=dict)
    children: Mapping[str, str] = field(default_factory=dict)


# -- pipeline settings (thiết lập quy trình kết nạp) ----------------------------------------


@dataclass(frozen=True)
class SetServiceTarget(Command):
    """The organization's target from receipt to decision for its subtree (None clears)."""

    code: str
    days: int | None
    working_days: bool = True
    document_no: str | None = None


@dataclass(frozen=True)
class SetCertificateValidity(Command):
    """How many years course certificates stay valid in the subtree (None: back to 5)."""

    code: str
    years: int | None
    document_no: str | None = None


@dataclass(frozen=True)
class GrantAdmissionAuthority(Command):
    """A grassroots committee authorised to decide admissions from a day."""

    code: str
    from_on: date
    document_no: str


@dataclass(frozen=True)
class RevokeAdmissionAuthority(Command):
    """A grassroots committee's authority to admit ends from a day."""

    code: str
    from_on: date
    document_no: str


@dataclass(frozen=True)
class ReportCommand:
    """The fields of every step of an organization's report for a period (báo cáo thống kê, issue 14).

    `by_org` is the sender's own organization (their account's): the report's guards tell
    its own officer from a superior's by it (domain.reporting.report)."""

    org: str
    period: Period
    structure: Structure
    by_org: str


@dataclass(frozen=True)
class PrepareReport(ReportCommand, Command):
    """Compile the report and put it up for approval (lập biểu)."""


@dataclass(frozen=True)
class ApproveReport(ReportCommand, Command):
    """The organization's officer approves its report, once every child has (phê duyệt)."""


@dataclass(frozen=True)
class ReturnReport(ReportCommand, Command):
    """A superior returns an approved report with a reason (trả lại)."""

    reason: str = ""


@dataclass(frozen=True)
class MarkNotReporting(ReportCommand, Command):
    """A superior marks an organization as not reporting for the period, with a reason."""

    reason: str = ""
