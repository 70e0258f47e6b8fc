"""Read-model tables: one set per projection generation (`_g<N>`), plus `projection_state`.

A rebuild fills generation N+1 while reads and the live runner keep using N; the active
generation flips in `projection_state` at the end, in the same transaction as the catch-up.

Every read-model row carries its province (tỉnh): the deployment's name, the distribution
column if the read models are ever sharded by province (deploy/SCALING.md, section 2). It is
the last column of each table and of each primary key (Citus asks only that a key include it;
last, every lookup by the key's other columns keeps its index). The writers' tables carry the
name as the column's default (`figure_tables(generation, province)`), so no insert names it;
readers need not know it (`figure_tables(generation)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from projections.store.metrics import METRICS

STATE_METADATA = MetaData()
projection_state = Table(
    "projection_state",
    STATE_METADATA,
    Column("name", String(40), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("position", BigInteger, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=False),
    # Bumped whenever the organization tree changes, so readers know to reload it.
    Column("structure", Integer, nullable=False, default=0),
)

# Part of every figure table's name: a new format gets new tables, filled from the log on
# the next catch-up (projections.runner), instead of old tables read by new code.
# 4: a member's stored contribution is kept per ancestor chain (projections.counts.contribution).
# 5: every row carries its province (the deployment's name), part of every primary key.
# 6: the roll's index by organization holds every column a roll reads (a covering index).
FORMAT = 6
Code = String(64)
MemberId = String(32)


def _metrics() -> list[Column[int]]:
    return [Column(name, Integer, nullable=False, default=0) for name in METRICS]


def province_column(province: str | None, key: bool = True) -> Column[str]:
    """The province column, filled with `province` when an insert leaves it out (None: tables
    for reading, an insert without it fails); in the primary key unless the key is an
    autoincrement `id` (SQLite autoincrements only a lone INTEGER PRIMARY KEY)."""
    return Column("province", Code, primary_key=key, nullable=False, default=province)


# What a roll reads besides the organization and the joining day (projections.reading.figures).
ROLL_READ = (
    "left_on",
    "recorded_from",
    "recorded_to",
    "official_on",
    "status",
    "member_id",
    "full_name",
)


@dataclass(frozen=True)
class FigureTables:
    metadata: MetaData
    org: Table
    link: Table
    entry: Table
    member: Table
    roll: Table
    ledger: Table
    late: Table
    adj: Table
    early: Table
    reorg: Table


@cache
def figure_tables(generation: int, province: str | None = None) -> FigureTables:
    """The tables of the `figures` projection, generation N, for a writer of `province` (None:
    for reading). Built once per pair: SQLAlchemy caches compiled statements per Table."""
    g = f"_v{FORMAT}_g{generation}"
    md = MetaData()
    org = Table(
        f"fig_org{g}",
        md,
        Column("code", Code, primary_key=True),
        Column("name", String(200), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("founded_on", Date, nullable=False),
        Column("ended_on", Date),
        Column("org_id", MemberId, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        province_column(province),
    )
    link = Table(
        f"fig_link{g}",
        md,
        Column("child", Code, primary_key=True),
        Column("valid_from", Date, primary_key=True),
        Column("parent", Code),
        Column("valid_to", Date),
        # Versions in recording time: the tree as known at any instant (audits).
        Column("recorded_from", BigInteger, primary_key=True),
        Column("recorded_to", BigInteger),
        province_column(province),
    )
    entry = Table(
        f"fig_entry{g}",
        md,
        Column("position", BigInteger, primary_key=True),
        Column("member_id", MemberId, nullable=False),
        Column("event_id", MemberId, nullable=False),
        Column("org", Code, nullable=False),
        Column("type", String(32), nullable=False),
        Column("effective_on", Date, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        Column("recorded_by", String(200), nullable=False),
        Column("body", Text, nullable=False),
        province_column(province),
        Index(f"ix_fig_entry{g}_member", "member_id", "position"),
        Index(f"ix_fig_entry{g}_event", "event_id"),
    )
    member = Table(
        f"fig_member{g}",
        md,
        Column("member_id", MemberId, primary_key=True),
        Column("contribution", Text, nullable=False),
        province_column(province),
    )
    roll = Table(
        f"fig_roll{g}",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("member_id", MemberId, nullable=False),
        Column("org", Code, nullable=False),
        Column("joined", Integer, nullable=False),
        Column("left_on", Integer),
        Column("status", String(16), nullable=False),
        Column("official_on", Integer),
        Column("full_name", String(200), nullable=False),
        Column("recorded_from", BigInteger, nullable=False),
        Column("recorded_to", BigInteger),
        province_column(province, key=False),
        # Covering: a roll is read from the index alone, never from rows strewn over the table
        # in recording order (a cell's 67 members were 177 pages of PostgreSQL's heap).
        Index(f"ix_fig_roll{g}_org", "org", "joined", *ROLL_READ),
        Index(f"ix_fig_roll{g}_member", "member_id", "recorded_to"),
    )
    # Running totals per organization in recording order: the figure known at K is one row.
    ledger = Table(
        f"fig_ledger{g}",
        md,
        Column("org", Code, primary_key=True),
        Column("recorded_at", BigInteger, primary_key=True),
        Column("event_id", MemberId, nullable=False),
        *_metrics(),
        province_column(province),
    )
    # Deltas recorded after the day they take effect (late entries, corrections, retractions).
    late = Table(
        f"fig_late{g}",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("org", Code, nullable=False),
        Column("day", Integer, nullable=False),
        Column("rec_day", Integer, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        Column("event_id", MemberId, nullable=False),
        *_metrics(),
        province_column(province, key=False),
        Index(f"ix_fig_late{g}_day", "org", "day"),
        Index(f"ix_fig_late{g}_rec", "org", "recorded_at"),
    )
    # Running totals of late deltas crossing a month or year end (see projections.store.bitemporal).
    adj = Table(
        f"fig_adj{g}",
        md,
        Column("org", Code, primary_key=True),
        Column("boundary", Integer, primary_key=True),
        Column("recorded_at", BigInteger, primary_key=True),
        *_metrics(),
        province_column(province),
    )
    # Deltas dated after their recording day: only 30th birthdays (the under-30 share).
    early = Table(
        f"fig_early{g}",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("org", Code, nullable=False),
        Column("day", Integer, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        Column("event_id", MemberId, nullable=False),
        *_metrics(),
        province_column(province, key=False),
        Index(f"ix_fig_early{g}_day", "org", "day"),
    )
    # Changes of structure (moved, ended, renamed, successor of), for lineage and audit.
    reorg = Table(
        f"fig_reorg{g}",
        md,
        Column("position", BigInteger, primary_key=True),
        Column("event_id", MemberId, nullable=False),
        Column("org", Code, nullable=False),
        Column("type", String(32), nullable=False),
        Column("effective_on", Date, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        Column("recorded_by", String(200), nullable=False),
        Column("body", Text, nullable=False),
        province_column(province),
        Index(f"ix_fig_reorg{g}_event", "event_id"),
        Index(f"ix_fig_reorg{g}_org", "org"),
    )
    return FigureTables(md, org, link, entry, member, roll, ledger, late, adj, early, reorg)


# As FORMAT, for the quota tables. 2: every row carries its province.
QUOTA_FORMAT = 2


@cache
def quota_table(generation: int, province: str | None = None) -> tuple[MetaData, Table, Table]:
    """Plans as set, superseded by a later plan for the same (org, period, assigned_by); the
    province as in `figure_tables`."""
    g = f"_v{QUOTA_FORMAT}_g{generation}"
    md = MetaData()
    org = Table(
        f"quota_org{g}",
        md,
        Column("org_id", MemberId, primary_key=True),
        Column("code", Code, nullable=False),
        province_column(province),
    )
    plan = Table(
        f"quota_plan{g}",
        md,
        Column("position", BigInteger, primary_key=True),
        Column("org", Code, nullable=False),
        Column("period", String(16), nullable=False),
        Column("assigned_by", Code, nullable=False),
        Column("target", Integer, nullable=False),
        Column("starts_on", Date, nullable=False),
        Column("ends_on", Date, nullable=False),
        Column("recorded_at", BigInteger, nullable=False),
        Column("recorded_by", String(200), nullable=False),
        province_column(province),
        Index(f"ix_quota_plan{g}_org", "org", "period"),
    )
    return md, plan, org
