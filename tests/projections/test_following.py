"""A long load lifts the attached catch-up and a follower process projects while it writes
(projections/following.py): the read side reaches the head without the writer's help, the
figures are the log's (a rebuild from it finds the same), and a follower that fails leaves the
rest to the caller."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from projections import following as following_module
from projections.following import following
from projections.queries import Queries
from projections.runner import Runner
from services.config import Settings
from services.demo.history import generate
from services.demo.seeding import SettableClock, found_all, load_events
from services.registry import Registry
from services.wiring import build_registry

LOADED = 2_000
DAYS = [date(2016, 12, 31), date(2019, 6, 30), date(2022, 1, 1), date(2024, 12, 31)]


def figures(queries: Queries, root: str) -> list[tuple[int, list[tuple[str, int]]]]:
    found = []
    for day in DAYS:
        rollup = queries.rollup(root, as_of=day, depth=1)
        found.append((rollup.total, [(c.code, c.total) for c in rollup.children]))
    return found


def wait_for_head(queries: Queries, registry: Registry, seconds: float = 60) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if queries.position() >= registry.max_position():
            return True
        time.sleep(0.05)
    return False


def test_a_follower_projects_the_load_while_it_writes_and_the_figures_are_the_logs(
    settings: Settings,
) -> None:
    province = generate(seed=7, scale=0.002)
    root = province.orgs[0].code
    registry = build_registry(settings, clock=SettableClock(province.events[0].recorded_at))
    queries = Queries(settings)
    try:
        found_all(registry, province.orgs, "test:seed")
        hooks = list(registry.on_saved)
        with following(registry, partial(Registry, settings)):
            assert len(registry.on_saved) == len(hooks) - 1  # the writer no longer catches up
            # The legacy roll entered in 2015 (the first events in recording order): 50
            # batches of late entries, the figures' heaviest work; the whole history took
            # three times as long and tested nothing more here.
            load_events(registry, province.events[:LOADED], "test:seed", batch_size=40)
            # Nothing in this process projects now: reaching the head is the follower's work.
            assert wait_for_head(queries, registry)
        assert registry.on_saved == hooks
        assert queries.position() == registry.max_position()
        followed = figures(queries, root)
        assert followed[-1][0] > 0

        for name in ("figures", "quotas", "dossiers"):
            Runner(registry, name).rebuild()
        assert figures(queries, root) == followed
    finally:
        registry.close()


def test_a_follower_that_fails_leaves_the_catch_up_to_the_caller(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    province = generate(seed=7, scale=0.002)
    registry = build_registry(settings, clock=SettableClock(province.events[0].recorded_at))
    queries = Queries(settings)
    # The follower's registry cannot open: its database does not exist.
    unreachable = Settings(database_url="postgresql://postgres@127.0.0.1:5432/sodang_no_such_db")
    try:
        found_all(registry, province.orgs, "test:seed")
        with caplog.at_level(logging.WARNING), following(registry, partial(Registry, unreachable)):
            load_events(registry, province.events[:200], "test:seed", batch_size=40)
        assert queries.position() == registry.max_position()
        assert "follower ended with code 1" in caplog.text
    finally:
        registry.close()


def test_a_registry_without_the_projections_is_left_as_it_is(settings: Settings) -> None:
    registry = Registry(settings)
    try:
        hooks = list(registry.on_saved)
        with following(registry, partial(Registry, settings)):
            assert registry.on_saved == hooks
        assert registry.on_saved == hooks
    finally:
        registry.close()


def test_a_load_that_fails_gets_its_error_and_the_attached_catch_up_back(
    settings: Settings,
) -> None:
    registry = build_registry(settings)
    try:
        hooks = list(registry.on_saved)
        with (
            pytest.raises(RuntimeError, match="the file ended early"),
            following(registry, partial(Registry, settings)),
        ):
            raise RuntimeError("the file ended early")
        assert registry.on_saved == hooks
    finally:
        registry.close()


class BehindOnSqlite:
    """A registry as the follower sees it: on SQLite, and always behind the log."""

    settings = SimpleNamespace(dialect="sqlite")

    def max_position(self) -> int:
        return 1

    def writers_in(self) -> bool:
        return True  # the load is writing

    def close(self) -> None:
        pass


def test_a_follower_behind_on_sqlite_lets_the_loads_writes_in_between_its_rounds(
    tmp_path, monkeypatch
):
    # Its batches hold SQLite's one write lock back to back, as a province's catch-up does; a
    # save waiting for the lock looks again every 100 ms at most, and must get it in time.
    path = tmp_path / "log.db"
    sqlite3.connect(path).close()
    projector = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def batches_back_to_back(registry, within=0.0):
        until = time.monotonic() + within
        while time.monotonic() < until:
            projector.execute("BEGIN IMMEDIATE")
            time.sleep(0.02)
            projector.execute("COMMIT")
        return 0  # still behind the head

    monkeypatch.setattr(following_module, "catch_up", batches_back_to_back)
    monkeypatch.setattr(following_module, "ROUND", 0.3)
    monkeypatch.setattr(following_module.collector, "configure", lambda: None)  # a thread here
    stop = threading.Event()
    follower = threading.Thread(target=following_module.follow, args=(BehindOnSqlite, stop))
    follower.start()
    try:
        time.sleep(0.1)
        writer = sqlite3.connect(path, timeout=1.0, isolation_level=None)
        for _ in range(4):
            writer.execute("BEGIN IMMEDIATE")  # "database is locked" after 1 s without a gap
            writer.execute("COMMIT")
            time.sleep(0.05)
        writer.close()
    finally:
        stop.set()
        follower.join()
        projector.close()


LOAD_KILLED = """
import sys, time
from functools import partial
from services.config import Settings
from services.registry import Registry
from services.wiring import build_registry
from projections.following import following

if __name__ == "__main__":
    settings = Settings(database_url=sys.argv[1], deployment="test")
    registry = build_registry(settings)
    with following(registry, partial(Registry, settings)):
        print("following", flush=True)
        time.sleep(600)
"""


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.backend("sqlite")
def test_a_follower_stops_when_the_load_that_started_it_is_killed(
    settings: Settings, tmp_path: Path
) -> None:
    script = tmp_path / "load.py"
    script.write_text(LOAD_KILLED)
    root = Path(__file__).resolve().parents[2]
    load = subprocess.Popen(
        [sys.executable, str(script), settings.database_url],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        text=True,
    )
    followers: set[int] = set()
    try:
        assert load.stdout is not None and load.stdout.readline().strip() == "following"
        followers = {p for p in children_of(load.pid) if "spawn_main" in cmdline(p)}
        assert len(followers) == 1
        load.kill()  # no finally, no atexit: `stop` is never set
        load.wait()
        until = time.monotonic() + 30
        while any(running(p) for p in followers) and time.monotonic() < until:
            time.sleep(0.1)
        assert not any(running(p) for p in followers)
    finally:
        load.kill()
        for pid in followers:
            if running(pid):
                os.kill(pid, 9)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
