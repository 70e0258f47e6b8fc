"""`python -m bench.seal_overhead`: what sealing each insert costs, and how fast verify runs.

Compares the sealing recorders with the library's (plain) ones on the same workload, at the
recorder level so nothing else differs: many small saves (2 events each, like a roll command)
and one large save (like an import), then `sodang verify`'s pass over the sealed log.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
from eventsourcing.persistence import InfrastructureFactory, StoredEvent
from eventsourcing.utils import Environment

from services.config import Settings
from services.integrity.db import dialect, reading
from services.integrity.verify import verify_log

PG_SERVER = os.environ.get("SODANG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
PLAIN = {
    "sqlite": "eventsourcing.sqlite:SQLiteApplicationRecorder",
    "postgresql": "services.store.pg_recorder:ChunkingPostgresRecorder",
}
PAYLOAD = 600  # bytes, about one roll event


def recorder(settings: Settings, sealed: bool) -> Any:
    env = settings.eventsourcing_env()
    if not sealed:
        env["APPLICATION_RECORDER_TOPIC"] = PLAIN[settings.dialect]
    factory = InfrastructureFactory.construct(Environment(name="Registry", env=env))
    return factory, factory.application_recorder()


def events(count: int) -> list[StoredEvent]:
    stream = uuid4()
    return [
        StoredEvent(stream, v, "domain.roll.organization:Organization.Event", os.urandom(PAYLOAD))
        for v in range(1, count + 1)
    ]


def run(settings: Settings, sealed: bool, saves: int, bulk: int) -> dict[str, float]:
    factory, rec = recorder(settings, sealed)
    latencies = []
    for _ in range(saves):
        batch = events(2)
        started = time.perf_counter()
        rec.insert_events(batch)
        latencies.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    rec.insert_events(events(bulk))
    bulk_s = time.perf_counter() - started
    factory.close()
    result = {
        "median_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[-1],
        "bulk_s": bulk_s,
    }
    if sealed:
        with reading(settings) as cursor:
            report = verify_log(cursor, dialect(settings))
        assert report.intact, report.problems[:3]
        result["verify_rows_s"] = report.rate
        result["verify_rows"] = report.rows
    return result


def database(kind: str, folder: Path, name: str) -> tuple[Settings, Any]:
    if kind == "sqlite":
        return Settings(database_url=f"sqlite:///{folder / name}.db"), None
    db = f"sodang_bench_{secrets.token_hex(4)}"
    admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{db}"')
    return Settings(database_url=f"{PG_SERVER}/{db}"), (admin, db)


def main(saves: int = 500, bulk: int = 20000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in ("sqlite", "postgresql"):
            for sealed in (False, True):
                settings, cleanup = database(kind, folder, f"{kind}-{sealed}")
                settings = replace(settings, signing_key_file=folder / "k", witness_dir=folder)
                try:
                    figures = run(settings, sealed, saves, bulk)
                finally:
                    if cleanup:
                        admin, db = cleanup
                        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
                        admin.close()
                shown = ", ".join(f"{k}={v:,.2f}" for k, v in figures.items())
                print(f"{kind:10} {'sealed' if sealed else 'plain ':6} {shown}", flush=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
