"""CPU per cached GET in process (issue 12, item 3): `python -m bench web-cpu`.

The bench province (scale 0.002) in a throwaway database per backend, the app with the Flask
test client and an officer's bearer token at the province; after one computed answer each,
GET rollup, standings and roll are answered from the worker's answer cache. Per request:
`time.process_time` (CPU of this process: the database server's work is not in it) and wall
time, medians over `rounds` x `requests`, the routes interleaved round by round, with the bare
Flask JSON endpoint (bench/bare_app.py) measured in the same process as the yardstick.
`--profile ROUTE` prints a cProfile of that route instead. Prints its table; the reads section
of RESULTS.md quotes it (the machine is shared: compare runs made back to back only).
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench import report
from bench.core import Databases, _load
from bench.province import PROVINCE, generate


def main(dbs: list[str], requests: int, rounds: int, profile: str = "") -> int:
    province = generate(0.002, 2024)
    say = lambda text: print(text, flush=True)  # noqa: E731
    say(f"load average {report.machine().get('load average at start (1, 5, 15 min)', '?')}")
    rows: list[list[object]] = []
    for dialect in dbs:
        databases = Databases(dialect)
        try:
            rows += measure(dialect, databases.url("webcpu"), province, requests, rounds, profile)
        finally:
            databases.close()
    if rows:
        say(report.table(["database", "GET", "CPU median ms", "wall median ms", "n"], rows))
    return 0


def measure(
    dialect: str, url: str, province: Any, requests: int, rounds: int, profile: str
) -> list[list[object]]:
    from bench.bare_app import app as bare
    from services.config import Settings
    from services.store.users import UserStore
    from web import create_app, extensions

    registry, _ = _load(url, province, True, lambda _: None)
    users = UserStore(registry.settings)
    _, token = users.create("bench-officer", PROVINCE, "officer")
    users.close()
    settings = Settings(database_url=url, deployment="bench", secret_key="bench-" + "x" * 40)
    app = create_app({"SODANG_SETTINGS": settings, "SODANG_FOLLOW": False})
    client, plain = app.test_client(), bare.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    cell = province.cells[len(province.cells) // 2]
    routes: dict[str, Callable[[], Any]] = {
        "rollup": lambda: client.get(f"/api/v1/orgs/{PROVINCE}/rollup", headers=auth),
        "standings": lambda: client.get(
            f"/api/v1/orgs/{PROVINCE}/standings?period={province.today.year}", headers=auth
        ),
        "roll": lambda: client.get(f"/api/v1/orgs/{cell}/roll", headers=auth),
        "bare Flask JSON": lambda: plain.get("/ping"),
    }
    try:
        for name, call in routes.items():
            answer = call()
            assert answer.status_code == 200, (name, answer.status_code)
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests * rounds):
                routes[profile]()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return []
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in routes}
        for _ in range(rounds):
            for name, call in routes.items():
                for _ in range(requests):
                    cpu, wall = time.process_time(), time.perf_counter()
                    call()
                    samples[name].append((time.process_time() - cpu, time.perf_counter() - wall))
        return [
            [
                dialect,
                name,
                f"{statistics.median(c for c, _ in found) * 1000:.3f}",
                f"{statistics.median(w for _, w in found) * 1000:.3f}",
                len(found),
            ]
            for name, found in samples.items()
        ]
    finally:
        extensions.close(app)
        registry.close()
