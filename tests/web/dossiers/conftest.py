"""Dossier fixtures: introducers on the web tree's rolls, a clerk, and the steps of a whole journey.

Builds on tests/web/conftest.py (`app`, `tree`, `make_api`, `officer`) and tests/conftest.py
(`registry`, `clock` at 2026-11-21). The web tree has a district above the grassroots
committee, so the journey is dated before 1 July 2025, when the district was still competent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.roll.profile import MemberProfile
from domain.roll.values import MemberStatus
from services.registry import Registry
from services.roll.commands import Counterpart, MemberRef, TransferIn
from tests import writes
from tests.web.conftest import Api, Tree
from tests.web.pages.conftest import PAGE_PASSWORD, Browser

DOSSIERS = "/api/v1/orgs/{}/dossiers"
DATES = {
    "open": "2023-03-01",
    "course": "2023-04-10",
    "application": "2023-05-02",
    "introducers": "2023-05-10",
    "background": "2023-06-01",
    "youth": "2023-06-05",
    "cell": "2023-06-20",
    "committee": "2023-06-27",
    "received": "2023-06-29",
    "decision": "2023-08-01",
    "ceremony": "2023-08-20",
    "review": "2024-08-26",
    "recognition": "2024-09-10",
}


def candidate(national_id: str = "001195000123", **changes: Any) -> dict[str, Any]:
    """A candidate's attributes as the opening body carries them."""
    return {
        "national_id": national_id,
        "full_name": "Lò Văn Thắng",
        "sex": "male",
        "birth_date": "1995-04-12",
        "ethnicity": "Thái",
        "religion": None,
        "education": "upper_secondary",
        "political_theory": "none",
        "youth_union": True,
        "sector": "farmer",
        **changes,
    }


def opening(national_id: str = "001195000123", on: str = DATES["open"], **body: Any) -> Any:
    """The body that puts a candidate on a cell's source list."""
    return {"on": on, "actor": "Chi bộ thôn Một", "candidate": candidate(national_id), **body}


def journey(introducers: tuple[str, str], district: str) -> list[dict[str, Any]]:
    """Every step from the course to recognition, with valid dates on the web tree."""
    votes = {"votes_for": 9, "votes_against": 0, "eligible": 10}
    return [
        {"step": "course_completed", "on": DATES["course"], "certificate_no": "CN-2023-041"},
        {"step": "application_submitted", "on": DATES["application"]},
        {
            "step": "introducers_assigned",
            "on": DATES["introducers"],
            "introducers": [{"member_id": i} for i in introducers],
        },
        {"step": "background_verified", "on": DATES["background"], "conclusion": "Đủ điều kiện"},
        {"step": "youth_union_endorsed", "on": DATES["youth"], "document_no": "05-NQ/ĐTN"},
        {"step": "cell_resolved", "on": DATES["cell"], "document_no": "06-NQ/CB", **votes},
        {
            "step": "committee_resolved",
            "on": DATES["committee"],
            "document_no": "08-NQ/ĐU",
            "votes_for": 7,
            "votes_against": 1,
            "eligible": 9,
        },
        {"step": "received", "on": DATES["received"], "actor": "Ban Tổ chức Huyện ủy"},
        {
            "step": "decided",
            "on": DATES["decision"],
            "decided_by": district,
            "document_no": "123-QĐ/HU",
        },
        {"step": "ceremony_held", "on": DATES["ceremony"], "actor": "Chi bộ thôn Một"},
        {
            "step": "probation_reviewed",
            "on": DATES["review"],
            "outcome": "recognize",
            "votes_for": 8,
            "votes_against": 1,
            "eligible": 10,
        },
        {
            "step": "recognized",
            "on": DATES["recognition"],
            "decided_by": district,
            "document_no": "9-QĐ/HU",
        },
    ]


@pytest.fixture
def introducers(
    registry: Registry, tree: Tree, make_profile: Callable[..., MemberProfile]
) -> tuple[str, str]:
    """Two official members of the committee's cells since 2010 and 2012 (member ids)."""
    found = []
    for cell, since in ((tree.cell, date(2010, 1, 1)), (tree.other_cell, date(2012, 1, 1))):
        receipt = writes.transfer_in(
            registry,
            cell,
            TransferIn(
                member=MemberRef(profile=make_profile()),
                effective_on=since,
                source=Counterpart(outside="Đảng bộ tỉnh Lai Châu"),
                status=MemberStatus.OFFICIAL,
            ),
            "test-clerk",
        )
        found.append(str(receipt.member_id))
    return found[0], found[1]


@pytest.fixture
def clerk(make_api: Callable[..., Api], tree: Tree) -> Api:
    """The clerk of district 1's first cell."""
    return make_api("cb01.clerk", tree.cell, "clerk")


@pytest.fixture
def open_dossier(officer: Api, tree: Tree) -> Callable[..., dict[str, Any]]:
    """Opens a dossier in district 1's first cell through the API; returns the answer."""

    def open_(national_id: str = "001195000123", **body: Any) -> dict[str, Any]:
        answer = officer.post(DOSSIERS.format(tree.cell), opening(national_id, **body))
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()  # type: ignore[no-any-return]

    return open_


@pytest.fixture
def record(officer: Api, tree: Tree) -> Callable[..., dict[str, Any]]:
    """Records steps of a dossier through the API (each must succeed); returns the last answer."""

    def record_(dossier_id: str, *steps: dict[str, Any], api: Api = officer) -> dict[str, Any]:
        answer: Any = None
        for step in steps:
            answer = api.post(f"{DOSSIERS.format(tree.cell)}/{dossier_id}/steps", step)
            assert answer.status_code == 201, (step, answer.get_json())
        return answer.get_json()  # type: ignore[no-any-return]

    return record_


@pytest.fixture
def browse(app: Any, users: Any) -> Callable[..., Browser]:
    """Creates a person (name, org, role) with a password and signs them in through the form."""

    def make(name: str, org: str, role: str) -> Browser:
        users.create(name, org, role, PAGE_PASSWORD)
        browser = Browser(app.test_client())
        answer = browser.login(name)
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return browser

    return make
