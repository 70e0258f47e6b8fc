"""The values of a report's approval (phê duyệt báo cáo): its states, figures and tree head.

An organization's report for one period and structure is one stream (`report_id`): prepared by
the organization (người lập biểu), approved by its officer (người duyệt) once every child has
approved or been marked not reporting, returned by a superior (trả lại) with a reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from domain.errors import InvalidValue
from domain.reporting.period import Period, Structure

MAX_REASON = 500


class ReportState(StrEnum):
    """Where an organization's report stands for a period (trạng thái báo cáo)."""

    NOT_STARTED = "not_started"  # chưa lập
    PREPARED = "prepared"  # đã lập, chờ duyệt
    APPROVED = "approved"  # đã duyệt
    RETURNED = "returned"  # cấp trên trả lại
    NOT_REPORTING = "not_reporting"  # không báo cáo kỳ này


# A child in one of these lets its parent approve.
SETTLED = frozenset({ReportState.APPROVED, ReportState.NOT_REPORTING})


def report_id(namespace: UUID, org: str, period: Period, structure: Structure) -> UUID:
    """One stream per organization, period and structure (uuid5 in the deployment's namespace).

    Codes hold no '/', period keys none either, so two reports never share a name."""
    return uuid5(namespace, f"report/{org}/{period.key}/{structure.value}")


@dataclass(frozen=True)
class Headline:
    """The figures an approval carries (số liệu chính): A brought forward, B increases,
    C decreases, D on the rolls at the end. None: the compiler does not count it."""

    brought_forward: int
    increases: int | None
    decreases: int | None
    at_end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Headline:
        return cls(
            values["brought_forward"], values["increases"], values["decreases"], values["at_end"]
        )


@dataclass(frozen=True)
class TreeHeadStamp:
    """The signed checkpoint of the integrity log an approval names: size, last position,
    SHA-256 root, and the checkpoint file in the witness directory (None: no signing key)."""

    size: int
    position: int
    root: str
    checkpoint: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TreeHeadStamp:
        return cls(values["size"], values["position"], values["root"], values["checkpoint"])


def check_reason(reason: str) -> str:
    """A return or a not-reporting mark says why, in a few words."""
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidValue("reason", "must say why")
    if len(reason) > MAX_REASON:
        raise InvalidValue("reason", f"must be at most {MAX_REASON} characters")
    return reason.strip()
