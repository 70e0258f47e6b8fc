"""Successors founded by the decision itself, through the API: the same figures as
`sodang reorg merge --name` and `sodang reorg split`, a founded code must be free, and the
writer must be able to write the parent it is founded under (404 naming nothing otherwise),
with nothing stored by a preview or a refusal (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from services.cli import reorg_cmd
from services.registry import Registry
from tests.web.conftest import Api, Tree

PATH = "/api/v1/orgs/{}/reorganizations"
ROLLUP = "/api/v1/orgs/{}/rollup"
DECISION = {"on": "2025-07-01", "decision_no": "12-QĐ/TU", "decided_by": "T01"}
NEW = "T01.H01.DU01.CB07"
NEW_NAME = "Chi bộ thôn Hợp Nhất"
FIRST = "001190000001"  # the first member admitted in the first cell


def founding_merger(tree: Tree, code: str = NEW) -> dict[str, Any]:
    """The first cell and the other cell merged into a cell the decision founds."""
    return {
        "kind": "merge",
        "sources": [tree.other_cell],
        "into": [code],
        "found": [{"code": code, "name": NEW_NAME}],
        **DECISION,
    }


def totals(node: dict[str, Any]) -> dict[str, int]:
    found = {node["code"]: node["total"]}
    for child in node["children"]:
        found.update(totals(child))
    return found


def run_cli(registry: Registry, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # The command's own code on the test's registry: the same clock as the app's reads.
    monkeypatch.setattr(reorg_cmd, "registry", lambda: registry)
    args += ["--on", "2025-07-01", "--decision-no", "12-QĐ/TU", "--decided-by", "T01"]
    result = CliRunner().invoke(reorg_cmd.command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", ["cli", "api"])
def test_a_merge_into_a_founded_successor_gives_the_command_lines_figures(
    path: str,
    peopled: Tree,
    province_officer: Api,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = peopled
    if path == "cli":
        args = ["merge", tree.cell, tree.other_cell, "--into", NEW, "--name", NEW_NAME]
        run_cli(registry, monkeypatch, [*args, "--kind", "cell", "--parent", tree.committee])
    else:
        answer = province_officer.post(PATH.format(tree.cell), founding_merger(tree))
        body = answer.get_json()
        assert answer.status_code == 200, body
        assert (body["founded"], body["ended"], body["carried"]) == (
            [NEW],
            [tree.cell, tree.other_cell],
            {NEW: 5},
        )
        assert (body["conservation"]["before"], body["conservation"]["after"]) == (5, 5)

    rollup = province_officer.get(ROLLUP.format(tree.district)).get_json()
    org = province_officer.get(f"/api/v1/orgs/{NEW}").get_json()

    assert totals(rollup) == {tree.district: 5, tree.committee: 5, NEW: 5}
    assert org["name"] == NEW_NAME


@pytest.mark.parametrize("path", ["cli", "api"])
def test_a_split_gives_the_command_lines_figures(
    path: str,
    peopled: Tree,
    province_officer: Api,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    tree = peopled
    if path == "cli":
        assignment = tmp_path / "members.csv"
        assignment.write_text(f"{FIRST},{tree.cell2}\n", encoding="utf-8")
        args = ["split", tree.cell, "--into", tree.other_cell, "--into", tree.cell2]
        args += ["--members", str(assignment), "--default", tree.other_cell]
        run_cli(registry, monkeypatch, args)
    else:
        split = {
            "kind": "split",
            "into": [tree.other_cell, tree.cell2],
            "members": {FIRST: tree.cell2},
            "default": tree.other_cell,
            **DECISION,
        }
        answer = province_officer.post(PATH.format(tree.cell), split)
        assert answer.status_code == 200, answer.get_json()

    rollup = province_officer.get(ROLLUP.format(tree.province)).get_json()

    assert {k: v for k, v in totals(rollup).items() if k != tree.province} == {
        tree.district: 4,
        tree.committee: 4,
        tree.other_cell: 4,
        tree.district2: 2,
        tree.committee2: 2,
        tree.cell2: 2,
    }


def test_a_preview_shows_the_founded_successor_and_stores_nothing(
    peopled: Tree, province_officer: Api, registry: Registry
) -> None:
    before = registry.max_position()

    answer = province_officer.post(
        PATH.format(peopled.cell) + "?preview=true", founding_merger(peopled)
    )

    body = answer.get_json()
    assert answer.status_code == 200, body
    assert (body["stored"], body["founded"], body["carried"]) == (False, [NEW], {NEW: 5})
    assert {m["to"] for m in body["members"]} == {NEW}
    assert body["conservation"]["balanced"] is True
    assert registry.max_position() == before
    assert province_officer.get(f"/api/v1/orgs/{NEW}").status_code == 404


def test_a_split_founds_successors_under_the_same_parent(
    peopled: Tree, province_officer: Api
) -> None:
    second = "T01.H01.DU01.CB08"
    split = {
        "kind": "split",
        "into": [NEW, second],
        "found": [{"code": NEW, "name": "Chi bộ thôn Bắc"}, {"code": second, "name": "Nam"}],
        "members": {FIRST: second},
        "default": NEW,
        **DECISION,
    }

    answer = province_officer.post(PATH.format(peopled.cell), split)

    body = answer.get_json()
    assert answer.status_code == 200, body
    assert (body["founded"], body["carried"]) == ([NEW, second], {NEW: 2, second: 1})
    rollup = province_officer.get(ROLLUP.format(peopled.committee)).get_json()
    assert totals(rollup) == {peopled.committee: 5, peopled.other_cell: 2, NEW: 2, second: 1}


@pytest.mark.parametrize("query", ["?preview=true", ""])
def test_a_successor_under_a_foreign_parent_is_refused_naming_nothing(
    peopled: Tree, make_api: Callable[..., Api], registry: Registry, query: str
) -> None:
    stranger = make_api("h02.canbo", peopled.district2, "officer")
    before = registry.max_position()
    # their own cell merged into a cell founded under district 1's committee
    merger = {
        "kind": "merge",
        "into": [NEW],
        "found": [{"code": NEW, "name": NEW_NAME, "parent": peopled.committee}],
        **DECISION,
    }

    answer = stranger.post(PATH.format(peopled.cell2) + query, merger)

    text = answer.get_data(as_text=True)
    assert answer.status_code == 404, text
    assert peopled.committee not in text and NEW not in text
    assert registry.max_position() == before


@pytest.mark.parametrize("query", ["?preview=true", ""])
def test_a_taken_code_is_refused_and_nothing_is_stored(
    peopled: Tree, make_api: Callable[..., Api], registry: Registry, query: str
) -> None:
    stranger = make_api("h02.canbo", peopled.district2, "officer")
    before = registry.max_position()
    # a code of their own subtree, and one taken in district 1 which they cannot see
    for taken in (peopled.committee2 + ".CB01", peopled.other_cell):
        merger = {
            "kind": "merge",
            "into": [taken],
            "found": [{"code": taken, "name": NEW_NAME}],
            **DECISION,
        }
        answer = stranger.post(PATH.format(peopled.cell2) + query, merger)
        body = answer.get_json()
        assert (answer.status_code, body["code"]) == (409, "code_taken"), body
        assert peopled.district not in answer.get_data(as_text=True).replace(taken, "")
    assert registry.max_position() == before


def test_a_founded_successor_outside_the_successors_is_refused_as_invalid(
    peopled: Tree, province_officer: Api
) -> None:
    body = {**founding_merger(peopled), "into": [peopled.other_cell], "sources": []}

    answer = province_officer.post(PATH.format(peopled.cell), body)

    assert answer.status_code == 422
