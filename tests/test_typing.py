"""mypy checks the web layer ([tool.mypy] in pyproject.toml) and finds no error: the views,
permissions and pages use the real types of the read side and the services, and a function
that returns an untyped value (an Any) where it promises a type is caught."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("mypy") is None:
        pytest.fail("mypy is missing: install the [test] extras (mypy)")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_web_layer_type_checks() -> None:
    done = mypy()  # the configured files: web/

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success" in done.stdout


def test_returning_an_untyped_value_as_a_typed_one_is_an_error(tmp_path: Path) -> None:
    """The configuration would catch what `# type: ignore[no-any-return]` once hid."""
    (tmp_path / "leak.py").write_text(
        "from typing import Any\n\n"
        "def built() -> Any:\n"
        "    return 1\n\n"
        "def registry() -> str:\n"
        "    return built()\n",
        encoding="utf-8",
    )

    done = mypy("--cache-dir", str(tmp_path / "cache"), str(tmp_path / "leak.py"), cwd=tmp_path)

    assert done.returncode == 1
    assert "[no-any-return]" in done.stdout
