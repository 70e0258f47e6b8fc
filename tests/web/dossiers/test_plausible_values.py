"""Implausible dossier dates are refused by a named rule; a settings PUT that changes nothing stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.registry import Registry
from tests.web.conftest import Api, Tree
from tests.web.dossiers.conftest import DOSSIERS, opening

Open = Callable[..., dict[str, Any]]


def stored_events(registry: Registry) -> int:
    """Every event in the log (counted, not the last position: PostgreSQL ids have gaps)."""
    return len(registry.recorder.select_notifications(start=1, limit=10**6))


@pytest.mark.parametrize(
    ("on", "birth_date", "rule"),
    [
        ("0001-01-01", "1995-04-12", "implausible_date"),
        ("1899-12-31", "1995-04-12", "implausible_date"),
        ("1994-06-01", "1995-04-12", "date_before_birth"),
        ("1999-12-31", "1975-04-12", "date_before_cell_founded"),  # the cell: 1 January 2000
    ],
    ids=["year_0001", "before_1900", "before_birth", "before_the_cell"],
)
def test_an_implausible_opening_date_is_refused_and_stores_nothing(
    officer: Api, tree: Tree, registry: Registry, on: str, birth_date: str, rule: str
) -> None:
    body = opening(on=on)
    body["candidate"]["birth_date"] = birth_date
    before = stored_events(registry)

    answer = officer.post(DOSSIERS.format(tree.cell), body)

    assert answer.status_code == 409, answer.get_json()
    assert answer.get_json()["code"] == rule
    assert stored_events(registry) == before


@pytest.mark.parametrize(
    ("on", "rule"),
    [("0001-01-01", "implausible_date"), ("1990-01-01", "date_before_birth")],
    ids=["year_0001", "before_birth"],
)
def test_an_implausible_step_date_is_refused_and_stores_nothing(
    officer: Api, tree: Tree, registry: Registry, open_dossier: Open, on: str, rule: str
) -> None:
    dossier_id = open_dossier()["id"]  # candidate born 1995-04-12
    before = stored_events(registry)

    answer = officer.post(
        f"{DOSSIERS.format(tree.cell)}/{dossier_id}/steps",
        {"step": "course_completed", "on": on, "certificate_no": "CN-0001"},
    )

    assert answer.status_code == 409, answer.get_json()
    assert answer.get_json()["code"] == rule
    assert stored_events(registry) == before


def test_a_course_before_a_new_cell_was_founded_is_accepted(
    officer: Api, tree: Tree, open_dossier: Open
) -> None:
    dossier_id = open_dossier()["id"]  # the cell was founded on 1 January 2000

    answer = officer.post(
        f"{DOSSIERS.format(tree.cell)}/{dossier_id}/steps",
        {"step": "course_completed", "on": "2023-02-10", "certificate_no": "CN-2023-001"},
    )

    assert answer.status_code == 201, answer.get_json()


def test_a_settings_put_that_changes_nothing_stores_nothing(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    path = f"{DOSSIERS.format(tree.committee)}/settings"
    body = {"service_target_days": 20, "certificate_years": 3, "document_no": "QT-TC.07"}
    first = officer.put(path, body)
    after_first = stored_events(registry)

    again = officer.put(path, body)
    same_values_other_document = officer.put(path, {**body, "document_no": "QT-TC.08"})

    assert first.status_code == again.status_code == same_values_other_document.status_code == 200
    assert again.get_json() == first.get_json()
    assert stored_events(registry) == after_first


def test_only_the_setting_that_changed_is_stored(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    path = f"{DOSSIERS.format(tree.committee)}/settings"
    officer.put(path, {"service_target_days": 20, "certificate_years": 3})
    before = stored_events(registry)

    answer = officer.put(path, {"service_target_days": 25, "certificate_years": 3})

    assert answer.status_code == 200
    assert answer.get_json()["service_target"]["days"] == 25
    assert stored_events(registry) == before + 1


def test_clearing_settings_that_were_never_set_stores_nothing(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    before = stored_events(registry)

    answer = officer.put(
        f"{DOSSIERS.format(tree.committee)}/settings",
        {"service_target_days": None, "certificate_years": None},
    )

    assert answer.status_code == 200, answer.get_json()
    assert stored_events(registry) == before
