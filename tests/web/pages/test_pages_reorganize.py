"""The reorganization pages: a form, a preview that stores nothing and lists each member and
cell moved with before = after, a confirmation that stores the decision whole; refusals as
the command line's, and nothing outside the officer's subtree (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.registry import Registry
from tests.web.conftest import Api, Tree

FORM = "/orgs/{}/reorganize"
DECISION = {"on": "01/07/2025", "decision_no": "12-QĐ/TU", "decision_on": "20/06/2025"}


def merger(tree: Tree) -> dict[str, str]:
    return {"kind": "merge", "target": tree.other_cell, **DECISION}


def totals(node: dict[str, Any]) -> dict[str, int]:
    found = {node["code"]: node["total"]}
    for child in node["children"]:
        found.update(totals(child))
    return found


def test_the_organization_page_offers_the_form_to_an_officer(
    browse: Callable[..., Any], peopled: Tree
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")

    page = officer.text(f"/orgs/{peopled.cell}")
    form = officer.text(FORM.format(peopled.cell))

    assert FORM.format(peopled.cell) in page
    assert "Sắp xếp tổ chức" in form
    assert f'value="{peopled.other_cell}"' in form
    assert f'value="{peopled.cell2}"' not in form  # district 2 is not theirs


def test_the_preview_lists_each_member_carried_and_stores_nothing(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    before = registry.max_position()

    answer = officer.submit(FORM.format(peopled.cell), merger(peopled))

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200, page
    assert registry.max_position() == before
    assert "Xem trước sắp xếp tổ chức" in page
    assert page.count("Nguyễn Văn Thử") == 3
    assert 'data-balanced="yes"' in page
    assert "trước 5 = sau 5" in " ".join(page.split())
    assert 'name="step" value="store"' in page


def test_the_confirmation_stores_the_merge_with_the_command_lines_figures(
    browse: Callable[..., Any],
    make_api: Callable[..., Api],
    peopled: Tree,
    registry: Registry,
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    before = registry.max_position()

    answer = officer.submit(FORM.format(peopled.cell), {**merger(peopled), "step": "store"})

    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert registry.max_position() > before
    reader = make_api("tinh.theodoi", peopled.province, "oversight")
    rollup = reader.get(f"/api/v1/orgs/{peopled.district}/rollup").get_json()
    # the same figures as `sodang reorg merge` (tests/web/api/test_api_reorganizations.py)
    assert totals(rollup) == {peopled.district: 5, peopled.committee: 5, peopled.other_cell: 5}


def test_a_refused_decision_explains_the_rule_and_stores_nothing(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    officer = browse("h01.officer", peopled.district, "officer")
    before = registry.max_position()

    for step in ("preview", "store"):
        answer = officer.submit(
            FORM.format(peopled.cell), {"kind": "dissolve", **DECISION, "step": step}
        )
        assert answer.status_code == 422
        assert 'data-rule="roll_not_empty"' in answer.get_data(as_text=True)
    assert registry.max_position() == before


def test_a_foreign_officer_reaches_neither_the_form_nor_a_foreign_receiver(
    browse: Callable[..., Any], peopled: Tree, registry: Registry
) -> None:
    stranger = browse("h02.officer", peopled.district2, "officer")
    before = registry.max_position()

    form = stranger.get(FORM.format(peopled.cell))
    token = stranger.hidden(FORM.format(peopled.cell2))["csrf_token"]
    data = {**merger(peopled), "csrf_token": token, "step": "store"}
    posted = stranger.client.post(FORM.format(peopled.cell), data=data)
    # their own cell merged into district 1's: refused as a receiver they may not write
    into = stranger.submit(FORM.format(peopled.cell2), {**merger(peopled), "step": "store"})

    assert (form.status_code, posted.status_code, into.status_code) == (404, 404, 422)
    assert registry.max_position() == before


def test_a_clerk_may_not_reorganize(browse: Callable[..., Any], peopled: Tree) -> None:
    clerk = browse("h01.vanthu", peopled.district, "clerk")

    assert clerk.get(FORM.format(peopled.cell)).status_code == 403
