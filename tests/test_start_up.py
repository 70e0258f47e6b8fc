"""What a web worker and a `sodang` command load when they start: the spreadsheet and PDF
writers (openpyxl; fpdf2 with fontTools, Pillow and NumPy) wait until a file is first written
or read, since every worker and every command imports their modules and few write a file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITERS = ("openpyxl", "fpdf", "fontTools", "PIL", "numpy")

PROBE = """
import json, sys
from services.cli import main  # noqa: F401  (the console script's module)
from web import create_app
create_app({"TESTING": True, "SODANG_SETTINGS": None})
import services.reports.approved, services.reports.verification, web.exports  # noqa: E401,F401
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_at_start() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_app_and_the_command_line_start_without_the_file_writers() -> None:
    loaded = loaded_at_start()

    assert "flask" in loaded and "services" in loaded  # the probe did build the app
    assert loaded.isdisjoint(WRITERS), sorted(loaded & set(WRITERS))
