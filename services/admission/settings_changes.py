"""Changes to an organization's pipeline settings (thiết lập quy trình kết nạp).

The service target from receipt to decision, the course certificates' validity and a
grassroots committee's authority to admit: each loads (or starts) the organization's settings
aggregate inside the caller's unit of work, changes it and leaves the save to the front door.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.admission.settings import PipelineSettings
from domain.roll.values import OrgKind
from services.admission.facts import settings_id
from services.unit_of_work import UnitOfWork

Change = Callable[[PipelineSettings, OrgKind], None]


def change_settings(uow: UnitOfWork, code: str, change: Change) -> PipelineSettings:
    """Load (or start) an organization's pipeline settings and change them."""
    org = uow.organization(code)
    settings = uow.get(settings_id(uow.ids, code), PipelineSettings)
    fresh = settings is None
    if settings is None:
        settings = PipelineSettings.start(
            id=settings_id(uow.ids, code), code=code, timestamp=uow.now
        )
    change(settings, org.org_kind)
    if fresh and len(settings.pending_events) > 1:  # started only if something was set
        uow.add(settings)
    return settings


def set_service_target(
    uow: UnitOfWork,
    code: str,
    days: int | None,
    working_days: bool,
    document_no: str | None,
    recorded_by: str,
) -> PipelineSettings:
    """The organization's own target from receipt to decision, for its subtree (None clears)."""
    return change_settings(
        uow,
        code,
        lambda s, _: s.set_service_target(
            days,
            working_days,
            on=uow.today,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=uow.now,
        ),
    )


def set_certificate_validity(
    uow: UnitOfWork, code: str, years: int | None, document_no: str | None, recorded_by: str
) -> PipelineSettings:
    """How many years course certificates stay valid in the subtree (None: back to 5)."""
    return change_settings(
        uow,
        code,
        lambda s, _: s.set_certificate_validity(
            years, on=uow.today, document_no=document_no, recorded_by=recorded_by, timestamp=uow.now
        ),
    )


def grant_admission_authority(
    uow: UnitOfWork, code: str, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    """Authorise a grassroots committee to decide admissions from a day."""
    return change_settings(
        uow,
        code,
        lambda s, kind: s.grant_admission_authority(
            kind,
            from_on=from_on,
            document_no=document_no,
            recorded_by=recorded_by,
            timestamp=uow.now,
        ),
    )


def revoke_admission_authority(
    uow: UnitOfWork, code: str, from_on: date, document_no: str, recorded_by: str
) -> PipelineSettings:
    """End a grassroots committee's authority to admit from a day."""
    return change_settings(
        uow,
        code,
        lambda s, _: s.revoke_admission_authority(
            from_on=from_on, document_no=document_no, recorded_by=recorded_by, timestamp=uow.now
        ),
    )
