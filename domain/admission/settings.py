"""Per-organization settings of the admission pipeline, each change an event.

One `PipelineSettings` stream per organization code (uuid5 of the code), independent of the
Organization stream. A setting made on an organization applies to its whole subtree unless
an organization nearer to the cell sets its own (`effective_settings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidValue, RuleViolation
from domain.roll.values import OrgKind

DEFAULT_CERTIFICATE_YEARS = 5
MAX_TARGET_DAYS = 366


@dataclass(frozen=True)
class ServiceTarget:
    """A tenant's own target, e.g. 60 working days from receipt to decision."""

    days: int
    working_days: bool = True
    set_by: str | None = None  # the organization whose setting this is


@dataclass(frozen=True)
class EffectiveSettings:
    """The settings that apply to one cell."""

    certificate_years: int = DEFAULT_CERTIFICATE_YEARS
    service_target: ServiceTarget | None = None


class PipelineSettings(Aggregate):
    """Settings an organization made for the dossiers of its subtree."""

    class Created(Aggregate.Created):
        code: str

    class ServiceTargetSet(Aggregate.Event):
        """A service target from receipt to decision (chỉ tiêu thời gian giải quyết)."""

        days: int | None
        working_days: bool
        set_on: date
        document_no: str | None
        recorded_by: str

        def apply(self, aggregate: PipelineSettings) -> None:
            aggregate.target = (
                None
                if self.days is None
                else {"days": self.days, "working_days": self.working_days}
            )

    class CertificateValiditySet(Aggregate.Event):
        """How long a course certificate stays valid, in years (5 by default)."""

        years: int | None
        set_on: date
        document_no: str | None
        recorded_by: str

        def apply(self, aggregate: PipelineSettings) -> None:
            aggregate.certificate_years = self.years

    class AdmissionAuthorityGranted(Aggregate.Event):
        """A grassroots committee authorised to decide admissions (được ủy quyền kết nạp)."""

        from_on: date
        document_no: str
        recorded_by: str

        def apply(self, aggregate: PipelineSettings) -> None:
            aggregate.authority.append(
                {"from": self.from_on, "until": None, "doc": self.document_no}
            )

    class AdmissionAuthorityRevoked(Aggregate.Event):
        """The authority ends from a day (that day included)."""

        from_on: date
        document_no: str
        recorded_by: str

        def apply(self, aggregate: PipelineSettings) -> None:
            aggregate.authority[-1]["until"] = self.from_on

    def __init__(self, code: str) -> None:
        self.code = code
        self.target: dict[str, Any] | None = None
        self.certificate_years: int | None = None
        self.authority: list[dict[str, Any]] = []

    @classmethod
    def start(cls, *, id: UUID, code: str, timestamp: datetime) -> PipelineSettings:
        return cls._create(cls.Created, id=id, code=code, timestamp=timestamp)

    # -- reads --------------------------------------------------------------------

    @property
    def service_target(self) -> ServiceTarget | None:
        if self.target is None:
            return None
        return ServiceTarget(self.target["days"], self.target["working_days"], self.code)

    def authorised_on(self, day: date) -> bool:
        """Whether this (grassroots committee) may decide admissions on a day."""
        return any(
            p["from"] <= day and (p["until"] is None or day < p["until"]) for p in self.authority
        )

    # -- commands -----------------------------------------------------------------

    def set_service_target(
        self,
        days: int | None,
        working_days: bool,
        *,
        on: date,
        document_no: str | None,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Set (or with None clear) the target from receipt to decision."""
        if days is not None and not 1 <= days <= MAX_TARGET_DAYS:
            raise InvalidValue("days", f"must be 1-{MAX_TARGET_DAYS}")
        if self.target == (None if days is None else {"days": days, "working_days": working_days}):
            return  # the target in force already: a repeated form changes nothing, stores nothing
        self.trigger_event(
            self.ServiceTargetSet,
            days=days,
            working_days=working_days,
            set_on=on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )

    def set_certificate_validity(
        self,
        years: int | None,
        *,
        on: date,
        document_no: str | None,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Set (or with None clear) how many years a course certificate stays valid."""
        if years is not None and not 1 <= years <= 10:
            raise InvalidValue("years", "must be 1-10")
        if years == self.certificate_years:
            return  # the validity in force already: nothing to store
        self.trigger_event(
            self.CertificateValiditySet,
            years=years,
            set_on=on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )

    def grant_admission_authority(
        self,
        kind: OrgKind,
        *,
        from_on: date,
        document_no: str,
        recorded_by: str,
        timestamp: datetime,
    ) -> None:
        """Record that this grassroots committee may decide admissions from a day."""
        self.check_grassroots_committee(kind)
        check_document(document_no)
        if self.authority and self.authority[-1]["until"] is None:
            raise RuleViolation(
                "authority_already_granted",
                f"{self.code} is already authorised since {self.authority[-1]['from'].isoformat()}",
                org=self.code,
            )
        if self.authority and from_on < self.authority[-1]["until"]:
            raise RuleViolation(
                "date_before_previous_step",
                "a new authority cannot start before the previous one ended",
                org=self.code,
            )
        self.trigger_event(
            self.AdmissionAuthorityGranted,
            from_on=from_on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )

    def revoke_admission_authority(
        self, *, from_on: date, document_no: str, recorded_by: str, timestamp: datetime
    ) -> None:
        """End the authority from a day."""
        check_document(document_no)
        if not self.authority or self.authority[-1]["until"] is not None:
            raise RuleViolation(
                "authority_not_granted", f"{self.code} is not authorised to admit", org=self.code
            )
        if from_on <= self.authority[-1]["from"]:
            raise RuleViolation(
                "date_before_previous_step",
                "the authority must end after it started",
                org=self.code,
            )
        self.trigger_event(
            self.AdmissionAuthorityRevoked,
            from_on=from_on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=timestamp,
        )

    # -- guards -------------------------------------------------------------------

    def check_grassroots_committee(self, kind: OrgKind) -> None:
        if kind != OrgKind.GRASSROOTS_COMMITTEE:
            raise RuleViolation(
                "authority_for_grassroots_committee_only",
                f"{self.code} is a {kind.value}: only grassroots committees (đảng ủy cơ sở) "
                "can be authorised to decide admissions",
                org=self.code,
            )


def check_document(document_no: str) -> None:
    if not document_no or not document_no.strip():
        raise InvalidValue("document_no", "the decision's number is required")


def effective_settings(nearest_first: Iterable[PipelineSettings | None]) -> EffectiveSettings:
    """Settings for a cell from the settings of the cell and its ancestors, nearest first."""
    years: int | None = None
    target: ServiceTarget | None = None
    for settings in nearest_first:
        if settings is None:
            continue
        if years is None:
            years = settings.certificate_years
        if target is None:
            target = settings.service_target
    return EffectiveSettings(years or DEFAULT_CERTIFICATE_YEARS, target)
