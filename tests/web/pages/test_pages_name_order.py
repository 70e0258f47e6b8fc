"""Rolls list people the Vietnamese way: by given name, then family name, in Vietnamese order."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from projections.names import name_key

NAMES = [
    "Đỗ Văn Bạc",
    "Lò Thị Bàn",
    "Bùi Văn An",
    "Đào Thị Ân",
    "Nguyễn Văn Bùi",
    "Dương Thị An",
    "Vũ Văn Zũng",
    "Trần Văn Đức",
]
VIETNAMESE_ORDER = [
    "Bùi Văn An",  # given names: An < Ân < Bạc < Bàn < Bùi < Đức < Zũng
    "Dương Thị An",  # same given name: family Bùi < Dương
    "Đào Thị Ân",
    "Đỗ Văn Bạc",
    "Lò Thị Bàn",
    "Nguyễn Văn Bùi",
    "Trần Văn Đức",
    "Vũ Văn Zũng",
]


def test_names_sort_by_given_name_then_family_name_in_vietnamese_order() -> None:
    assert sorted(NAMES, key=name_key) == VIETNAMESE_ORDER
    # Raw code points would put every Đ after Z and "Bàn" before "Bạc".
    assert sorted(NAMES, key=lambda n: n.split()[-1]) != VIETNAMESE_ORDER


def test_the_roll_page_lists_members_in_vietnamese_order(
    browse: Callable[..., Any], tree: Any, admit: Callable[..., Any], make_profile: Any
) -> None:
    for name in NAMES:
        admit(tree.cell, make_profile(full_name=name))
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.cell}/roll")

    shown = [n for n in re.findall(r">([^<>]+)</a>", page) if n.strip() in NAMES]
    assert [n.strip() for n in shown] == VIETNAMESE_ORDER


def test_the_member_page_names_the_cell_rather_than_its_code(
    browse: Callable[..., Any], tree: Any, admit: Callable[..., Any], make_profile: Any
) -> None:
    member = admit(tree.cell, make_profile(full_name="Lò Văn Tên"))
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.cell}/members/{member.member_id}")

    assert f"Chi bộ thôn Một ({tree.cell})" in page
