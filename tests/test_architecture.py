"""The import contracts of pyproject.toml ([tool.importlinter]) hold: imports run downhill
(web > services > projections > domain) and no package's modules import each other in a circle."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports() -> str:
    found = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not os.path.exists(found):
        pytest.fail("lint-imports is missing: install the [test] extras (import-linter)")
    return found


def test_import_contracts_are_kept() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [lint_imports(), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    """The contract would catch a projection importing the services (what it once did)."""
    # The project's own layers contract, over packages holding one upward import.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.importlinter]\n"
        'root_packages = ["domain", "services", "projections", "web", "bench"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "layers"\ntype = "layers"\n'
        f"layers = {json.dumps(layers['layers'])}\n",
        encoding="utf-8",
    )
    for package in ("domain", "services", "projections", "web", "bench"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "services" / "config.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "projections" / "upward.py").write_text(
        "from services.config import VALUE\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [lint_imports(), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "projections.upward -> services.config" in done.stdout
