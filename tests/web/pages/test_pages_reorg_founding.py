"""The reorganization pages beyond one receiver: several organizations merged at once, a
successor founded by the decision, and the split form assigning each cell and member. The
figures are the command line's; a preview stores nothing; a taken code and a successor under
a parent the officer may not write are refused with nothing stored (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind
from services.registry import Registry
from tests import writes
from tests.services.structure.conftest import admit
from tests.web.conftest import Api, Tree

FORM = "/orgs/{}/reorganize"
SPLIT = "/orgs/{}/reorganize/split"
DECISION = {"on": "01/07/2025", "decision_no": "12-QĐ/TU", "decision_on": "20/06/2025"}
NEW = "T01.H01.DU01.CB07"
NEW_NAME = "Chi bộ thôn Hợp Nhất"
FIRST = "001190000001"  # the first member admitted in the first cell


def totals(node: dict[str, Any]) -> dict[str, int]:
    found = {node["code"]: node["total"]}
    for child in node["children"]:
        found.update(totals(child))
    return found


def rollup(make_api: Callable[..., Api], tree: Tree, code: str) -> dict[str, int]:
    reader = make_api("tinh.theodoi", tree.province, "oversight")
    return totals(reader.get(f"/api/v1/orgs/{code}/rollup").get_json())


def founding(tree: Tree) -> dict[str, Any]:
    """The first cell and the other cell merged into a cell the decision founds."""
    return {
        "kind": "merge",
        "sources": [tree.other_cell],
        "new_code": NEW,
        "new_name": NEW_NAME,
        **DECISION,
    }


def test_a_merge_into_a_founded_successor_is_previewed_then_stored_as_the_cli_would(
    browse: Callable[..., Any],
    make_api: Callable[..., Api],
    peopled: Tree,
    registry: Registry,
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    before = registry.max_position()

    tried = officer.submit(FORM.format(peopled.cell), founding(peopled))

    page = tried.get_data(as_text=True)
    assert tried.status_code == 200, page
    assert registry.max_position() == before
    assert f"{NEW_NAME} <small>({NEW})</small>" in page
    assert page.count("Nguyễn Văn Thử") == 5
    assert "trước 5 = sau 5" in " ".join(page.split())
    stored = officer.submit(FORM.format(peopled.cell), {**founding(peopled), "step": "store"})
    assert stored.status_code == 302, stored.get_data(as_text=True)
    # the same figures as `sodang reorg merge ... --name` (tests/web/api/test_api_reorg_founding.py)
    assert rollup(make_api, peopled, peopled.district) == {
        peopled.district: 5,
        peopled.committee: 5,
        NEW: 5,
    }


def test_several_organizations_are_merged_into_an_existing_one_at_once(
    browse: Callable[..., Any],
    make_api: Callable[..., Api],
    peopled: Tree,
    registry: Registry,
    make_profile: Callable[..., MemberProfile],
) -> None:
    third = "T01.H01.DU01.CB03"
    writes.found_organization(
        registry, third, "Chi bộ thôn Ba", OrgKind.CELL, peopled.committee, date(2000, 1, 1), "t"
    )
    admit(registry, third, make_profile(), date(2023, 3, 2))
    officer = browse("h01.officer", peopled.district, "officer")
    merger = {"kind": "merge", "target": peopled.other_cell, "sources": [third], **DECISION}

    form = officer.text(FORM.format(peopled.cell))
    answer = officer.submit(FORM.format(peopled.cell), {**merger, "step": "store"})

    assert 'name="sources" multiple' in form
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert rollup(make_api, peopled, peopled.committee) == {
        peopled.committee: 6,
        peopled.other_cell: 6,
    }


def split_form(registry: Registry, tree: Tree) -> dict[str, str]:
    """The first member to district 2's cell, the rest to the other cell."""
    first = registry.ids.member(FIRST)
    return {**DECISION, f"member:{first}": tree.cell2, "default": tree.other_cell}


