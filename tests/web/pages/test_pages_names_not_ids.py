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


def test_the_correction_form_says_which_event_it_corrects_by_type_member_and_day(
    browse: Callable[..., Any],
    tree: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    receipt = admit(tree.cell, make_profile(full_name="Lò Văn Sáng"))
    member_page = clerk.text(f"/orgs/{tree.cell}/members/{receipt.member_id}")
    link = re.search(r'href="([^"]*type=correction[^"]*)"', member_page)
    assert link is not None

    form = clerk.text(link.group(1).replace("&amp;", "&"))

    summary = re.search(r'<p class="summary" id="amends">(.*?)</p>', form, re.S)
    assert summary is not None
    shown = " ".join(visible_text(summary.group(1)).split())
    assert shown == "Sự kiện cần đính chính: Kết nạp · Lò Văn Sáng · ngày 10/03/2026"
    correct_admission(clerk, tree.cell, receipt.event_id)


def test_the_form_does_not_name_an_event_of_another_district(
    browse: Callable[..., Any],
    tree: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    receipt = admit(tree.cell, make_profile(full_name="Lò Văn Sáng"))
    stranger = browse("h02.clerk", tree.cell2, "clerk")

    form = stranger.text(
        f"/orgs/{tree.cell2}/events/new",
        type="retraction",
        retracts=str(receipt.event_id),
        member_id=str(receipt.member_id),
    )

    assert 'id="amends"' not in form
    assert "Lò Văn Sáng" not in form
