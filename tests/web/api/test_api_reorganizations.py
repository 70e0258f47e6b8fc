"""Reorganization decisions through the API: previewed without storing, stored whole, refused
as the command line refuses them, and only inside the officer's subtree (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

from services.cli import reorg_cmd
from services.registry import Registry
from tests.web.conftest import Api, Tree

PATH = "/api/v1/orgs/{}/reorganizations"
ROLLUP = "/api/v1/orgs/{}/rollup"
DECISION = {"on": "2025-07-01", "decision_no": "12-QĐ/TU", "decided_by": "T01"}


def merger(tree: Tree) -> dict[str, Any]:
    return {"kind": "merge", "into": [tree.other_cell], **DECISION}


def totals(node: dict[str, Any]) -> dict[str, int]:
    found = {node["code"]: node["total"]}
    for child in node["children"]:
        found.update(totals(child))
    return found


@pytest.mark.parametrize("path", ["cli", "api"])
def test_a_merge_gives_the_same_rollup_through_the_api_as_from_the_command_line(
    path: str,
    peopled: Tree,
    province_officer: Api,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = peopled
    if path == "cli":
        # The command's own code on the test's registry: the same clock as the app's reads.
        monkeypatch.setattr(reorg_cmd, "registry", lambda: registry)
        args = ["merge", tree.cell, "--into", tree.other_cell, "--on", "2025-07-01"]
        args += ["--decision-no", "12-QĐ/TU", "--decided-by", "T01"]
        result = CliRunner().invoke(reorg_cmd.command, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    else:
        answer = province_officer.post(PATH.format(tree.cell), merger(tree))
        body = answer.get_json()
        assert answer.status_code == 200, body
        assert (body["stored"], body["ended"], body["carried"]) == (
            True,
            [tree.cell],
            {tree.other_cell: 3},
        )
        assert (body["conservation"]["before"], body["conservation"]["after"]) == (5, 5)

    rollup = province_officer.get(ROLLUP.format(tree.district)).get_json()

    assert totals(rollup) == {tree.district: 5, tree.committee: 5, tree.other_cell: 5}


def test_a_preview_shows_each_member_carried_and_stores_nothing(
    peopled: Tree, province_officer: Api, registry: Registry
) -> None:
    before = registry.max_position()

    answer = province_officer.post(PATH.format(peopled.cell) + "?preview=true", merger(peopled))

    body = answer.get_json()
    assert answer.status_code == 200, body
    assert registry.max_position() == before
    assert body["stored"] is False
    assert [(m["from"], m["to"]) for m in body["members"]] == [
        (peopled.cell, peopled.other_cell)
    ] * 3
    assert all(m["full_name"].startswith("Nguyễn Văn Thử") for m in body["members"])
    assert body["conservation"] == {
        "scope": [peopled.committee],
        "before": 5,
        "after": 5,
        "lost": 0,
        "gained": 0,
        "on_two_rolls": 0,
        "balanced": True,
    }
    rollup = province_officer.get(ROLLUP.format(peopled.committee)).get_json()
    assert totals(rollup)[peopled.cell] == 3  # still where it was


def test_a_preview_of_a_move_lists_the_cell_and_its_new_parent(
    peopled: Tree, province_officer: Api, registry: Registry
) -> None:
    before = registry.max_position()
    body = {"kind": "move", "to": peopled.committee2, **DECISION}

    answer = province_officer.post(PATH.format(peopled.cell) + "?preview=true", body)

    found = answer.get_json()
    assert answer.status_code == 200, found
    assert found["moved"] == [
        {"code": peopled.cell, "from": peopled.committee, "to": peopled.committee2}
    ]
    assert (found["conservation"]["before"], found["conservation"]["after"]) == (6, 6)
    assert found["conservation"]["scope"] == [peopled.province]
    assert registry.max_position() == before


def test_a_refused_decision_names_the_command_lines_rule_and_stores_nothing(
    peopled: Tree, province_officer: Api, registry: Registry
) -> None:
    before = registry.max_position()
    dissolution = {"kind": "dissolve", **DECISION}

    for query in ("?preview=true", ""):
        answer = province_officer.post(PATH.format(peopled.cell) + query, dissolution)
        assert answer.status_code == 409
        assert answer.get_json()["code"] == "roll_not_empty"
    assert registry.max_position() == before


@pytest.mark.parametrize("query", ["?preview=true", ""])
def test_a_foreign_officer_is_told_nothing_and_nothing_is_stored(
    peopled: Tree, make_api: Callable[..., Api], registry: Registry, query: str
) -> None:
    stranger = make_api("h02.canbo", peopled.district2, "officer")
    before = registry.max_position()

    foreign = stranger.post(PATH.format(peopled.cell) + query, merger(peopled))
    unknown = stranger.post(PATH.format("T01.H09") + query, merger(peopled))
    # their own cell merged into a foreign one: the receiver is written too
    into_foreign = stranger.post(PATH.format(peopled.cell2) + query, merger(peopled))

    assert foreign.status_code == unknown.status_code == into_foreign.status_code == 404
    assert foreign.get_json()["message"] == unknown.get_json()["message"].replace(
        "T01.H09", peopled.cell
    )
    assert peopled.other_cell not in into_foreign.get_data(as_text=True)
    assert registry.max_position() == before


def test_only_an_officer_records_a_reorganization(
    peopled: Tree, make_api: Callable[..., Api], registry: Registry
) -> None:
    clerk = make_api("h01.vanthu", peopled.district, "clerk")
    before = registry.max_position()

    answer = clerk.post(PATH.format(peopled.cell), merger(peopled))

    assert answer.status_code == 403
    assert registry.max_position() == before


def test_a_kind_without_its_fields_is_refused_as_invalid(
    peopled: Tree, province_officer: Api
) -> None:
    answer = province_officer.post(PATH.format(peopled.cell), {"kind": "rename", **DECISION})

    assert answer.status_code == 422
    assert "name" in answer.get_json()["message"]


def test_a_split_carries_the_members_as_assigned_and_the_rest_by_default(
    peopled: Tree, province_officer: Api, registry: Registry
) -> None:
    split = {
        "kind": "split",
        "into": [peopled.other_cell, peopled.cell2],
        "members": {"001190000001": peopled.cell2},
        "default": peopled.other_cell,
        **DECISION,
    }
    before = registry.max_position()

    tried = province_officer.post(PATH.format(peopled.cell) + "?preview=true", split)
    assert registry.max_position() == before
    stored = province_officer.post(PATH.format(peopled.cell), split)

    for answer in (tried, stored):
        body = answer.get_json()
        assert answer.status_code == 200, body
        assert body["ended"] == [peopled.cell]
        assert body["carried"] == {peopled.cell2: 1, peopled.other_cell: 2}
        assert body["conservation"]["before"] == body["conservation"]["after"] == 6
        assert body["conservation"]["scope"] == [peopled.province]
    moved = [(m["national_id"], m["to"]) for m in tried.get_json()["members"]]
    assert ("001190000001", peopled.cell2) in moved
    assert registry.max_position() > before
