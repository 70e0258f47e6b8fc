"""The registry, the report queries, the user store and the positions reader (one query per
GET: services/store/positions.py): built lazily, once per worker process.

Nothing here is built when the app is created: gunicorn forks its workers from the master,
and a database pool created before the fork would be shared by every child (eventsourcing
notes §6.4). The first request in each process builds what it needs; a process that finds
objects built by another process id (a fork after first use) builds its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from flask import Flask, current_app, g, has_request_context, request

from services.config import Settings
from services.store.positions import PositionReader, Positions

if TYPE_CHECKING:
    from projections.freshness import Follower
    from projections.queries import Queries
    from projections.structure.hierarchy import Hierarchy
    from services.registry import Registry
    from services.store.users import UserStore

KEY = "sodang"
T = TypeVar("T")


class Once(Generic[T]):
    """One service of one process: built by the first caller, then shared."""

    def __init__(self) -> None:
        self.value: T | None = None
        self.lock = threading.Lock()

    def get(self, build: Callable[[], T]) -> T:
        found = self.value
        if found is not None:
            return found
        with self.lock:
            if self.value is None:
                self.value = build()
            return self.value


class Services:
    """What one app needs in one process; each part built on first use."""

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self._fresh()

    def _fresh(self) -> None:
        self.pid = os.getpid()
        self.registry: Once[Registry] = Once()
        self.queries: Once[Queries] = Once()
        self.users: Once[UserStore] = Once()
        self.follower: Once[Follower] = Once()
        self.positions: Once[PositionReader] = Once()

    def parts(
        self,
    ) -> dict[
        str,
        Once[Registry] | Once[Queries] | Once[UserStore] | Once[Follower] | Once[PositionReader],
    ]:
        if self.pid != os.getpid():
            # Inherited through a fork: never touch the parent's connections.
            self._fresh()
        return {
            "registry": self.registry,
            "queries": self.queries,
            "users": self.users,
            "follower": self.follower,
            "positions": self.positions,
        }

    @property
    def built(self) -> dict[str, object]:
        """The parts built so far in this process, by name."""
        return {name: part.value for name, part in self.parts().items() if part.value is not None}

    @property
    def settings(self) -> Settings:
        given = self.config.get("SODANG_SETTINGS")
        if given is None:
            given = self.config["SODANG_SETTINGS"] = Settings.from_env()
        return cast(Settings, given)

    @property
    def clock(self) -> Callable[[], datetime] | None:
        return cast("Callable[[], datetime] | None", self.config.get("SODANG_CLOCK"))


def init_app(app: Flask) -> None:
    app.extensions[KEY] = Services(app)

    @app.before_request
    def open_one_read() -> None:
        # A read request reads the projections in one snapshot: the access check's tree and
        # the query share one transaction (projections.reading.base.one_read). Writes keep a
        # snapshot per call: a write's own result must show in the reads that follow it.
        from web.freshness import READS

        if request.method in READS:
            from projections.reading.base import one_read

            opened = one_read()
            opened.__enter__()
            g.sodang_one_read = opened

    @app.teardown_request
    def close_one_read(_: BaseException | None) -> None:
        opened: AbstractContextManager[None] | None = g.pop("sodang_one_read", None)
        if opened is not None:
            opened.__exit__(None, None, None)


def services() -> Services:
    found = current_app.extensions[KEY]
    assert isinstance(found, Services)
    found.parts()  # a fork since the last request starts afresh
    return found


def get_settings() -> Settings:
    return services().settings


def get_registry() -> Registry:
    """The Registry application of this process, projections attached."""
    from services.wiring import build_registry

    found = services()
    given: Registry | None = found.config.get("SODANG_REGISTRY")  # tests may share theirs
    if given is not None:
        return given
    return found.registry.get(lambda: build_registry(found.settings, found.clock))


def built_registry() -> Registry | None:
    """The registry if this process has it already (web.freshness reads the request's positions
    through it; a request that only needs the accounts never builds it)."""
    found = services()
    given: Registry | None = found.config.get("SODANG_REGISTRY")
    return given if given is not None else found.registry.value


def request_positions() -> Positions | None:
    """The log's head, the projections' positions and the users' version this request stands
    at, read once per request in one query (services.store.positions), shared by the account
    check (web.auth), the freshness check of a GET (web.freshness) and a write's access check
    (`request_tree`). None outside a request, before this process has built its registry, or
    when the one query fails: each part is then read on its own."""
    if not has_request_context():
        return None
    if "sodang_positions" in g:
        kept: Positions | None = g.sodang_positions
        return kept
    registry = built_registry()
    if registry is None:
        found = g.sodang_positions = None
        return found
    reader = services().positions.get(lambda: PositionReader(registry))
    found = g.sodang_positions = reader.read()
    return found


def request_tree() -> Hierarchy:
    """The latest organization tree, for this request's access checks (web.permissions.reach).

    A read takes it from its one snapshot (`one_read`), with the figures it answers. A write
    takes the tree this process keeps when the request's positions, read as it began and
    before anything it writes, name that very tree (the figures' generation and structure):
    no transaction of its own; otherwise it reads the latest."""
    from web.freshness import READS

    queries = get_queries()
    if request.method not in READS:
        found = request_positions()
        key = None if found is None else found.trees.get("figures")
        kept = None if key is None else queries.kept_tree(*key)
        if kept is not None:
            return kept
    return queries.tree()


def get_queries() -> Queries:
    """The report queries (read models) of this process."""
    from projections.queries import Queries
    from web.freshness import note

    found = services()
    # The read models catch up through the registry's saves; a read also checks that they
    # are not behind the log (a writer killed before catching them up) and says so.
    note(get_registry(), request_positions())
    return found.queries.get(lambda: Queries(found.settings, clock=found.clock))


def get_users() -> UserStore:
    """The user accounts store of this process."""
    from services.store.users import UserStore

    found = services()
    hasher = found.config.get("SODANG_PASSWORD_HASHER")
    return found.users.get(lambda: UserStore(found.settings, clock=found.clock, hasher=hasher))


def close(app: Flask) -> None:
    """Close what this process built for the app (pools and engines)."""
    found: Services = app.extensions[KEY]
    for part in found.parts().values():
        built, part.value = part.value, None
        closer = getattr(built, "close", None)
        if callable(closer):
            closer()


def warm_up(app: Flask) -> None:
    """Build this process's registry, queries and user store now (gunicorn's post_worker_init)."""
    with app.app_context():
        registry = get_registry()  # catches the projections up (projections.wiring.attach)
        get_queries()
        get_users()
        services().positions.get(lambda: PositionReader(registry))
        if app.config.get("SODANG_FOLLOW", True):
            from projections.freshness import Follower

            services().follower.get(lambda: Follower(registry).start())
