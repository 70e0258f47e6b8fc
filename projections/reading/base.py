"""The base of the read side: the clock, the defaults of `as_of` and `known_at`, one snapshot.

Every figure takes `as_of` (valid time, a date; default today in Vietnam) and `known_at`
(transaction time, an instant; default now), and reads only pre-aggregated rows: see
projections.store.bitemporal. Each call reads in one snapshot (SQLite deferred transaction,
PostgreSQL REPEATABLE READ), so a batch committed meanwhile never mixes into an answer.
Inside `one_read()` (the web opens one per GET request) every call shares a single snapshot:
the access check's tree and the query read the same state, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, select

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

# The open shared reads of this context (a request's thread), by engine: the connection, its
# transaction left open, and the projection state read first in it (it cannot change inside).
Shared = dict[int, tuple[Connection, dict[str, RowMapping]]]
_shared: ContextVar[Shared | None] = ContextVar("sodang_shared_read", default=None)


@contextmanager
def one_read() -> Iterator[None]:
    """Every `snapshot()` inside shares one read transaction per database, ended at the exit.

    Only for reads: a write made inside would not be seen by the snapshots that follow it
    (REPEATABLE READ on PostgreSQL; SQLite's deferred transaction holds its first read mark).
    """
    token = _shared.set({})
    try:
        yield
    finally:
        opened = _shared.get() or {}
        _shared.reset(token)
        for conn, _ in opened.values():
            conn.close()  # rolls the read transaction back and returns the connection


# Built once: every read asks it first, and a statement built per call costs SQLAlchemy its
# cache key again (a third of a SQLite roll's time).
_ACTIVE = select(projection_state).where(projection_state.c.active.is_(True))


def _state(conn: Connection) -> dict[str, RowMapping]:
    return {row["name"]: row for row in conn.execute(_ACTIVE).mappings().all()}


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
        opened = _shared.get()
        if opened is None:
            with self.engine.begin() as conn:
                yield self._snapshot(conn, _state(conn), known)
            return
        found = opened.get(id(self.engine))
        if found is None:
            conn = self.engine.connect()
            try:
                conn.begin()
                found = opened[id(self.engine)] = (conn, _state(conn))
            except BaseException:
                conn.close()
                raise
        yield self._snapshot(found[0], found[1], known)

    def _snapshot(
        self, conn: Connection, state: dict[str, RowMapping], known: int | None
    ) -> Snapshot:
        figures, quotas = state.get("figures"), state.get("quotas")
        if figures is None:
            raise NotFound("projection", "figures (run `sodang projections catch-up`)")
        t = figure_tables(figures["generation"])
        key = (figures["generation"], figures["structure"])
        found = self._tree
        if found is None or found[0] != key:
            # Threads of one worker may load it at once: each keeps the one it loaded.
            found = self._tree = (key, load_hierarchy(conn, t))
        plans = quota_table(quotas["generation"])[1] if quotas else None
        tree = found[1] if known is None else found[1].as_known_at(known)
        return Snapshot(conn, t, plans, tree, int(figures["position"]))


def org_info(hierarchy: Hierarchy, code: str, day: date) -> OrgInfo:
    node = hierarchy.orgs.get(code)
    if node is None:
        raise NotFound("organization", code)
    parent = hierarchy.parent_on(code, day)
    return OrgInfo(node.code, node.name, node.kind, node.founded_on, parent, node.ended_on)


def check_range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidValue("date_to", "the period cannot end before it starts")
