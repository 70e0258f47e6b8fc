"""The repository that keeps aggregates in memory between commands and hands out cheap copies.

Every admission reads its cell; without a cache each read decoded the cell's whole snapshot,
and an organization's snapshot carries its whole roll (37 ms of a 90 ms admission at one
writer, measured on the web bench's province). With the library's cache each read instead
fast-forwards the cached aggregate from the log (one query for the events stored since, by any
process) and hands out a copy, so a command's changes, and those of an attempt that lost a
version conflict, never reach the cache. The library copies with `copy.deepcopy`, which walks
every roll entry: 49 ms for a cell of 251 entries, slower than decoding the snapshot. Roll
entries are frozen records that no command changes (corrections are new entries), so the copy
here shares them and copies everything else: the lists holding them, the aggregate's other
state, its pending events.

A process's threads may read the same aggregate at once; the library fast-forwards a cached
aggregate in place, so each read holds a lock per aggregate (striped) while it fast-forwards
and copies: no thread copies an aggregate another is changing.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import ProjectorFunction, Repository, project_aggregate

from domain.roll.entry import Entry
from domain.roll.ledger import RollLedger
from domain.roll.member import ClientKey, Member
from domain.roll.organization import Organization

APPEND_ONLY = (Organization, Member)
STRIPES = 64  # locks shared by aggregate id: readers of different aggregates rarely wait


def command_copy(aggregate: Any) -> Any:
    """A copy a command may change without touching the cached one."""
    if isinstance(aggregate, APPEND_ONLY):
        return _append_only_copy(aggregate)
    shared: dict[int, Any] = {}
    for value in vars(aggregate).values():
        if isinstance(value, list):
            shared.update((id(item), item) for item in value if isinstance(item, Entry))
    # Everything else deep: the roll entries (frozen, never changed) are shared.
    return copy.deepcopy(aggregate, shared)


def _append_only_copy(aggregate: Any) -> Any:
    """Organizations and members change only by appending to their lists and their roll
    ledger and by setting a key of a dict in them (a link's `until`), so new lists of copied
    dicts and a copied ledger make a private copy; the immutable values (entries, dates,
    strings) are shared. A tenth of a deep copy's time."""
    twin = copy.copy(aggregate)
    state = twin.__dict__
    for name, value in state.items():
        if type(value) is list:
            state[name] = [dict(x) if type(x) is dict else x for x in value]
        elif type(value) is dict:
            state[name] = dict(value)
        elif type(value) is RollLedger:
            state[name] = value.copy()
    return twin


class CachingRepository(Repository[Any]):
    """The library's repository with its cache (if configured) and `command_copy` copies."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._copying = self.deepcopy_from_cache
        self.deepcopy_from_cache = False  # the library's copy: replaced by ours, below
        self._stripes = [threading.Lock() for _ in range(STRIPES)]

    def get(
        self,
        aggregate_id: Any,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
        known_version: int | None = None,
    ) -> Any:
        """`known_version`: the caller has just read that this is the aggregate's last stored
        version (services.unit_of_work.prefetch_versions); a cached copy at it is current."""
        if not self.cache or version is not None:
            # Rebuilt from the store for this caller alone: nothing shared, nothing to copy.
            return super().get(
                aggregate_id,
                version=version,
                projector_func=projector_func,
                fastforward_skipping=fastforward_skipping,
            )
        with self._stripes[hash(aggregate_id) % STRIPES]:
            aggregate = self._cached_at(aggregate_id, known_version)
            if aggregate is None:
                aggregate = super().get(
                    aggregate_id,
                    projector_func=projector_func,
                    fastforward_skipping=fastforward_skipping,
                )
            if deepcopy_from_cache and self._copying:
                return command_copy(aggregate)
            return aggregate

    def _cached_at(self, aggregate_id: Any, version: int | None) -> Any:
        """The cached aggregate if it is at `version` (the caller holds its stripe's lock)."""
        if version is None or not self.cache:
            return None
        try:
            cached = self.cache.get(aggregate_id)
        except KeyError:
            return None
        return cached if cached is not None and cached.version == version else None

    def keep(self, aggregates: Iterable[Any]) -> None:
        """Cache the states a unit of work has just stored, so the next command starts from
        them instead of decoding again the events it wrote. Only committed states (no pending
        events), never over a later version, and as copies: the caller keeps its own."""
        if not self.cache:
            return
        for aggregate in aggregates:
            if aggregate.pending_events or isinstance(aggregate, ClientKey):
                # A used key is read again only when its request is retried: cached, every
                # one of a bulk load's cost a deep copy (a twentieth of the demo's load) and
                # pushed the cells its next batches read out of the cache.
                continue
            with self._stripes[hash(aggregate.id) % STRIPES]:
                try:
                    cached = self.cache.get(aggregate.id)
                except KeyError:
                    cached = None
                if cached is None or cached.version < aggregate.version:
                    self.cache.put(aggregate.id, command_copy(aggregate))

    def forget_cached(self) -> None:
        """Drop every cached aggregate: the next read of each decodes it from the store again,
        its snapshot (checked against its seal) and the events since, as a new process would."""
        if self.cache:
            self._replace_cache(self.cache.maxsize)  # type: ignore[attr-defined]

    @contextmanager
    def widened(self, maxsize: int) -> Iterator[None]:
        """Keep up to `maxsize` aggregates while a bulk load runs, then the usual number.

        A load in recording order touches every cell of the province again and again: with
        fewer places than cells, each batch decoded its cells' snapshots, whole rolls, again
        (at 10,000 organizations, most of the loader's time). The cache stays correct at any
        size (each read still fast-forwards from the log); only memory grows, for the load.
        """
        if not self.cache or self.cache.maxsize >= maxsize:  # type: ignore[attr-defined]
            yield
            return
        usual = self.cache.maxsize  # type: ignore[attr-defined]
        self._replace_cache(maxsize, keep=True)
        try:
            yield
        finally:
            # Whatever is cached stays, both ways, organizations first: the demo's stages
            # after a load (quotas, the reform) read every one, each a whole roll to decode.
            self._replace_cache(usual, keep=True)

    def _replace_cache(self, maxsize: int, keep: bool = False) -> None:
        assert self.cache is not None
        for lock in self._stripes:
            lock.acquire()
        try:
            kept = _kept(self.cache, maxsize) if keep else []
            self.cache = type(self.cache)(maxsize=maxsize)  # type: ignore[call-arg]
            for key, value in kept:
                self.cache.put(key, value)
        finally:
            for lock in self._stripes:
                lock.release()


def _kept(cache: Any, maxsize: int) -> list[tuple[Any, Any]]:
    """Up to `maxsize` entries of a cache, least recently used first (the order to put them
    back in): organizations before any other aggregate, then the others by recency."""
    links = getattr(cache, "root", None)
    if links is None:  # not the library's LRU cache: nothing known about recency
        return []
    newest_first: list[tuple[Any, Any]] = []
    link = links[0]  # PREV of the root: the most recently used
    while link is not links:
        newest_first.append((link[2], link[3]))
        link = link[0]
    orgs = [kv for kv in newest_first if isinstance(kv[1], Organization)]
    others = [kv for kv in newest_first if not isinstance(kv[1], Organization)]
    return (orgs + others)[:maxsize][::-1]
