"""The `quotas` projection: every plan as set, with the moment it was recorded.

Plans are never edited: a later QuotaSet for the same (org, period, assigned_by) supersedes the
earlier one for reads whose `known_at` is at or after its recording time.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Connection, inspect, select

from domain.legacy_topics import topics_of
from domain.roll.organization import Organization
from projections.store.schema import quota_table
from projections.store.timecodec import to_us


class QuotaProjection:
    """QuotaSet events name their organization by stream id: Founded events give the code."""

    name = "quotas"
    topics = (*topics_of(Organization.Founded), *topics_of(Organization.QuotaSet))

    def __init__(self, dialect: str, province: str) -> None:
        self.dialect = dialect
        self.province = province  # the deployment's: every row written carries it
        self.generation = 0
        self.codes: dict[str, str] = {}

    def metadata(self, generation: int) -> Any:
        return quota_table(generation, self.province)[0]

    def ready(self, conn: Connection, generation: int) -> bool:
        """Whether the generation's tables exist in this format."""
        names = set(inspect(conn).get_table_names())
        return all(t.name in names for t in self.metadata(generation).sorted_tables)

    def forget(self) -> None:
        self.generation = 0
        self.codes = {}

    def prepare(self, conn: Connection, generation: int, position: int) -> None:
        if generation == self.generation:
            return
        self.generation = generation
        _, self.plan, self.org = quota_table(generation, self.province)
        self.codes = dict(conn.execute(select(self.org.c.org_id, self.org.c.code)).all())

    def process(self, conn: Connection, events: list[tuple[int, Any]]) -> bool:
        orgs, plans = [], []
        for position, event in events:
            org_id = UUID(str(event.originator_id)).hex
            if isinstance(event, Organization.Founded):
                self.codes[org_id] = event.code
                orgs.append({"org_id": org_id, "code": event.code})
            elif isinstance(event, Organization.QuotaSet):
                plans.append(
                    {
                        "position": position,
                        "org": self.codes[org_id],
                        "period": event.period,
                        "assigned_by": event.assigned_by,
                        "target": event.target,
                        "starts_on": event.starts_on,
                        "ends_on": event.ends_on,
                        "recorded_at": to_us(event.timestamp),
                        "recorded_by": event.recorded_by,
                    }
                )
        if orgs:
            conn.execute(self.org.insert(), orgs)
        if plans:
            conn.execute(self.plan.insert(), plans)
        return False
