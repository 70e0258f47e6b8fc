"""Pages name things as a person knows them: an amended event by what it was and its day, a
member by name (the internal member id stays in links and machine exports)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


def correct_admission(browser: Any, cell: str, event_id: object) -> None:
    answer = browser.submit(
        f"/orgs/{cell}/events/new?type=correction&corrects={event_id}",
        {"corrects": str(event_id), "reason": "Sai ngày lễ", "changes.note": "Đã soát lại"},
    )
    assert answer.status_code == 302


def visible_text(page: str) -> str:
    """The page without its tags and attributes: what a person reads."""
    return re.sub(r"<[^>]*>", " ", page)


def test_a_correction_names_the_event_it_amends_by_type_and_day(
    browse: Callable[..., Any],
    tree: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    receipt = admit(tree.cell, make_profile(full_name="Lò Văn Sáng"))
    correct_admission(clerk, tree.cell, receipt.event_id)

    page = clerk.text(f"/orgs/{tree.cell}/members/{receipt.member_id}")

    shown = visible_text(page)
    assert re.search(r"cho sự kiện\s+Kết nạp ngày 10/03/2026", shown)
    assert str(receipt.event_id)[:8] not in shown
    assert f'href="#e-{receipt.event_id}"' in page


def test_the_member_page_does_not_show_the_internal_id_as_a_member_code(
    browse: Callable[..., Any],
    tree: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    receipt = admit(tree.cell, make_profile(full_name="Lò Văn Sáng"))

    page = clerk.text(f"/orgs/{tree.cell}/members/{receipt.member_id}")

    shown = visible_text(page)
    assert "Lò Văn Sáng" in shown
    assert "Mã đảng viên" not in shown
    assert str(receipt.member_id) not in shown
