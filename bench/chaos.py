"""`python -m bench chaos` (`make chaos`): kill -9 beside concurrent writes, then prove nothing
acknowledged was lost or doubled (issue 10, items 12 and 13).

On a throwaway PostgreSQL database and 127.0.0.1 only: gunicorn (deploy/gunicorn.conf.py, the
`sodang serve` configuration) with several workers; 64 writer threads POST admissions with an
Idempotency-Key to the cells of a small province, retrying an unanswered request with the same
key; meanwhile random workers are killed with SIGKILL every few seconds, and `sodang events
import` of a file into the same cells is started and killed with SIGKILL at a random moment,
again and again (sometimes before its commit, sometimes after it, before its catch-up), then
run to the end once. Afterwards, with the server stopped: every acknowledged admission must
be on the log exactly once, the projections caught up must answer as a rebuild from the log
does, and `sodang verify` must pass. Every phase is bounded in time; processes are stopped by
their own ids.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import report
from bench.chaos_checks import Acknowledged, Audit, audit, projections_equal_rebuild, verify
from bench.chaos_load import (
    IMPORT_LINES,
    Tally,
    Writer,
    cli,
    import_file,
    importer_chaos,
    worker_pids,
)
from bench.import_files import PROVINCE, found_province
from bench.web_serve import Server

ROOT = Path(__file__).resolve().parent.parent
CELLS = 16


@dataclass
class Run:
    seconds: float
    acknowledged: int
    imported: int
    audit: Audit
    worker_kills: int
    importer_kills: int
    importer_killed_after_commit: int
    retries: int
    replayed: int
    server_errors: list[int]  # the status of each 5xx answer (503: the database was busy)
    refused: int
    unanswered: int
    projections_equal: bool
    position: int
    verify: str

    @property
    def passed(self) -> bool:
        a = self.audit
        return (
            a.missing == 0
            and a.doubled == 0
            and a.wrong_event == 0
            and self.projections_equal
            and not self.verify.startswith("FAILED")
        )


def one_run(number: int, duration: float, writers: int, workers: int, say: Any) -> Run:
    from bench.core import Databases
    from services.config import Settings
    from services.registry import Registry
    from services.store.users import UserStore
    from services.wiring import build_registry

    started = time.monotonic()
    dbs = Databases("postgresql")
    workdir = Path(tempfile.mkdtemp(prefix="sodang_chaos_"))
    server: Server | None = None
    rng = random.Random(1000 + number)
    try:
        url = dbs.url("chaos")
        settings = Settings(database_url=url, deployment="chaos", pool_size=3)
        registry = build_registry(settings)
        cells = found_province(registry, CELLS, "chaos:seed")
        users = UserStore(settings)
        _, token = users.create("chaos-officer", PROVINCE, "officer")
        users.close()
        registry.close()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SODANG_DATABASE_URL": url,
            "SODANG_DEPLOYMENT": "chaos",
            "SODANG_SECRET_KEY": "c" * 64,
            "SODANG_POOL_SIZE": "3",
            "SODANG_WEB_WORKERS": str(workers),
            "SODANG_WEB_TIMEOUT": "60",
            # The tables exist (created above, as `sodang init` does): workers booting together
            # must not race on DDL (PostgreSQL: "tuple concurrently updated").
            "SODANG_CREATE_TABLES": "n",
        }
        server = Server("web.wsgi:app", env, workdir / "gunicorn.log")
        server.wait("/api/v1/me", {"Authorization": f"Bearer {token}"})
        say(f"run {number}: gunicorn with {workers} workers on port {server.port}")

        tally = Tally()
        stop = threading.Event()
        drain_until = [0.0]
        threads = [
            threading.Thread(
                target=Writer(server.port, token, cells, tally).run,
                args=(i, stop, drain_until),
                daemon=True,
            )
            for i in range(writers)
        ]
        counts = {"importer_kills": 0, "importer_killed_after_commit": 0, "files": 1}
        importer = threading.Thread(
            target=importer_chaos, args=(env, workdir, cells, stop, rng, counts), daemon=True
        )
        for thread in threads:
            thread.start()
        importer.start()
        worker_kills = 0
        end = time.monotonic() + duration
        while time.monotonic() < end:
            time.sleep(rng.uniform(2.0, 5.0))
            pids = worker_pids(server.process.pid)
            if pids:
                os.kill(rng.choice(pids), signal.SIGKILL)
                worker_kills += 1
        drain_until[0] = time.monotonic() + 60
        stop.set()
        importer.join(timeout=120)
        for thread in threads:
            thread.join(timeout=90)
        say(
            f"run {number}: {len(tally.acknowledged)} acknowledged, {worker_kills} worker kills, "
            f"{counts['importer_kills']} importer kills; the import to its end"
        )
        files = counts["files"]
        for k in range(files):  # every file started, to its end (idempotent: once each)
            path = import_file(workdir, cells, k)
            final = cli(["events", "import", str(path), "--by", "chaos:import"], env)
            _, errors = final.communicate(timeout=600)
            if final.returncode != 0:
                raise RuntimeError(f"the final import failed: {errors.decode()[-2000:]}")
        server.stop()
        server = None

        reader = Registry(settings)
        imported = [
            Acknowledged(reader.ids.member(f"0{n:011d}"), None)
            for n in range(1, files * IMPORT_LINES + 1)
        ]
        result = audit(reader, cells, tally.acknowledged + imported)
        equal, position = projections_equal_rebuild(reader, settings, PROVINCE, cells)
        reader.close()
        verdict = verify(env)
        return Run(
            seconds=time.monotonic() - started,
            acknowledged=len(tally.acknowledged),
            imported=len(imported),
            audit=result,
            worker_kills=worker_kills,
            importer_kills=counts["importer_kills"],
            importer_killed_after_commit=counts["importer_killed_after_commit"],
            retries=sum(tally.retries),
            replayed=len(tally.replayed),
            server_errors=list(tally.server_errors),
            refused=len(tally.refused),
            unanswered=len(tally.unanswered),
            projections_equal=equal,
            position=position,
            verify=verdict,
        )
    finally:
        if server is not None:
            server.stop()
        dbs.close()
        shutil.rmtree(workdir, ignore_errors=True)


def five_hundreds(statuses: list[int]) -> str:
    """How many 5xx answers, and which: "55 (503 x 55)", or "0"."""
    if not statuses:
        return "0"
    kinds = ", ".join(f"{code} x {n}" for code, n in sorted(Counter(statuses).items()))
    return f"{len(statuses)} ({kinds})"


def render(runs: list[Run], duration: float, writers: int, workers: int) -> str:
    headers = [
        "run",
        "acknowledged (API + import)",
        "lost",
        "doubled",
        "wrong event id",
        "worker kills",
        "importer kills (after commit)",
        "client retries (replayed)",
        "5xx",
        "unanswered",
        "projections = rebuild",
        "verify",
        "wall time",
    ]
    rows = [
        [
            i,
            f"{r.acknowledged:,} + {r.imported:,}",
            r.audit.missing,
            r.audit.doubled,
            r.audit.wrong_event,
            r.worker_kills,
            f"{r.importer_kills} ({r.importer_killed_after_commit})",
            f"{r.retries:,} ({r.replayed})",
            five_hundreds(r.server_errors),
            r.unanswered,
            "yes" if r.projections_equal else "**NO**",
            r.verify,
            f"{r.seconds:.0f} s",
        ]
        for i, r in enumerate(runs, start=1)
    ]
    return (
        f"{writers} writer threads, gunicorn with {workers} gthread workers (the threads of "
        f"deploy/gunicorn.conf.py), {duration:.0f} s of kills per run; imports of {IMPORT_LINES:,} lines into the same {CELLS} cells "
        "killed with SIGKILL at random moments and started again throughout (a new file once "
        "a file's commit landed), then each file run to its end.\n\n" + report.table(headers, rows)
    )


def main(runs: int, duration: float, writers: int, workers: int) -> int:
    say = lambda text: print(text, flush=True)  # noqa: E731
    started = report.now()
    machine = report.machine()
    versions = report.versions({"gunicorn": report._pkg("gunicorn")})
    say(f"machine: {machine}")
    results = [one_run(n, duration, writers, workers, say) for n in range(1, runs + 1)]
    text = render(results, duration, writers, workers)
    print(text)
    ok = all(r.passed for r in results)
    section = (
        "## Chaos: kill -9 beside concurrent writes (issue 10, items 12 and 13)\n\n"
        + report.facts(report.command_line(), started, machine, versions)
        + "\n\n"
        + text
        + "\n\nAsserted: 0 acknowledged admissions missing, 0 doubled (each member has one "
        "admission entry, under the event id the API acknowledged), the projections caught up "
        "answer as a rebuild from the log (roll-up, the rolls of every cell, flows, indicators "
        "at one moment of knowledge), and `sodang verify` passes. "
        + ("All runs passed." if ok else "**A run FAILED.**")
    )
    report.write_section("chaos", section)
    return 0 if ok else 1
