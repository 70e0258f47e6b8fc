"""The base of the read side: the clock, the defaults of `as_of` and `known_at`, one snapshot.

Every figure takes `as_of` (valid time, a date; default today in Vietnam) and `known_at`
(transaction time, an instant; default now), and reads only pre-aggregated rows: see
projections.store.bitemporal. Each call reads in one snapshot (SQLite deferred transaction,
PostgreSQL REPEATABLE READ), so a batch committed meanwhile never mixes into an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from domain.errors import InvalidValue, NotFound
from domain.time_zone import TIMEZONE
from projections.counts.storage import load_hierarchy
from projections.results import OrgInfo
from projections.store.engine import Database, engines_for
from projections.store.schema import figure_tables, projection_state, quota_table
from projections.store.timecodec import to_us
from projections.structure.hierarchy import Hierarchy
from projections.structure.snapshot import Snapshot

Clock = Callable[[], datetime]


class ReadBase:
    """What every read shares; construct from the database settings (or an Engine) and a clock."""

    def __init__(self, source: Database | Engine, clock: Clock | None = None) -> None:
        self.engine = engines_for(source).read if isinstance(source, Database) else source
        self.clock = clock or (lambda: datetime.now(UTC))
        self._tree: tuple[tuple[int, int], Hierarchy] | None = None
        # Restatement plans per (tree, org, as_of, structure_on, depth): the tree is the key's
        # first part, so a reloaded tree never meets an old plan.
        self._plans: dict[tuple[Any, ...], Any] = {}

    # -- defaults and snapshot ---------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(TIMEZONE).date()

    def _known(self, known_at: datetime | None) -> datetime:
        moment = known_at or self.now()
        if moment.tzinfo is None:
            raise InvalidValue("known_at", "must carry a time zone")
        return moment.astimezone(UTC)

    def _view(self, known_at: datetime | None) -> int | None:
        """The instant whose tree a query uses: an explicit `known_at` (an audit of what was
        known then); by default the latest tree, whatever the clock says."""
        return None if known_at is None else to_us(self._known(known_at))

    @contextmanager
    def snapshot(self, known: int | None = None) -> Iterator[Snapshot]:
        """One consistent read; with `known` (µs), the tree is the one known at that instant."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(projection_state).where(projection_state.c.active.is_(True))
            ).mappings()
            state = {row["name"]: row for row in rows}
            figures, quotas = state.get("figures"), state.get("quotas")
            if figures is None:
                raise NotFound("projection", "figures (run `sodang projections catch-up`)")
            t = figure_tables(figures["generation"])
            key = (figures["generation"], figures["structure"])
            if self._tree is None or self._tree[0] != key:
                self._tree = (key, load_hierarchy(conn, t))
            plans = quota_table(quotas["generation"])[1] if quotas else None
            tree = self._tree[1] if known is None else self._tree[1].as_known_at(known)
            yield Snapshot(conn, t, plans, tree, int(figures["position"]))


def org_info(hierarchy: Hierarchy, code: str, day: date) -> OrgInfo:
    node = hierarchy.orgs.get(code)
    if node is None:
        raise NotFound("organization", code)
    parent = hierarchy.parent_on(code, day)
    return OrgInfo(node.code, node.name, node.kind, node.founded_on, parent, node.ended_on)


def check_range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidValue("date_to", "the period cannot end before it starts")
