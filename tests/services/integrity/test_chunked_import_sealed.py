"""An import larger than one chunk is sealed a chunk at a time in its one transaction, and the
log still verifies (`sodang verify`) on SQLite and PostgreSQL (issue 10 items 6 and 12)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from bench.import_files import found_province, write_file
from services.importing import import_events
from services.registry import Registry
from services.store.pg_recorder import CHUNK

LINES = 700  # each admission stores at least two events: more than one chunk


def test_an_import_stored_in_several_chunks_is_sealed_and_verifies(
    registry: Registry, sodang: Callable[..., Result], tmp_path: Path
) -> None:
    cells = found_province(registry, 4)
    before = registry.max_position()
    path = write_file(tmp_path / "file.ndjson", LINES, cells)

    report = import_events(registry, path, "import:test")

    assert report.stored == LINES
    assert registry.max_position() - before > CHUNK  # the chunked path was taken
    result = sodang("verify")
    assert result.exit_code == 0, result.output