def test_the_split_page_gives_the_command_lines_figures(
    browse: Callable[..., Any],
    make_api: Callable[..., Api],
    peopled: Tree,
    registry: Registry,
) -> None:
    officer = browse("tinh.officer", peopled.province, "officer")
    before = registry.max_position()

    form = officer.text(SPLIT.format(peopled.cell))
    tried = officer.submit(SPLIT.format(peopled.cell), split_form(registry, peopled))
    assert registry.max_position() == before
    stored = officer.submit(
        SPLIT.format(peopled.cell), {**split_form(registry, peopled), "step": "store"}
    )

    assert form.count('name="member:') == 3
    page = tried.get_data(as_text=True)
    assert tried.status_code == 200, page
    assert "trước 6 = sau 6" in " ".join(page.split())
    # receivers by their names, the code small beside them
    assert f"Chi bộ thôn Hai <small>({peopled.other_cell})</small>" in page
    assert stored.status_code == 302, stored.get_data(as_text=True)
    # the same figures as `sodang reorg split` (tests/web/api/test_api_reorg_founding.py)
    found = rollup(make_api, peopled, peopled.province)
    assert {k: v for k, v in found.items() if k != peopled.province} == {
        peopled.district: 4,
        peopled.committee: 4,
        peopled.other_cell: 4,
        peopled.district2: 2,
        peopled.committee2: 2,
        peopled.cell2: 2,
    }


def test_the_split_page_founds_successors_and_previews_them(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    first = registry.ids.member(FIRST)
    data = {
        **DECISION,
        "new_code_1": NEW,
        "new_name_1": "Chi bộ thôn Bắc",
        f"member:{first}": peopled.other_cell,
        "default": "new:1",
    }
    before = registry.max_position()

    tried = officer.submit(SPLIT.format(peopled.cell), data)
    assert registry.max_position() == before
    stored = officer.submit(SPLIT.format(peopled.cell), {**data, "step": "store"})

    assert "Chi bộ thôn Bắc <small>(" in tried.get_data(as_text=True)
    assert stored.status_code == 302, stored.get_data(as_text=True)
    assert registry.get_organization(NEW).name == "Chi bộ thôn Bắc"
    assert len(registry.get_organization(NEW).roll_after_reorganization(date(2025, 7, 1))) == 2


@pytest.mark.parametrize("path", [FORM, SPLIT])
def test_a_taken_code_is_refused_and_nothing_is_stored(
    browse: Callable[..., Any], peopled: Tree, registry: Registry, path: str
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    before = registry.max_position()
    if path == FORM:
        data = {**founding(peopled), "sources": [], "new_code": peopled.other_cell}
    else:
        data = {**DECISION, "new_code_1": peopled.cell2, "new_name_1": "X", "default": "new:1"}

    for step in ("preview", "store"):
        answer = officer.submit(path.format(peopled.cell), {**data, "step": step})
        assert answer.status_code == 422
        assert 'data-rule="code_taken"' in answer.get_data(as_text=True)
    assert registry.max_position() == before


def test_a_successor_under_a_parent_the_officer_may_not_write_is_refused(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    # a commune's officer merging their commune: the successor would sit under the district
    officer = browse("du01.officer", peopled.committee, "officer")
    before = registry.max_position()
    data = {"kind": "merge", "new_code": "T01.H01.DU07", "new_name": "Đảng bộ xã Mới", **DECISION}

    answer = officer.submit(FORM.format(peopled.committee), {**data, "step": "store"})

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422, page
    assert "Tổ chức mới trực thuộc cấp trên mà bạn không được ghi." in page
    assert peopled.district not in page.replace("T01.H01.DU", "")
    assert registry.max_position() == before


def test_a_foreign_officer_reaches_no_split_form(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    stranger = browse("h02.officer", peopled.district2, "officer")
    before = registry.max_position()

    form = stranger.get(SPLIT.format(peopled.cell))
    token = stranger.hidden(SPLIT.format(peopled.cell2))["csrf_token"]
    data = {**split_form(registry, peopled), "csrf_token": token, "step": "store"}
    posted = stranger.client.post(SPLIT.format(peopled.cell), data=data)
    # their own cell split towards district 1's: refused as a receiver they may not pick
    into = stranger.submit(
        SPLIT.format(peopled.cell2), {**DECISION, "default": peopled.other_cell, "step": "store"}
    )

    assert (form.status_code, posted.status_code, into.status_code) == (404, 404, 422)
    assert peopled.other_cell not in into.get_data(as_text=True)
    assert registry.max_position() == before
