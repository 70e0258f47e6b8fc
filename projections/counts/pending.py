"""The rows one batch of the figures projection writes besides the figures themselves.

Foundings (organizations and their first links), roll entries, members' stored state and the
versions of their roll rows are gathered while the batch's events are applied, then written
with a few bulk statements in the batch's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, update

from projections.counts.storage import MemberState, encode_member
from projections.store.engine import bulk
from projections.store.schema import FigureTables

ENTRY_COLUMNS = [
    "position",
    "member_id",
    "event_id",
    "org",
    "type",
    "effective_on",
    "recorded_at",
    "recorded_by",
    "body",
]
ROLL_COLUMNS = [
    "member_id",
    "org",
    "joined",
    "left_on",
    "status",
    "official_on",
    "full_name",
    "recorded_from",
    "recorded_to",
]


class Pending:
    """Rows of one batch, not yet written."""

    def __init__(self) -> None:
        self.orgs: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.entries: list[tuple[Any, ...]] = []
        self.dirty: dict[str, MemberState] = {}
        # Members recomputed in passing (a restructuring's), kept as the row they will be: a
        # state held until the batch is written is a hundred objects the collector walks.
        self.encoded: dict[str, str] = {}
        self.closes: dict[str, int] = {}  # member -> first change in the batch
        self.roll: dict[str, list[dict[str, Any]]] = {}

    def roll_change(self, member_id: str, at: int, stints: list[Any]) -> None:
        """Close the member's open roll rows at `at` and open the new ones (a new version)."""
        self.closes.setdefault(member_id, at)
        pending = self.roll.setdefault(member_id, [])
        for row in pending:
            if row["recorded_to"] is None:
                row["recorded_to"] = at
        for org, joined, left_on, status, official_on, name in stints:
            pending.append(
                {
                    "member_id": member_id,
                    "org": org,
                    "joined": joined,
                    "left_on": left_on,
                    "status": status,
                    "official_on": official_on,
                    "full_name": name,
                    "recorded_from": at,
                    "recorded_to": None,
                }
            )

    def write(self, conn: Connection, t: FigureTables) -> None:
        if self.orgs:
            conn.execute(t.org.insert(), self.orgs)
            conn.execute(t.link.insert(), self.links)
        bulk(conn, t.entry, ENTRY_COLUMNS, self.entries)
        members = [(m, encode_member(s)) for m, s in self.dirty.items()]
        members += [(m, row) for m, row in self.encoded.items() if m not in self.dirty]
        bulk(conn, t.member, ["member_id", "contribution"], members, ["member_id", "province"])
        if self.closes:
            closes = [{"m": m, "at": at} for m, at in self.closes.items()]
            # A version opened at the same instant it is superseded never existed for any
            # reader: drop it (a transaction's events may straddle two batches).
            conn.execute(
                delete(t.roll).where(
                    t.roll.c.member_id == bindparam("m"),
                    t.roll.c.recorded_to.is_(None),
                    t.roll.c.recorded_from == bindparam("at"),
                ),
                closes,
            )
            conn.execute(
                update(t.roll)
                .where(t.roll.c.member_id == bindparam("m"), t.roll.c.recorded_to.is_(None))
                .values(recorded_to=bindparam("at")),
                closes,
            )
        inserts = [
            tuple(r[c] for c in ROLL_COLUMNS)
            for rows in self.roll.values()
            for r in rows
            if r["recorded_to"] != r["recorded_from"]
        ]
        bulk(conn, t.roll, ROLL_COLUMNS, inserts)
