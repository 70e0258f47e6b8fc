"""Figures never silently stale: an answer from a projection behind the log says so, or waits.

A writer killed after its commit but before the projections caught up is simulated by a
registry without projections attached: its saves reach the log and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes
from tests.web.conftest import Api, Tree


@pytest.fixture
def killed_writer(settings: Settings, clock: Any) -> Iterator[Registry]:
    """Saves events and dies before any catch-up: no projections attached."""
    writer = Registry(settings, clock=clock)
    yield writer
    writer.close()


def admit_unseen(writer: Registry, cell: str, make_profile: Any, count: int) -> None:
    for _ in range(count):
        command = Admit(
            MemberRef(profile=make_profile()),
            date(2026, 3, 2),
            Decision("7-QĐ/HU", date(2026, 2, 1), "T01.H01"),
        )
        writes.admit(writer, cell, command, "import:killed")


def test_an_answer_from_a_projection_behind_the_log_says_it_is_behind(
    app: Flask, officer: Api, tree: Tree, killed_writer: Registry, make_profile: Any
) -> None:
    app.config["SODANG_FRESHNESS_WAIT"] = 0  # a reader that does not wait
    admit_unseen(killed_writer, tree.cell, make_profile, 3)
    head = killed_writer.max_position()

    answer = officer.get(f"/api/v1/orgs/{tree.cell}/roll")

    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 0  # the figures do not hold the three admissions yet...
    assert body["lagging"] is True  # ...and the answer says so, with both positions
    assert body["log_position"] == head
    assert body["position"] < head
    assert answer.headers["X-Sodang-Lagging"] == "true"
    assert answer.headers["X-Sodang-Log-Position"] == str(head)


def test_a_reader_waits_for_the_projections_to_catch_up_and_answers_current(
    officer: Api, tree: Tree, killed_writer: Registry, make_profile: Any
) -> None:
    admit_unseen(killed_writer, tree.cell, make_profile, 3)
    head = killed_writer.max_position()

    answer = officer.get(f"/api/v1/orgs/{tree.committee}/rollup")

    assert answer.get_json()["total"] == 3
    assert "lagging" not in answer.get_json()  # a current answer keeps its documented shape
    assert answer.headers["X-Sodang-Position"] == str(head)
    assert answer.headers["X-Sodang-Log-Position"] == str(head)
    assert answer.headers["X-Sodang-Lagging"] == "false"


def test_answers_not_read_from_the_projections_carry_no_position(officer: Api, tree: Tree) -> None:
    answer = officer.get("/api/v1/me")

    assert answer.status_code == 200
    assert "X-Sodang-Position" not in answer.headers
    assert "position" not in answer.get_json()
