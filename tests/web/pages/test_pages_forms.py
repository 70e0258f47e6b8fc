"""Forms store the event on success, and store nothing when a rule or a field refuses."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest


@pytest.fixture
def clerk(browse: Callable[..., Any], tree: Any) -> Any:
    """The clerk of district 1's first cell, signed in."""
    return browse("cb01.clerk", tree.cell, "clerk")


def roll_size(registry: Any, code: str) -> int:
    return int(registry.roll_count(code, registry.today()))


def test_an_admission_through_the_form_is_recorded_by_the_signed_in_clerk(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    path = f"/orgs/{tree.cell}/events/new?type=admitted"

    answer = clerk.submit(path, admission_form())

    assert answer.status_code == 302
    assert f"/orgs/{tree.cell}/members/" in answer.headers["Location"]
    assert roll_size(registry, tree.cell) == 1
    assert registry.stream(tree.cell)[-1]["recorded_by"] == "cb01.clerk"
    member_page = clerk.text(answer.headers["Location"])
    assert "Quàng Thị Hoa" in member_page and "Đã ghi: Kết nạp." in member_page


def test_a_form_submitted_twice_records_once(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    path = f"/orgs/{tree.cell}/events/new?type=admitted"
    hidden = clerk.hidden(path)

    first = clerk.client.post(path.split("?")[0], data={**hidden, **admission_form()})
    second = clerk.client.post(path.split("?")[0], data={**hidden, **admission_form()})

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert roll_size(registry, tree.cell) == 1
    assert len(registry.stream(tree.cell)) == 1


def test_a_refused_rule_is_explained_in_vietnamese_and_nothing_is_stored(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
    admission_form: Callable[..., dict[str, str]],
) -> None:
    admit(tree.other_cell, make_profile(national_id="001199000777"))
    position = registry.max_position()

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", admission_form())

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Một người chỉ có tên trong danh sách đảng viên của một chi bộ" in page
    assert "on_two_rolls" in page
    assert registry.max_position() == position


def test_a_future_date_is_refused_by_its_rule(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    position = registry.max_position()

    answer = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=admitted", admission_form(on="2026-12-25")
    )

    assert answer.status_code == 422
    assert "chỉ ghi những việc đã diễn ra" in answer.get_data(as_text=True)
    assert registry.max_position() == position


def test_malformed_fields_get_their_message_next_to_them_and_nothing_is_stored(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    position = registry.max_position()
    values = {**admission_form(), "member.national_id": "12ab", "member.full_name": ""}

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", values)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(r'id="err-member-national_id">Gồm 12 chữ số \(CCCD\)', page)
    assert 'value="Thái"' in page  # what was typed is kept
    assert registry.max_position() == position


def test_the_same_form_after_a_refusal_records_once_corrected(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    path = f"/orgs/{tree.cell}/events/new?type=admitted"
    hidden = clerk.hidden(path)
    clerk.client.post(path.split("?")[0], data={**hidden, **admission_form(on="2026-12-25")})

    answer = clerk.client.post(path.split("?")[0], data={**hidden, **admission_form()})

    assert answer.status_code == 302
    assert roll_size(registry, tree.cell) == 1


def test_recognition_too_early_is_explained(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    member_id = admit(tree.cell, make_profile()).member_id
    position = registry.max_position()

    answer = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=recognized",
        {"member_id": str(member_id), "effective_on": "2026-11-01"},
    )

    assert answer.status_code == 422
    assert "Chưa đủ 12 tháng dự bị" in answer.get_data(as_text=True)
    assert registry.max_position() == position


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("died", {"effective_on": "2026-10-01"}),
        ("struck_off", {"effective_on": "2026-10-01", "reason": "failed_probation"}),
        ("transferred_out", {"effective_on": "2026-10-01", "to_outside": "Đảng bộ tỉnh Lai Châu"}),
        ("admission_annulled", {"effective_on": "2026-10-01", "reason": "Khai man lý lịch"}),
    ],
)
def test_a_removal_through_its_form_takes_the_member_off_the_roll(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
    kind: str,
    values: dict[str, str],
) -> None:
    member_id = admit(tree.cell, make_profile()).member_id

    answer = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type={kind}", {"member_id": str(member_id), **values}
    )

    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert roll_size(registry, tree.cell) == 0


def test_expelling_a_probationary_member_is_explained(
    clerk: Any, tree: Any, admit: Callable[..., Any], make_profile: Callable[..., Any]
) -> None:
    member_id = admit(tree.cell, make_profile()).member_id

    answer = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=expelled",
        {"member_id": str(member_id), "effective_on": "2026-10-01", "reason": "Vi phạm"},
    )

    assert answer.status_code == 422
    assert "Đảng viên dự bị không bị khai trừ" in answer.get_data(as_text=True)


