"""The opening form of a dossier takes the candidate's forms' attributes (issue 14), and the
dossier's page shows them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.web.conftest import Tree
from tests.web.dossiers.test_dossiers_pages import OPEN_FORM
from tests.web.pages.conftest import Browser


@pytest.fixture
def cell_clerk(browse: Callable[..., Browser], tree: Tree) -> Browser:
    """The clerk of district 1's first cell, signed in."""
    return browse("cb01.clerk", tree.cell, "clerk")


def test_a_dossier_opened_with_the_forms_attributes_shows_them(
    cell_clerk: Browser, tree: Tree
) -> None:
    form = {
        **OPEN_FORM,
        "candidate.general_education": "upper_secondary",
        "candidate.occupation": "public_employee",
    }

    answer = cell_clerk.submit(f"/orgs/{tree.cell}/dossiers/new", form)

    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = cell_clerk.text(answer.headers["Location"])
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", page))
    assert facts["Giáo dục phổ thông"] == "Trung học phổ thông"
    assert facts["Trình độ chuyên môn"] == "Cao đẳng"  # what the education (cao đẳng) says
    assert facts["Nghề nghiệp"] == "Viên chức"
