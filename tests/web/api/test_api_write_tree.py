"""A write's access check takes the organization tree the worker keeps when the request's
positions show it is the latest, and reads the tree again when the structure has changed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from domain.roll.values import OrgKind
from projections.queries import Queries
from services.registry import Registry
from tests import writes
from tests.web.conftest import Api, Tree, admission
from web import extensions

EVENTS = "/api/v1/orgs/{}/events"


def counted_tree_reads(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    with app.app_context():
        queries = extensions.get_queries()
    reads: list[int] = []
    original = Queries.tree

    def tree(self: Queries) -> Any:
        reads.append(1)
        return original(self)

    monkeypatch.setattr(queries, "tree", tree.__get__(queries))
    return reads


def test_a_write_under_an_unchanged_structure_reads_no_tree_of_its_own(
    app: Flask, officer: Api, tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = officer.post(EVENTS.format(tree.cell), admission("001190000001"))
    reads = counted_tree_reads(app, monkeypatch)

    second = officer.post(EVENTS.format(tree.cell), admission("001190000002"))

    assert (first.status_code, second.status_code) == (201, 201)
    assert reads == []


def test_a_cell_founded_elsewhere_since_the_last_write_takes_writes_at_once(
    app: Flask, officer: Api, tree: Tree, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert officer.post(EVENTS.format(tree.cell), admission("001190000001")).status_code == 201
    reads = counted_tree_reads(app, monkeypatch)
    # Another process founds a cell: this worker's kept tree is no longer the latest.
    new_cell = f"{tree.committee}.CB07"
    writes.found_organization(
        registry, new_cell, "Chi bộ thôn Bảy", OrgKind.CELL, tree.committee, date(2020, 1, 1), "x"
    )

    answer = officer.post(EVENTS.format(new_cell), admission("001190000002"))

    assert answer.status_code == 201, answer.get_json()
    assert reads == [1]


def test_a_cell_founded_in_another_district_stays_hidden_from_a_write(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    assert officer.post(EVENTS.format(tree.cell), admission("001190000001")).status_code == 201
    other = f"{tree.committee2}.CB07"
    writes.found_organization(
        registry, other, "Chi bộ thôn Bảy", OrgKind.CELL, tree.committee2, date(2020, 1, 1), "x"
    )

    answer = officer.post(EVENTS.format(other), admission("001190000002"))

    assert answer.status_code == 404
