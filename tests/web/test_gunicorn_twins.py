"""Sixteen identical requests with one key, at once, to gunicorn's forked workers: one event."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.config import Settings
from services.registry import Registry
from tests.web.conftest import Api, Tree, admission
from tests.web.test_app import ROOT, fetch, free_port

TWINS = 16


def post(url: str, token: str, key: str, body: dict[str, Any]) -> tuple[int, str, str]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode(), answer.headers["Idempotent-Replayed"]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), ""


@pytest.mark.slow
def test_identical_requests_to_four_workers_store_one_event_and_answer_alike(
    settings: Settings,
    registry: Registry,
    make_api: Callable[..., Api],
    tree: Tree,
    tmp_path: Path,
) -> None:
    token = make_api("h01.officer", tree.district, "officer").token
    port = free_port()
    env = {
        **os.environ,
        "SODANG_DATABASE_URL": settings.database_url,
        "SODANG_DEPLOYMENT": settings.deployment,
        "SODANG_SECRET_KEY": "x" * 64,
        "SODANG_POOL_SIZE": "2",
        "SODANG_BIND": f"127.0.0.1:{port}",
        "SODANG_WEB_WORKERS": "4",
        "SODANG_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy/gunicorn.conf.py")]
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/api/v1/orgs/{tree.cell}/events"
    body = admission("001190000031")
    answers: list[Any] = [None] * TWINS
    try:
        assert fetch(f"http://127.0.0.1:{port}/api/v1/me") == 401  # up, every worker forked
        time.sleep(1)
        start = threading.Barrier(TWINS)

        def send(index: int) -> None:
            start.wait()
            answers[index] = post(url, token or "", "twin-under-gunicorn", body)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(TWINS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert [a[0] for a in answers] == [201] * TWINS, answers
    assert len({a[1] for a in answers}) == 1
    assert sorted(a[2] for a in answers) == ["false"] + ["true"] * (TWINS - 1)
    assert len(registry.stream(tree.cell)) == 1
    assert b"Traceback" not in errors, errors.decode()
