"""The pages explain a refusal without another district's places, dates or people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from services.registry import Registry
from tests.web.conftest import Tree
from tests.web.pages.conftest import Browser

PERSON = "001199000777"
ADMITTED_ON = date(2023, 3, 2)
FOREIGN_NAMES = ("Chi bộ thôn Ba", "Đảng bộ xã Bình", "Đảng bộ huyện Hai")
OPEN_FORM = {
    "on": "2026-03-02",
    "actor": "Chi bộ thôn Một",
    "candidate.national_id": PERSON,
    "candidate.full_name": "Quàng Thị Hoa",
    "candidate.sex": "female",
    "candidate.birth_date": "1999-08-20",
    "candidate.ethnicity": "Thái",
    "candidate.religion": "",
    "candidate.education": "college",
    "candidate.political_theory": "none",
    "candidate.youth_union": "on",
    "candidate.sector": "public_service",
}


@pytest.fixture
def on_district_2(tree: Tree, admit: Callable[..., Any], make_profile: Callable[..., Any]) -> Any:
    """The person admitted to district 2's cell on 2 March 2023."""
    return admit(tree.cell2, make_profile(national_id=PERSON), ADMITTED_ON)


def foreign_facts(tree: Tree) -> list[str]:
    days = [ADMITTED_ON.isoformat(), ADMITTED_ON.strftime("%d/%m/%Y")]
    return [tree.district2, tree.committee2, tree.cell2, *FOREIGN_NAMES, *days]


def leaked(page: str, facts: list[str]) -> list[str]:
    return [fact for fact in facts if fact in page]


def test_the_admission_form_refuses_a_member_of_another_district_in_general_terms(
    browse: Callable[..., Browser],
    tree: Tree,
    registry: Registry,
    on_district_2: Any,
    admission_form: Callable[..., dict[str, str]],
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    clerk.get("/lang/en")  # the domain's own message is shown on English pages only
    position = registry.max_position()

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", admission_form(PERSON))

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "on_two_rolls" in page and "already on the roll of another organization" in page
    assert leaked(page, foreign_facts(tree)) == []
    assert registry.max_position() == position


def test_the_province_reads_the_refusal_with_its_date(
    browse: Callable[..., Browser],
    tree: Tree,
    on_district_2: Any,
    admission_form: Callable[..., dict[str, str]],
) -> None:
    officer = browse("t01.officer", tree.province, "officer")
    officer.get("/lang/en")  # the domain's own message is shown on English pages only

    answer = officer.submit(f"/orgs/{tree.cell}/events/new?type=admitted", admission_form(PERSON))

    assert f"since {ADMITTED_ON.isoformat()}" in answer.get_data(as_text=True)


def test_the_dossier_form_names_no_cell_of_another_district(
    browse: Callable[..., Browser], tree: Tree, on_district_2: Any
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")

    answer = clerk.submit(f"/orgs/{tree.cell}/dossiers/new", OPEN_FORM)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "already_member" in page
    assert leaked(page, foreign_facts(tree)) == []