def test_a_correction_and_a_retraction_through_the_forms(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    receipt = admit(tree.cell, make_profile())

    corrected = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=correction&corrects={receipt.event_id}",
        {
            "corrects": str(receipt.event_id),
            "reason": "Sai ngày lễ",
            "changes.effective_on": "2026-03-12",
        },
    )
    retracted = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=retraction&retracts={receipt.event_id}",
        {"retracts": str(receipt.event_id), "reason": "Ghi nhầm người"},
    )

    assert corrected.status_code == retracted.status_code == 302
    assert [e["type"] for e in registry.stream(tree.cell)] == [
        "admitted",
        "correction",
        "retraction",
    ]
    assert roll_size(registry, tree.cell) == 0


def test_a_committee_form_records_into_the_chosen_cell_only_if_it_is_reachable(
    browse: Callable[..., Any],
    tree: Any,
    registry: Any,
    admission_form: Callable[..., dict[str, str]],
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    path = f"/orgs/{tree.committee}/events/new?type=admitted"

    foreign = officer.submit(path, {**admission_form(), "org": tree.cell2})
    chosen = officer.submit(path, {**admission_form(), "org": tree.other_cell})

    assert foreign.status_code == 422
    assert chosen.status_code == 302
    assert roll_size(registry, tree.other_cell) == 1
    assert roll_size(registry, tree.cell2) == 0


def test_a_transfer_to_an_organization_outside_the_subtree_is_not_found(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Callable[..., Any],
) -> None:
    member_id = admit(tree.cell, make_profile()).member_id
    position = registry.max_position()

    answer = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=transferred_out",
        {"member_id": str(member_id), "effective_on": "2026-10-01", "to": tree.cell2},
    )

    assert answer.status_code == 422
    assert "Không tìm thấy tổ chức đảng này." in answer.get_data(as_text=True)
    assert registry.max_position() == position


def test_another_districts_clerk_cannot_post_a_form(
    browse: Callable[..., Any],
    tree: Any,
    registry: Any,
    admission_form: Callable[..., dict[str, str]],
) -> None:
    stranger = browse("cb02.clerk", tree.cell2, "clerk")
    token = stranger.hidden(f"/orgs/{tree.cell2}")["csrf_token"]

    answer = stranger.client.post(
        f"/orgs/{tree.cell}/events/new",
        data={**admission_form(), "type": "admitted", "key": "k1", "csrf_token": token},
    )

    assert answer.status_code == 404
    assert roll_size(registry, tree.cell) == 0


def test_a_quota_set_through_the_form_shows_on_the_dashboard(
    browse: Callable[..., Any], tree: Any
) -> None:
    pytest.importorskip("services.quotas")
    officer = browse("h01.officer", tree.district, "officer")

    answer = officer.submit(
        f"/orgs/{tree.committee}/quotas/new",
        {"period": "2026", "target": "8", "assigned_by": tree.district},
    )

    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = officer.text(f"/orgs/{tree.committee}")
    assert "Chỉ tiêu 8 do" in page


def test_a_malformed_quota_stores_nothing(
    browse: Callable[..., Any], tree: Any, registry: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    position = registry.max_position()

    answer = officer.submit(
        f"/orgs/{tree.committee}/quotas/new",
        {"period": "năm nay", "target": "-3", "assigned_by": tree.district2},
    )

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Nhập năm (2025) hoặc nhiệm kỳ (2020-2025)." in page
    assert "Phải là số nguyên dương." in page
    assert "Không tìm thấy tổ chức đảng này." in page
    assert registry.max_position() == position


def test_script_in_a_name_is_refused_and_shown_back_as_text(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    values = {**admission_form(), "member.full_name": "<script>alert(1)</script>"}
    before = registry.max_position()

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", values)

    page = answer.get_data(as_text=True)
    assert answer.status_code in (200, 422)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert registry.max_position() == before


def test_recorded_at_is_the_clocks_time(
    clerk: Any, tree: Any, registry: Any, clock: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    clock.set(datetime(2026, 11, 21, 4, 30, tzinfo=UTC))

    clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", admission_form())

    assert registry.stream(tree.cell)[-1]["recorded_at"] == datetime(
        2026, 11, 21, 4, 30, tzinfo=UTC
    )
