"""A list headed "Quần chúng" (candidates) holds only people not yet admitted: from the
ceremony on a person is a probationary member (đảng viên dự bị), and the lists say so."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import Tree
from tests.web.dossiers.conftest import journey
from tests.web.pages.conftest import Browser

Record = Callable[..., dict[str, Any]]
Open = Callable[..., dict[str, Any]]
CEREMONY = 10  # the steps up to the ceremony: the candidate is then a probationary member


@pytest.fixture
def district_officer(browse: Callable[..., Browser], tree: Tree) -> Browser:
    """An officer of district 1, signed in."""
    return browse("h01.canbo", tree.district, "officer")


def person_column(page: str) -> list[str]:
    """The first column's heading of each table on the page."""
    return re.findall(r'<thead><tr><th scope="col">([^<]*)</th>', page)


def test_the_list_of_a_probation_stage_is_headed_probationary_members_not_candidates(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    record(open_dossier()["id"], *journey(introducers, tree.district)[:CEREMONY])
    open_dossier("001195000124")

    probation = district_officer.text(f"/orgs/{tree.committee}/dossiers", stage="probation")
    waiting = district_officer.text(f"/orgs/{tree.committee}/dossiers", stage="source_list")

    assert "Lò Văn Thắng" in probation
    assert person_column(probation)[0] == "Đảng viên dự bị"
    assert "Quần chúng" not in person_column(probation)
    assert person_column(waiting)[0] == "Quần chúng"


def test_the_deadlines_list_mixing_both_names_people_without_calling_them_candidates(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    record(open_dossier()["id"], *journey(introducers, tree.district)[:CEREMONY])

    page = district_officer.text(f"/orgs/{tree.district}/dossiers/deadlines", as_of="2024-12-01")

    assert "Lò Văn Thắng" in page
    assert "Quần chúng" not in person_column(page)
    assert set(person_column(page)) == {"Họ và tên"}


def test_the_dossier_page_calls_an_admitted_person_a_probationary_member(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    admitted = open_dossier()["id"]
    record(admitted, *journey(introducers, tree.district)[:CEREMONY])
    candidate = open_dossier("001195000124")["id"]

    admitted_page = district_officer.text(f"/orgs/{tree.committee}/dossiers/{admitted}")
    candidate_page = district_officer.text(f"/orgs/{tree.committee}/dossiers/{candidate}")

    assert "<h2>Đảng viên dự bị</h2>" in admitted_page
    assert "Quần chúng ưu tú" not in admitted_page
    assert "<h2>Quần chúng ưu tú</h2>" in candidate_page
