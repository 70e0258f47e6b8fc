"""The chaos run's load: 64 writer threads POSTing admissions with Idempotency-Keys (an
unanswered request is sent again with the same key), and an importer killed with SIGKILL at
random moments and started again."""

from __future__ import annotations

import http.client
import json
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.chaos_checks import Acknowledged
from bench.import_files import DISTRICT, write_file

ROOT = Path(__file__).resolve().parent.parent
IMPORT_LINES = 1_500


@dataclass
class Tally:
    """What the writers saw; appended to from many threads (list.append is atomic)."""

    acknowledged: list[Acknowledged] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # keys never acknowledged
    refused: list[str] = field(default_factory=list)  # 4xx other than a concurrency 409
    server_errors: list[int] = field(default_factory=list)
    retries: list[int] = field(default_factory=list)
    replayed: list[int] = field(default_factory=list)


def admission_body(cell: str, national_id: str) -> dict[str, Any]:
    return {
        "type": "admitted",
        "effective_on": "2024-05-02",
        "decision_no": "9-QĐ/HU",
        "decision_on": "2024-04-20",
        "decided_by": DISTRICT,
        "member": {
            "national_id": national_id,
            "full_name": "Nguyễn Văn Thử Tải",
            "sex": "male",
            "birth_date": "1990-05-01",
            "ethnicity": "Kinh",
            "religion": None,
            "education": "university",
            "political_theory": "basic",
            "youth_union": True,
            "sector": "state_agency",
        },
    }


class Writer:
    """One client: POSTs admissions; an unanswered request is sent again with the same key."""

    def __init__(self, port: int, token: str, cells: list[str], tally: Tally) -> None:
        self.port, self.token, self.cells, self.tally = port, token, cells, tally

    def post(self, cell: str, body: dict[str, Any], key: str) -> tuple[int, dict[str, Any], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "POST",
                f"/api/v1/orgs/{cell}/events",
                body=json.dumps(body),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                },
            )
            answer = conn.getresponse()
            data = answer.read()
            replayed = answer.getheader("Idempotent-Replayed") or ""
            return answer.status, json.loads(data or b"{}"), replayed
        finally:
            conn.close()

    def until_acknowledged(
        self, cell: str, body: dict[str, Any], key: str, drain_until: list[float]
    ) -> None:
        """Send until answered; after the chaos stops, only until the drain's end."""
        tries = 0
        while not drain_until[0] or time.monotonic() < drain_until[0]:
            tries += 1
            try:
                status, answer, replayed = self.post(cell, body, key)
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)  # the worker died mid-request: same key again
                continue
            if status == 201:
                self.tally.acknowledged.append(
                    Acknowledged(UUID(answer["member_id"]), UUID(answer["event_id"]))
                )
                self.tally.retries.append(tries - 1)
                if replayed == "true":
                    self.tally.replayed.append(1)
                return
            if status >= 500:
                self.tally.server_errors.append(status)
            elif status != 409 or answer.get("code") == "on_two_rolls":
                self.tally.refused.append(f"{key}: {status} {answer}")
                return
            time.sleep(0.1)
        self.tally.unanswered.append(key)

    def run(self, number: int, stop: threading.Event, drain_until: list[float]) -> None:
        rng = random.Random(number)
        count = 0
        while not stop.is_set():
            count += 1
            key = f"chaos-w{number}-{count}"
            national_id = f"8{number:03d}{count:08d}"
            cell = rng.choice(self.cells)
            self.until_acknowledged(cell, admission_body(cell, national_id), key, drain_until)


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from services.cli import main; main()", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def import_file(workdir: Path, cells: list[str], k: int) -> Path:
    """The k-th import file (k = 0, 1...): its own national ids and keys."""
    path = workdir / f"import-{k}.ndjson"
    if not path.exists():
        write_file(path, IMPORT_LINES, cells, f"chaos-imp{k}", first=k * IMPORT_LINES + 1)
    return path


def importer_chaos(
    env: dict[str, str],
    workdir: Path,
    cells: list[str],
    stop: threading.Event,
    rng: random.Random,
    counts: dict[str, int],
) -> None:
    """Start an import, kill -9 it at a random moment; again, until the chaos stops. Once a
    file's commit has landed, the next file (a new one) is imported."""
    k = 0
    while not stop.is_set():
        landed = _import_landed(env, k)
        process = cli(
            ["events", "import", str(import_file(workdir, cells, k)), "--by", "chaos:import"],
            env,
        )
        deadline = time.monotonic() + rng.uniform(1.0, 12.0)
        while process.poll() is None and time.monotonic() < deadline and not stop.is_set():
            time.sleep(0.05)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
            counts["importer_kills"] += 1
            if landed():  # killed after its commit, perhaps before the catch-up
                counts["importer_killed_after_commit"] += 1
                k += 1
        else:
            process.communicate()
            k += 1
        counts["files"] = k + 1
        stop.wait(rng.uniform(0.5, 2.0))


def _import_landed(env: dict[str, str], k: int) -> Any:
    """Whether file k's commit is on the log (its first line's member exists)."""
    import psycopg

    from domain.roll.values import Ids
    from services.config import Settings

    url = env["SODANG_DATABASE_URL"]
    namespace = Settings(database_url=url, deployment=env["SODANG_DEPLOYMENT"]).namespace
    member = Ids(namespace).member(f"0{k * IMPORT_LINES + 1:011d}")

    def landed() -> bool:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM registry_events WHERE originator_id = %s LIMIT 1", (member,)
            )
            return row.fetchone() is not None

    return landed
