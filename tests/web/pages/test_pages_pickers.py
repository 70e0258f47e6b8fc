"""Organizations picked by name (issue 13, item 8 and 14): the quota form's assigner and the
dashboard's tree picker list names in tree order, only what the person may use."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

OPTION = re.compile(r'<option value="(?P<code>[^"]+)"(?: selected)?>(?P<label>[^<]*)</option>')


def options(page: str, select_id: str) -> list[tuple[str, str]]:
    start = page.index(f'id="{select_id}"')
    block = page[start : page.index("</select>", start)]
    return [(m["code"], m["label"]) for m in OPTION.finditer(block)]


def test_the_quota_form_offers_the_assigners_by_name_top_first(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.committee}/quotas/new")
    offered = options(page, "q-assigned_by")

    assert [code for code, _ in offered] == [tree.district, tree.committee]
    assert offered[0][1] == f"Đảng bộ huyện Thử ({tree.district})"
    assert f'<option value="{tree.district}" selected>' in page
    assert 'name="assigned_by" type="text"' not in page


def test_a_quota_assigned_through_the_picker_is_recorded(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    form = f"/orgs/{tree.committee}/quotas/new"

    answer = officer.submit(form, {"period": "2026", "target": "7", "assigned_by": tree.district})
    page = officer.text(f"/orgs/{tree.committee}", period="2026")

    assert answer.status_code == 302
    assert "Đảng bộ huyện Thử" in page and "7" in page


def test_the_tree_picker_lists_the_own_subtree_in_tree_order_and_nothing_else(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("du01.officer", tree.committee, "officer")

    offered = options(officer.text(f"/orgs/{tree.cell}"), "pick-code")

    assert offered == [
        (tree.committee, "Đảng bộ xã An"),
        (tree.other_cell, "\u00a0\u00a0Chi bộ thôn Hai"),
        (tree.cell, "\u00a0\u00a0Chi bộ thôn Một"),
    ]


def test_the_tree_picker_opens_the_chosen_organization_on_the_day_shown(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("du01.officer", tree.committee, "officer")

    answer = officer.get("/go", code=tree.cell, as_of="2025-12-31")
    foreign = officer.get("/go", code=tree.cell2)

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/orgs/{tree.cell}?as_of=2025-12-31")
    assert officer.get(foreign.headers["Location"]).status_code == 404
