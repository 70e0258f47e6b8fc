"""A dossier as the read model gives it back: the same reads as the aggregate, no commands.

`DossierRecord` inherits the domain's `DossierState`, so its stage, deadlines and dates follow
the very rules the aggregate follows; it is built from rows (projections.admission.reads) and
never saved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.admission.state import DossierState


class DossierRecord(DossierState):
    """A candidate's dossier (hồ sơ kết nạp) as it stood on a day, as known at an instant."""

    def __init__(
        self,
        dossier_id: UUID,
        cell: str,
        candidate: dict[str, Any],
        readmission: bool,
        opening: dict[str, Any],
        log: list[dict[str, Any]],
        created_on: datetime,
    ) -> None:
        self._id = dossier_id
        self.cell = cell
        self.candidate_data = candidate
        self.readmission = readmission
        self.left_on: date | None = opening["left_on"]
        self.education_exemption: str | None = opening["education_exemption"]
        self.note: str | None = opening["note"]
        self.log = log
        self.created_on = created_on

    @property
    def id(self) -> UUID:
        return self._id

    @property
    def version(self) -> int:
        """As the aggregate counts it: one event per record of the log."""
        return len(self.log)

    def __repr__(self) -> str:
        return f"DossierRecord({self._id}, {self.cell}, {self.stage.value})"
