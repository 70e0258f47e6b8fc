"""An installed wheel, not the checkout, initialises a database and serves the pages.

Built from a copy of the tracked files (so nothing of the checkout leaks in), installed into a
clean virtual environment (no system site-packages, no PYTHONPATH), and run from a directory
that holds no source: what an administrator gets from `pip install .`.

The wheel's dependencies are not downloaded and unpacked again (about 60 s and 330 MB for each
run): the new environment gets links to the test environment's copies of exactly the closure
of the wheel's declared requirements, each at a version the requirement accepts. A module the
code imports but the wheel does not declare is absent, as it would be after `pip install`;
that pip resolves those requirements from the index is what `make install` proves.
"""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def venv_site_packages(python: str) -> Path:
    found = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(found)


def requirement_closure(wheel: Path) -> list[metadata.Distribution]:
    """The test environment's distributions the wheel needs: its requirements without extras,
    then theirs (with the extras asked for), each found at a version the requirement accepts."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        declared = email.message_from_bytes(archive.read(name)).get_all("Requires-Dist") or []
    pending = [(Requirement(line), "") for line in declared]
    found: dict[str, metadata.Distribution] = {}
    visited: set[tuple[str, str]] = set()
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        dist = metadata.distribution(requirement.name)
        assert requirement.specifier.contains(dist.version, prereleases=True), (
            f"{requirement} is declared, the test environment has {dist.version}"
        )
        key = canonicalize_name(requirement.name)
        found[key] = dist
        for asked in ["", *requirement.extras]:
            if (key, asked) in visited:
                continue
            visited.add((key, asked))
            pending.extend((Requirement(line), asked) for line in dist.requires or [])
    return list(found.values())


def link_dependencies(wheel: Path, site_packages: Path) -> None:
    """Links each top-level entry of the closure's distributions into the new site-packages."""
    for dist in requirement_closure(wheel):
        assert dist.files, f"{dist.metadata['Name']} lists no files"
        for file in dist.files:
            top = file.parts[0]
            if top in ("..", "__pycache__") or (site_packages / top).exists():
                continue
            (site_packages / top).symlink_to(Path(str(dist.locate_file(top))))


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
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps"]
    subprocess.run([*pip, str(wheel)], check=True)
    link_dependencies(wheel, venv_site_packages(python))
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
