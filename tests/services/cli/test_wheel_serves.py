"""An installed wheel, not the checkout, initialises a database and serves the pages.

Built from a copy of the tracked files (so nothing of the checkout leaks in), installed into a
clean virtual environment (no system site-packages, no PYTHONPATH), and run from a directory
that holds no source: what an administrator gets from `pip install .`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def tracked_copy(destination: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            target = destination / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def status_of(url: str, wait: float = 60.0) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
def test_an_installed_wheel_initialises_and_serves(tmp_path: Path) -> None:
    source = tracked_copy(tmp_path / "src")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), "."],
        cwd=source,
        check=True,
    )
    (wheel,) = wheels.glob("sodang-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )
    site = tmp_path / "site"
    site.mkdir()
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SODANG_", "PYTHON", "VIRTUAL_ENV"))
    }
    env |= {
        "SODANG_DATABASE_URL": f"sqlite:///{site / 'sodang.db'}",
        "SODANG_VAR_DIR": str(site / "var"),
        "SODANG_WEB_WORKERS": "1",
        "SODANG_ACCESS_LOG": str(site / "access.log"),
    }
    sodang = str(venv / "bin" / "sodang")
    subprocess.run([sodang, "init"], cwd=site, env=env, check=True)

    server = subprocess.Popen(
        [sodang, "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        document = status_of(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        sign_in = status_of(f"http://127.0.0.1:{port}/login")
        stylesheet = status_of(f"http://127.0.0.1:{port}/static/sodang.css")
        # The charting library comes from the installed package: no outside network needed.
        library = status_of(f"http://127.0.0.1:{port}/assets/vendor/chartjs/chart.umd.min.js")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert (document, sign_in, stylesheet, library) == (200, 200, 200, 200), errors.decode()
    assert b"Traceback" not in errors, errors.decode()
    assert "/login" in (site / "access.log").read_text()
