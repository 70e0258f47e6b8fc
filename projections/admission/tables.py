"""Tables of the `dossiers` projection, one set per generation (see projections.store.schema).

`adm_dossier` holds one row per dossier: its organization (the cell that keeps it), the
candidate, the day it was opened and when that was recorded. `adm_step` holds every later step
of every dossier with its day and recording time, so a list as of a day and as known at an
instant is two range conditions: `on <= day` and `recorded_at <= known_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

from projections.store.schema import Code, MemberId, province_column

# Part of the tables' names: a new format gets new tables, filled from the log on the next
# catch-up, instead of old tables read by new code.
# 2: every row carries its province (projections.store.schema), part of the primary key.
FORMAT = 2


@dataclass(frozen=True)
class DossierTables:
    metadata: MetaData
    dossier: Table
    step: Table


@cache
def dossier_tables(generation: int, province: str | None = None) -> DossierTables:
    """The tables of generation N for a writer of `province` (None: for reading), built once
    per pair: SQLAlchemy caches statements per Table. See projections.store.schema."""
    g = f"_v{FORMAT}_g{generation}"
    md = MetaData()
    dossier = Table(
        f"adm_dossier{g}",
        md,
        Column("dossier_id", MemberId, primary_key=True),
        Column("position", BigInteger, nullable=False),  # of its opening: the order of lists
        Column("cell", Code, nullable=False),
        Column("full_name", String(200), nullable=False),
        Column("candidate", Text, nullable=False),  # the profile as recorded (timecodec JSON)
        Column("readmission", Boolean, nullable=False),
        Column("opened_on", Integer, nullable=False),  # date.toordinal()
        Column("opening", Text, nullable=False),  # the rest of the opening (JSON)
        Column("recorded_at", BigInteger, nullable=False),  # µs since the epoch, UTC
        province_column(province),
        Index(f"ix_adm_dossier{g}_cell", "cell", "opened_on"),
    )
    step = Table(
        f"adm_step{g}",
        md,
        Column("dossier_id", MemberId, primary_key=True),
        Column("version", Integer, primary_key=True),  # the event's version in its dossier
        Column("step", String(40), nullable=False),
        Column("on", Integer, nullable=False),  # date.toordinal()
        Column("record", Text, nullable=False),  # the log record, as the aggregate keeps it
        Column("recorded_at", BigInteger, nullable=False),
        province_column(province),
    )
    return DossierTables(md, dossier, step)
