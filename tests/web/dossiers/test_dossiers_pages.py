"""The dossier pages: a clerk's whole journey through the forms, the board, the lists, rules
explained in Vietnamese, bad input and access."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from services.registry import Registry
from tests.web.conftest import Tree
from tests.web.dossiers.conftest import DATES, journey
from tests.web.pages.conftest import Browser
from tests.writes import set_quota
from web.translations.rules import RULES, explanation

Record = Callable[..., dict[str, Any]]
Open = Callable[..., dict[str, Any]]

OPEN_FORM = {
    "on": DATES["open"],
    "actor": "Chi bộ thôn Một",
    "candidate.national_id": "001195000321",
    "candidate.full_name": "Quàng Thị Xuân",
    "candidate.sex": "female",
    "candidate.birth_date": "1998-02-11",
    "candidate.ethnicity": "Thái",
    "candidate.religion": "",
    "candidate.education": "college",
    "candidate.political_theory": "none",
    "candidate.youth_union": "on",
    "candidate.sector": "public_service",
}


def form_steps(introducers: tuple[str, str], district: str) -> list[tuple[str, dict[str, str]]]:
    """What the clerk types into each step's form, from the course to recognition."""
    votes = {"votes_for": "9", "votes_against": "0", "eligible": "10"}
    return [
        ("course_completed", {"on": DATES["course"], "certificate_no": "CN-2023-041"}),
        ("application_submitted", {"on": DATES["application"]}),
        (
            "introducers_assigned",
            {
                "on": DATES["introducers"],
                "introducer_1": introducers[0],
                "introducer_2": introducers[1],
            },
        ),
        (
            "background_verified",
            {"on": DATES["background"], "conclusion": "Đủ điều kiện", "satisfactory": "on"},
        ),
        ("youth_union_endorsed", {"on": DATES["youth"], "document_no": "05-NQ/ĐTN"}),
        ("cell_resolved", {"on": DATES["cell"], "document_no": "06-NQ/CB", **votes}),
        (
            "committee_resolved",
            {"on": DATES["committee"], "votes_for": "7", "votes_against": "1", "eligible": "9"},
        ),
        ("received", {"on": DATES["received"]}),
        (
            "decided",
            {"on": DATES["decision"], "decided_by": district, "document_no": "123-QĐ/HU"},
        ),
        ("ceremony_held", {"on": DATES["ceremony"], "actor": "Chi bộ thôn Một"}),
        ("probation_reviewed", {"on": DATES["review"], "outcome": "recognize", **votes}),
        (
            "recognized",
            {"on": DATES["recognition"], "decided_by": district, "document_no": "9-QĐ/HU"},
        ),
    ]


@pytest.fixture
def cell_clerk(browse: Callable[..., Browser], tree: Tree) -> Browser:
    """The clerk of district 1's first cell, signed in."""
    return browse("cb01.clerk", tree.cell, "clerk")


@pytest.fixture
def district_officer(browse: Callable[..., Browser], tree: Tree) -> Browser:
    """An officer of district 1, signed in."""
    return browse("h01.canbo", tree.district, "officer")


def opened_through_the_form(browser: Browser, tree: Tree) -> str:
    answer = browser.submit(f"/orgs/{tree.cell}/dossiers/new", OPEN_FORM)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return str(answer.headers["Location"])


