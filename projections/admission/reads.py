"""Reads of the dossier read model: the dossiers of some organizations on a day, as known then.

One snapshot per call (the engine's read transaction), the active generation from
`projection_state`. A dossier opened after the day, or recorded after the instant, is left
out; of the others only the steps dated up to the day and recorded by the instant are kept:
the same clip as an aggregate replayed and cut at the day (services.admission.queries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, select

from domain.admission.steps import Step
from domain.errors import NotFound
from projections.admission.record import DossierRecord
from projections.admission.tables import DossierTables, dossier_tables
from projections.store.schema import projection_state
from projections.store.timecodec import from_us, loads

CHUNK = 500  # organizations per IN list: far below every database's limit of parameters


def dossiers_in(
    engine: Engine, orgs: Sequence[str], day: date, known_us: int
) -> list[DossierRecord]:
    """The dossiers kept by `orgs` as they stood at the end of `day`, as known at `known_us`
    (µs), in the order of `orgs` and, within one, in the order they were opened."""
    a = day.toordinal()
    with engine.begin() as conn:
        t = _active(conn)
        rows: list[Any] = []
        for start in range(0, len(orgs), CHUNK):
            d = t.dossier
            rows += conn.execute(
                select(d).where(
                    d.c.cell.in_(orgs[start : start + CHUNK]),
                    d.c.opened_on <= a,
                    d.c.recorded_at <= known_us,
                )
            ).mappings()
        steps = _steps(conn, t, [row["dossier_id"] for row in rows], a, known_us)
    rank = {code: i for i, code in enumerate(orgs)}
    rows.sort(key=lambda row: (rank[row["cell"]], row["position"]))
    return [_record(row, steps.get(row["dossier_id"], [])) for row in rows]


def _active(conn: Connection) -> DossierTables:
    generation = conn.execute(
        select(projection_state.c.generation).where(
            projection_state.c.name == "dossiers", projection_state.c.active.is_(True)
        )
    ).scalar()
    if generation is None:
        raise NotFound("projection", "dossiers (run `sodang projections catch-up`)")
    return dossier_tables(int(generation))


def _steps(
    conn: Connection, t: DossierTables, ids: list[str], a: int, known_us: int
) -> dict[str, list[dict[str, Any]]]:
    """The kept steps of each dossier as log records, in the order they were recorded."""
    s = t.step
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        rows = conn.execute(
            select(s)
            .where(
                s.c.dossier_id.in_(ids[start : start + CHUNK]),
                s.c.on <= a,
                s.c.recorded_at <= known_us,
            )
            .order_by(s.c.dossier_id, s.c.version)
        ).mappings()
        for row in rows:
            stored = loads(row["record"])
            # The keys in the aggregate's order (services.admission.views.describe shows them).
            found[row["dossier_id"]].append(
                {
                    **stored["details"],
                    "step": row["step"],
                    "on": date.fromordinal(row["on"]),
                    "actor": stored["actor"],
                    "document_no": stored["document_no"],
                    "recorded_by": stored["recorded_by"],
                    "recorded_at": from_us(row["recorded_at"]),
                }
            )
    return found


def _record(row: Any, steps: list[dict[str, Any]]) -> DossierRecord:
    opening = loads(row["opening"])
    first = {
        "step": Step.SOURCE_LISTED.value,
        "on": date.fromordinal(row["opened_on"]),
        "actor": opening["actor"],
        "document_no": opening["document_no"],
        "recorded_by": opening["recorded_by"],
    }
    return DossierRecord(
        UUID(row["dossier_id"]),
        row["cell"],
        loads(row["candidate"]),
        row["readmission"],
        opening,
        [first, *steps],
        from_us(row["recorded_at"]),
    )
