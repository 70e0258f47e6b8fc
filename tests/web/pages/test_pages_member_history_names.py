"""The member page's history names organizations and recorders as people know them: an
organization by its name on the event's day (the code small beside it), a recorder's account by
its role and organization, and an organization the reader could not read that day not at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from services.roll.commands import Admit, Counterpart, Decision, MemberRef, TransferOut
from services.store.users import UserStore
from tests import writes

ADMITTED_ON = date(2023, 3, 2)
MOVED_ON = date(2024, 4, 1)
RENAMED_ON = date(2025, 1, 1)


def history_rows(page: str) -> dict[str, str]:
    """Each row of the history table, as read (tags dropped, spaces folded), by its event."""
    body = page.split('class="data history"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    read = [" ".join(re.sub(r"<[^>]*>", " ", row).split()) for row in rows[1:]]
    return {row.split(" ", 1)[1]: row for row in read if row[:2].isdigit()}


def row_of(page: str, event: str) -> str:
    found = [row for key, row in history_rows(page).items() if key.startswith(event + " ")]
    assert len(found) == 1, history_rows(page)
    return found[0]


def codes_in_small(page: str) -> list[str]:
    return re.findall(r'<small class="code">([^<]*)</small>', page)


def moved_member(registry: Any, tree: Any, users: UserStore, make_profile: Any) -> Any:
    """A member admitted in district 2's cell (recorded by its clerk's account), moved in 2024
    into district 1's cell (recorded by the province's officer), which was renamed in 2025."""
    users.create("h02.clerk", tree.cell2, "clerk")
    users.create("tinh.officer", tree.province, "officer")
    profile = make_profile(full_name="Lò Thị Mai")
    admitted = writes.admit(
        registry,
        tree.cell2,
        Admit(
            MemberRef(profile=profile),
            ADMITTED_ON,
            Decision("7-QĐ/ĐU", ADMITTED_ON, tree.committee2),
        ),
        "h02.clerk",
    )
    writes.transfer_out(
        registry,
        tree.cell2,
        TransferOut(
            MemberRef(member_id=admitted.member_id),
            MOVED_ON,
            destination=Counterpart(code=tree.cell),
        ),
        "tinh.officer",
    )
    writes.rename(
        registry,
        tree.cell,
        "Chi bộ thôn Một Mới",
        RENAMED_ON,
        Decision("3-QĐ/ĐU", RENAMED_ON, tree.committee),
        "tinh.officer",
    )
    return admitted.member_id


def test_the_history_names_organizations_as_on_the_events_day_with_the_code_beside(
    registry: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    member_id = moved_member(registry, tree, users, make_profile)
    province = browse("tinh.xem", tree.province, "oversight")

    page = province.text(f"/orgs/{tree.province}/members/{member_id}")

    admitted = row_of(page, "Kết nạp")
    assert "Chi bộ thôn Ba" in admitted and "của Đảng bộ xã Bình" in admitted
    arrived = row_of(page, "Chuyển sinh hoạt đến")
    # Named as it was on 1 April 2024, not by the name it took in 2025.
    assert "Chi bộ thôn Một" in arrived and "Chi bộ thôn Một Mới" not in arrived
    assert "từ Chi bộ thôn Ba" in arrived
    left = row_of(page, "Chuyển sinh hoạt đi")
    assert "sang Chi bộ thôn Một" in left
    # Codes only ever in the small print beside a name, never as the name itself.
    assert {tree.cell, tree.cell2, tree.committee2} <= set(codes_in_small(page))
    table = page.split('class="data history"', 1)[1]
    assert not re.search(r"<td>\s*T01\.", table)


def test_a_recorders_account_is_shown_by_its_role_and_organization(
    registry: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    member_id = moved_member(registry, tree, users, make_profile)
    province = browse("tinh.xem", tree.province, "oversight")

    page = province.text(f"/orgs/{tree.province}/members/{member_id}")

    assert "Văn thư chi bộ, Chi bộ thôn Ba h02.clerk" in row_of(page, "Kết nạp")
    assert "Cán bộ tổ chức, Đảng bộ tỉnh Thử tinh.officer" in row_of(page, "Chuyển sinh hoạt đến")
    assert "h02.clerk" in codes_in_small(page)


def test_an_organization_the_reader_could_not_read_that_day_is_not_named(
    registry: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    member_id = moved_member(registry, tree, users, make_profile)
    district = browse("h01.officer", tree.district, "officer")

    page = district.text(f"/orgs/{tree.district}/members/{member_id}")

    arrived = row_of(page, "Chuyển sinh hoạt đến")
    assert "từ một tổ chức khác" in arrived
    assert "Cán bộ tổ chức, một tổ chức khác" in arrived
    shown = re.sub(r"<[^>]*>", " ", page)
    for foreign in ("Chi bộ thôn Ba", tree.cell2, "Đảng bộ xã Bình", "h02.clerk"):
        assert foreign not in shown and foreign not in page
    # The province's account is not named either: the district does not read the province.
    assert "tinh.officer" not in page and "Đảng bộ tỉnh Thử" not in arrived
    # The admission was in district 2's cell: not a row of district 1's page at all.
    assert not [key for key in history_rows(page) if key.startswith("Kết nạp ")]


def test_a_member_of_a_cell_moved_in_a_reorganization_opens_from_the_new_committee(
    registry: Any,
    tree: Any,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    admitted = writes.admit(
        registry,
        tree.cell2,
        Admit(
            MemberRef(profile=make_profile(full_name="Quàng Văn Nam")),
            ADMITTED_ON,
            Decision("7-QĐ/ĐU", ADMITTED_ON, tree.committee2),
        ),
        "test-clerk",
    )
    moved_on = date(2025, 7, 1)
    decision = Decision("12-QĐ/TU", date(2025, 6, 20), tree.province)
    writes.move(registry, tree.cell2, tree.committee, moved_on, decision, "tinh")
    province = browse("tinh.xem", tree.province, "oversight")
    district = browse("h01.officer", tree.district, "officer")

    # The link a roll of the committee gives: the member's admission lay under district 2.
    seen_above = province.get(f"/orgs/{tree.committee}/members/{admitted.member_id}")
    seen_beside = district.get(f"/orgs/{tree.district}/members/{admitted.member_id}")

    assert seen_above.status_code == 200 and seen_beside.status_code == 200
    above, beside = seen_above.get_data(as_text=True), seen_beside.get_data(as_text=True)
    assert "Chi bộ thôn Ba" in row_of(above, "Kết nạp") and 'id="unlisted"' not in above
    # District 1 reads the member on its roll today, not the admission of district 2's days.
    assert "Quàng Văn Nam" in beside and history_rows(beside) == {}
    assert 'id="unlisted"' in beside and "Đảng bộ xã Bình" not in beside
