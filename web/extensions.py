"""The registry, the report queries and the user store: built lazily, once per worker process.

Nothing here is built when the app is created: gunicorn forks its workers from the master,
and a database pool created before the fork would be shared by every child (eventsourcing
notes §6.4). The first request in each process builds what it needs; a process that finds
objects built by another process id (a fork after first use) builds its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from services.config import Settings

if TYPE_CHECKING:
    from projections.queries import Queries
    from services.registry import Registry
    from services.store.users import UserStore

KEY = "sodang"


class Services:
    """What one app needs in one process; each part built on first use."""

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.lock = threading.Lock()
        self.built: dict[str, Any] = {}
        self.pid = os.getpid()

    @property
    def settings(self) -> Settings:
        given = self.config.get("SODANG_SETTINGS")
        if given is None:
            given = self.config["SODANG_SETTINGS"] = Settings.from_env()
        return given

    @property
    def clock(self) -> Callable[[], Any] | None:
        return self.config.get("SODANG_CLOCK")

    def get(self, name: str, build: Callable[[], Any]) -> Any:
        if self.pid != os.getpid():
            # Inherited through a fork: never touch the parent's connections.
            self.built, self.pid, self.lock = {}, os.getpid(), threading.Lock()
        found = self.built.get(name)
        if found is not None:
            return found
        with self.lock:
            if name not in self.built:
                self.built[name] = build()
            return self.built[name]


def init_app(app: Flask) -> None:
    app.extensions[KEY] = Services(app)


def services() -> Services:
    return current_app.extensions[KEY]  # type: ignore[no-any-return]


def get_settings() -> Settings:
    return services().settings


def get_registry() -> Registry:
    """The Registry application of this process, projections attached."""
    from services.wiring import build_registry

    found = services()
    given = found.config.get("SODANG_REGISTRY")  # tests may share theirs
    if given is not None:
        return given  # type: ignore[no-any-return]
    return found.get("registry", lambda: build_registry(found.settings, found.clock))  # type: ignore[no-any-return]


def get_queries() -> Queries:
    """The report queries (read models) of this process."""
    from projections.queries import Queries
    from web.freshness import note

    found = services()
    # The read models catch up through the registry's saves; a read also checks that they
    # are not behind the log (a writer killed before catching them up) and says so.
    note(get_registry())
    return found.get("queries", lambda: Queries(found.settings, clock=found.clock))  # type: ignore[no-any-return]


def get_users() -> UserStore:
    """The user accounts store of this process."""
    from services.store.users import UserStore

    found = services()
    hasher = found.config.get("SODANG_PASSWORD_HASHER")
    return found.get("users", lambda: UserStore(found.settings, clock=found.clock, hasher=hasher))  # type: ignore[no-any-return]


def close(app: Flask) -> None:
    """Close what this process built for the app (pools and engines)."""
    found: Services = app.extensions[KEY]
    for name, built in list(found.built.items()):
        closer = getattr(built, "close", None)
        if callable(closer):
            closer()
        del found.built[name]


def warm_up(app: Flask) -> None:
    """Build this process's registry, queries and user store now (gunicorn's post_worker_init)."""
    with app.app_context():
        registry = get_registry()  # catches the projections up (projections.wiring.attach)
        get_queries()
        get_users()
        if app.config.get("SODANG_FOLLOW", True):
            from projections.freshness import Follower

            services().get("follower", lambda: Follower(registry).start())
