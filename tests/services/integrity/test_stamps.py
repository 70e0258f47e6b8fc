"""Reports carry the log's tree head, so a printed figure can be checked against a checkpoint."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

from services.integrity.wiring import current_head
from services.registry import Registry


def test_a_cli_report_is_stamped_with_the_tree_head(
    sealed: Registry, sodang: Callable[..., Result]
) -> None:
    head = current_head(sealed)

    table = sodang("report", "rollup", "T01", "--as-of", "2026-11-20")
    as_json = sodang("report", "rollup", "T01", "--as-of", "2026-11-20", "--format", "json")

    stamp = f"size {head.size}, position {head.position}, root {head.root_hex}"
    assert table.exit_code == 0, table.output
    assert stamp in table.output
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["log"] == {
        "size": head.size,
        "position": head.position,
        "tree_head": head.root_hex,
    }
