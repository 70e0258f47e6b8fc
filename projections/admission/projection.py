"""The `dossiers` projection: every dossier opened and every step recorded, as rows.

It keeps no state between batches: an opening is one row, a step another, so a process that
starts in the middle of the log needs nothing loaded first, and a rebuild
(`sodang projections rebuild`) is one pass. The stage is not stored: a list as of a past day
keeps only the steps dated up to it, which need not be a prefix of the log (papers may be
renewed with an earlier date), so the stage is derived when read, by the domain's own rules
(projections.admission.record).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Connection, inspect

from domain.admission.dossier import Dossier
from domain.legacy_topics import topics_of
from projections.admission.tables import dossier_tables
from projections.store.timecodec import dumps, to_us


def _step_classes() -> list[type[Dossier.StepRecorded]]:
    found: list[type[Dossier.StepRecorded]] = []
    pending: list[type[Dossier.StepRecorded]] = [Dossier.StepRecorded]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


STEP_CLASSES = _step_classes()


class DossierProjection:
    """Dossier.Opened and every Dossier.StepRecorded, one row each."""

    name = "dossiers"
    topics = tuple(topic for cls in (Dossier.Opened, *STEP_CLASSES) for topic in topics_of(cls))

    def __init__(self, dialect: str, province: str) -> None:
        self.dialect = dialect
        self.province = province  # the deployment's: every row written carries it
        self.generation = 0

    def metadata(self, generation: int) -> Any:
        return dossier_tables(generation, self.province).metadata

    def ready(self, conn: Connection, generation: int) -> bool:
        """Whether the generation's tables exist in this format."""
        names = set(inspect(conn).get_table_names())
        return all(t.name in names for t in self.metadata(generation).sorted_tables)

    def forget(self) -> None:
        self.generation = 0

    def prepare(self, conn: Connection, generation: int, position: int) -> None:
        self.generation = generation

    def process(self, conn: Connection, events: list[tuple[int, Any]]) -> bool:
        t = dossier_tables(self.generation, self.province)
        opened, steps = [], []
        for position, event in events:
            dossier_id = UUID(str(event.originator_id)).hex
            if isinstance(event, Dossier.Opened):
                opened.append(_opening(position, dossier_id, event))
            elif isinstance(event, Dossier.StepRecorded):
                steps.append(
                    {
                        "dossier_id": dossier_id,
                        "version": event.originator_version,
                        "step": event.step.value,
                        "on": event.on.toordinal(),
                        "record": dumps(
                            {
                                "details": event.details,
                                "actor": event.actor,
                                "document_no": event.document_no,
                                "recorded_by": event.recorded_by,
                            }
                        ),
                        "recorded_at": to_us(event.timestamp),
                    }
                )
        if opened:
            conn.execute(t.dossier.insert(), opened)
        if steps:
            conn.execute(t.step.insert(), steps)
        return False


def _opening(position: int, dossier_id: str, event: Dossier.Opened) -> dict[str, Any]:
    return {
        "dossier_id": dossier_id,
        "position": position,
        "cell": event.cell,
        "full_name": event.candidate["full_name"],
        "candidate": dumps(event.candidate),
        "readmission": event.readmission,
        "opened_on": event.on.toordinal(),
        "opening": dumps(
            {
                "actor": event.actor,
                "document_no": event.document_no,
                "recorded_by": event.recorded_by,
                "left_on": event.left_on,
                "education_exemption": event.education_exemption,
                "note": event.note,
            }
        ),
        "recorded_at": to_us(event.timestamp),
    }