def test_a_clerk_takes_a_candidate_from_the_source_list_to_official_member_through_the_pages(
    cell_clerk: Browser, tree: Tree, introducers: tuple[str, str], registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    assert "Đã lập hồ sơ kết nạp cho Quàng Thị Xuân." in cell_clerk.text(page)

    for step, data in form_steps(introducers, tree.district):
        answer = cell_clerk.submit(f"{page}?step={step}", data)
        assert answer.status_code == 302, (step, answer.get_data(as_text=True)[-3000:])

    final = cell_clerk.text(page)
    member = re.search(r'href="(/orgs/[^"]+/members/[^"]+)">Xem đảng viên', final)
    assert "Đã là đảng viên chính thức" in final and "Đã ghi: Quyết định công nhận" in final
    assert "Ghi bước tiếp theo" not in final
    assert member is not None and "Quàng Thị Xuân" in cell_clerk.text(member.group(1))
    assert registry.roll_count(tree.cell, registry.today()) == 2  # her first introducer and her


def test_the_opening_form_asks_for_the_cell_under_a_committee(
    browse: Callable[..., Browser], tree: Tree, registry: Registry
) -> None:
    committee_clerk = browse("du01.clerk", tree.committee, "clerk")
    position = registry.max_position()

    missing = committee_clerk.submit(f"/orgs/{tree.committee}/dossiers/new", OPEN_FORM)
    chosen = committee_clerk.submit(
        f"/orgs/{tree.committee}/dossiers/new", {**OPEN_FORM, "org": tree.other_cell}
    )

    assert missing.status_code == 422 and "Hãy chọn chi bộ." in missing.get_data(as_text=True)
    assert chosen.status_code == 302
    assert registry.max_position() > position


def test_a_form_sent_twice_opens_one_dossier(cell_clerk: Browser, tree: Tree) -> None:
    path = f"/orgs/{tree.cell}/dossiers/new"
    hidden = cell_clerk.hidden(path)

    first = cell_clerk.client.post(path, data={**hidden, **OPEN_FORM})
    second = cell_clerk.client.post(path, data={**hidden, **OPEN_FORM})

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert 'Tổng số hồ sơ: <strong id="dossier-total">1<' in cell_clerk.text(
        f"/orgs/{tree.cell}/dossiers"
    )


def test_a_step_sent_twice_is_recorded_once(
    cell_clerk: Browser, tree: Tree, registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    data = {"on": DATES["course"], "certificate_no": "CN-1"}
    cell_clerk.submit(f"{page}?step=course_completed", data)
    position = registry.max_position()

    again = cell_clerk.submit(f"{page}?step=course_completed", data)

    assert again.status_code == 302
    assert registry.max_position() == position
    assert "đã được ghi trước đó" in cell_clerk.text(page)


def test_a_refused_step_is_explained_in_vietnamese_and_stores_nothing(
    cell_clerk: Browser, tree: Tree, introducers: tuple[str, str], registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    for step, data in form_steps(introducers, tree.district)[:5]:
        cell_clerk.submit(f"{page}?step={step}", data)
    position = registry.max_position()

    answer = cell_clerk.submit(
        f"{page}?step=cell_resolved",
        {"on": DATES["cell"], "votes_for": "6", "votes_against": "4", "eligible": "10"},
    )

    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert explanation("two_thirds_majority", "vi") in text
    assert "two_thirds_majority" in text and "Chưa có gì được ghi vào sổ." in text
    assert registry.max_position() == position


def test_the_refusal_is_explained_in_english_when_asked(
    cell_clerk: Browser, tree: Tree, registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    cell_clerk.get("/lang/en")

    answer = cell_clerk.submit(
        f"{page}?step=course_completed", {"on": "2030-01-01", "certificate_no": "X"}
    )

    assert answer.status_code == 422
    assert explanation("future_date", "en") in answer.get_data(as_text=True)


def test_a_malformed_step_marks_its_fields_and_stores_nothing(
    cell_clerk: Browser, tree: Tree, introducers: tuple[str, str], registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    for step, data in form_steps(introducers, tree.district)[:5]:
        cell_clerk.submit(f"{page}?step={step}", data)
    position = registry.max_position()

    votes = {"on": DATES["cell"], "votes_for": "chín", "votes_against": "0", "eligible": "10"}

    wrong = cell_clerk.submit(f"{page}?step=cell_resolved", votes)
    missing = cell_clerk.submit(
        f"{page}?step=cell_resolved", {**votes, "votes_for": "9", "eligible": ""}
    )

    assert wrong.status_code == missing.status_code == 422
    assert 'id="err-votes_for">Phải là một số.' in wrong.get_data(as_text=True)
    assert 'id="err-eligible">Bắt buộc nhập.' in missing.get_data(as_text=True)
    assert registry.max_position() == position


def test_one_introducer_only_is_refused_next_to_the_introducers(
    cell_clerk: Browser, tree: Tree, introducers: tuple[str, str], registry: Registry
) -> None:
    page = opened_through_the_form(cell_clerk, tree)
    for step, data in form_steps(introducers, tree.district)[:2]:
        cell_clerk.submit(f"{page}?step={step}", data)

    answer = cell_clerk.submit(
        f"{page}?step=introducers_assigned",
        {"on": DATES["introducers"], "introducer_1": introducers[0]},
    )

    assert answer.status_code == 422
    assert "Cần đúng hai người giới thiệu khác nhau." in answer.get_data(as_text=True)


def test_script_in_a_candidate_name_is_refused(cell_clerk: Browser, tree: Tree) -> None:
    answer = cell_clerk.submit(
        f"/orgs/{tree.cell}/dossiers/new",
        {**OPEN_FORM, "candidate.full_name": "<script>alert(1)</script>"},
    )

    assert answer.status_code == 422
    assert "<script>alert(1)" not in answer.get_data(as_text=True)


def test_the_board_shows_the_stages_and_the_dashboard_links_to_it(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    record(open_dossier()["id"], *journey(introducers, tree.district)[:7])
    open_dossier("001195000124")

    board = district_officer.text(f"/orgs/{tree.committee}/dossiers")
    chosen = district_officer.text(f"/orgs/{tree.district}/dossiers", stage="awaiting_decision")
    dashboard = district_officer.text(f"/orgs/{tree.district}")

    assert f'href="/orgs/{tree.district}/dossiers"' in dashboard
    assert "Chờ quyết định kết nạp" in board and "Danh sách cảm tình Đảng" in board
    assert 'class="overdue"' in board  # the decision was due on 14/09/2023
    assert "Hồ sơ ở giai đoạn: Chờ quyết định kết nạp" in chosen
    assert 'class="overdue"' in chosen
    assert "Thời gian trung bình mỗi bước" in board


def test_above_the_commune_the_board_sums_up_by_child_organization_without_cards(
    browse: Callable[..., Browser],
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    record(open_dossier()["id"], *journey(introducers, tree.district)[:7])
    open_dossier("001195000124")
    record(open_dossier("001195000125")["id"], journey(introducers, tree.district)[0])
    province = browse("t01.canbo", tree.province, "officer")

    board = province.text(f"/orgs/{tree.province}/dossiers")
    district = province.text(f"/orgs/{tree.district}/dossiers")
    cells = province.text(f"/orgs/{tree.committee}/dossiers")

    rows = re.findall(r'<tr><th scope="row"><a href="/orgs/([^/"]+)/dossiers">', board)
    assert rows == [tree.district, tree.district2]
    assert re.search(r'id="by-child-total">3<', board)
    assert 'id="dossier-total">3<' in board
    assert "Lò Văn Thắng" not in board and "Lò Văn Thắng" in cells  # cards below only
    assert '<section aria-label="Hồ sơ đang xử lý theo giai đoạn"' not in board
    assert re.search(r'id="by-child-total">3<', district)  # a district is above the commune
    assert '<section aria-label="Hồ sơ đang xử lý theo giai đoạn"' in cells
    assert re.search(r'id="by-cell-total">3<', cells)


def test_the_deadlines_page_flags_overdue_in_red_and_due_soon_in_amber(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    steps = journey(introducers, tree.district)
    record(open_dossier()["id"], *steps[:7])
    record(open_dossier("001195000124")["id"], *steps[:5], {**steps[5], "on": "2023-06-26"})

    page = district_officer.text(f"/orgs/{tree.district}/dossiers/deadlines", as_of="2023-09-15")

    overdue, due_soon = page.split('id="due-soon"')
    assert "Quá hạn 1 ngày" in overdue and 'class="overdue"' in overdue
    assert 'class="due-soon"' in due_soon and 'class="flag amber">Còn' in due_soon


def test_the_agenda_forecast_and_settings_pages(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
    registry: Registry,
) -> None:
    record(open_dossier()["id"], *journey(introducers, tree.district)[:7])
    set_quota(registry, tree.district, "2023", 4, tree.province)

    agenda = district_officer.text(f"/orgs/{tree.district}/dossiers/agenda", as_of="2023-07-01")
    forecast = district_officer.text(f"/orgs/{tree.district}/dossiers/forecast", as_of="2023-12-31")
    settings = district_officer.submit(
        f"/orgs/{tree.district}/dossiers/settings",
        {"service_target_days": "45", "working_days": "true", "document_no": "QT-TC.07"},
    )

    assert "Lò Văn Thắng" in agenda and "Đảng bộ huyện Thử" in agenda
    assert 'id="forecast">1<' in forecast and "T01 giao 2023: 1/4" in forecast
    assert settings.status_code == 302
    assert "45 ngày làm việc" in district_officer.text(f"/orgs/{tree.cell}/dossiers/settings")


def test_only_officers_change_the_settings(
    cell_clerk: Browser, tree: Tree, registry: Registry
) -> None:
    position = registry.max_position()

    answer = cell_clerk.submit(
        f"/orgs/{tree.cell}/dossiers/settings", {"service_target_days": "45"}
    )

    assert answer.status_code == 403
    assert registry.max_position() == position


def test_the_pages_of_another_district_are_404(
    browse: Callable[..., Browser], tree: Tree, open_dossier: Open
) -> None:
    dossier_id = open_dossier()["id"]
    stranger = browse("h02.canbo", tree.district2, "officer")

    answers = [
        stranger.get(f"/orgs/{tree.district}/dossiers"),
        stranger.get(f"/orgs/{tree.district2}/dossiers/{dossier_id}"),
        stranger.get(f"/orgs/{tree.cell}/dossiers/new"),
        stranger.get(f"/orgs/{tree.district}/dossiers/forecast"),
    ]

    assert [a.status_code for a in answers] == [404] * 4


PIPELINE_RULES = [
    "step_out_of_order",
    "step_not_applicable",
    "date_before_previous_step",
    "already_member",
    "dossier_already_open",
    "admission_age",
    "education_below_lower_secondary",
    "course_certificate_expired",
    "background_not_satisfactory",
    "introducer_not_official",
    "introducer_other_organization",
    "introducer_too_recent",
    "introducer_is_candidate",
    "two_thirds_majority",
    "body_not_competent",
    "readmission_too_early",
    "dossier_stale",
    "extension_used",
    "ceremony_late",
    "review_before_probation_end",
    "probation_outcome_mismatch",
    "dossier_closed",
    "dossier_suspended",
    "not_suspended",
    "withdraw_after_admission",
    "authority_already_granted",
    "authority_not_granted",
    "authority_for_grassroots_committee_only",
]


@pytest.mark.parametrize("rule", PIPELINE_RULES)
def test_every_pipeline_rule_is_explained_in_both_languages(rule: str) -> None:
    assert rule in RULES
    assert explanation(rule, "vi") != explanation(rule, "en")


def test_the_dossier_page_reads_its_deadlines_on_a_chosen_day(
    district_officer: Browser,
    tree: Tree,
    open_dossier: Open,
    record: Record,
    introducers: tuple[str, str],
) -> None:
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:7])
    page = f"/orgs/{tree.district}/dossiers/{dossier_id}"

    then = district_officer.text(page, as_of="2023-09-10")
    now = district_officer.text(page)

    assert "14/09/2023" in then and "Còn 4 ngày" in then
    assert "Quá hạn" in now
    assert "Chưa xác định" in now  # no district is competent after 30 June 2025
