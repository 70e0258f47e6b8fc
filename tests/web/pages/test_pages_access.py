"""Every page renders for a person of the organization and is a 404 for anyone outside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

PAGE_PASSWORD = "mật-khẩu-trang-web"

EVENT_TYPES = (
    "admitted",
    "readmitted",
    "transferred_in",
    "recognized",
    "transferred_out",
    "expelled",
    "struck_off",
    "died",
    "admission_annulled",
    "correction",
    "retraction",
)


def page_paths(tree: Any, member_id: Any) -> list[str]:
    """Every page of district 1's subtree (the member is on district 1's first cell)."""
    return [
        f"/orgs/{tree.district}",
        f"/orgs/{tree.committee}?as_of=2026-06-30",
        f"/orgs/{tree.cell}",
        f"/orgs/{tree.district}/roll",
        f"/orgs/{tree.cell}/roll?q=nguy%E1%BB%85n&status=probationary",
        f"/orgs/{tree.cell}/members/{member_id}",
        *(f"/orgs/{tree.cell}/events/new?type={kind}" for kind in EVENT_TYPES),
        f"/orgs/{tree.committee}/events/new?type=admitted",
        f"/orgs/{tree.committee}/quotas/new",
        *(
            f"/orgs/{tree.district}/export/{name}.{fmt}"
            for name in ("roll", "rollup", "flows", "indicators", "standings", "series")
            for fmt in ("csv", "xlsx")
        ),
        f"/orgs/{tree.cell}/members/{member_id}/export.csv",
        f"/orgs/{tree.cell}/lineage",
        f"/orgs/{tree.district}?compare_with=2021-01-01",
    ]


@pytest.fixture
def member_id(admit: Callable[..., Any], tree: Any, make_profile: Callable[..., Any]) -> Any:
    """One probationary member on district 1's first cell."""
    return admit(tree.cell, make_profile()).member_id


def test_every_page_renders_for_an_officer_of_the_district(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    answers = {path: officer.get(path).status_code for path in page_paths(tree, member_id)}

    assert answers == dict.fromkeys(answers, 200)


def test_every_page_is_not_found_for_another_districts_officer(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    stranger = browse("h02.officer", tree.district2, "officer")

    answers = {path: stranger.get(path).status_code for path in page_paths(tree, member_id)}

    assert answers == dict.fromkeys(answers, 404)


def test_the_audit_page_is_for_auditors_only(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    auditor = browse("h01.auditor", tree.district, "auditor")
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    stranger = browse("h02.auditor", tree.district2, "auditor")
    path = f"/orgs/{tree.district}/audit?as_of=2026-06-30&known_at=2026-11-21T09:00"

    assert auditor.get(path).status_code == 200
    assert clerk.get(f"/orgs/{tree.cell}/audit").status_code == 404
    assert stranger.get(path).status_code == 404


def test_a_page_outside_the_subtree_says_not_found_in_the_persons_language(
    browse: Callable[..., Any], tree: Any
) -> None:
    stranger = browse("h02.officer", tree.district2, "officer")

    vietnamese = stranger.get(f"/orgs/{tree.district}").get_data(as_text=True)
    stranger.get("/lang/en")
    english = stranger.get("/orgs/NO-SUCH-ORG").get_data(as_text=True)

    assert "Không tìm thấy" in vietnamese and "Đảng bộ huyện Thử" not in vietnamese
    assert "Not found" in english


def test_only_officers_set_quotas(browse: Callable[..., Any], tree: Any) -> None:
    clerk = browse("du01.clerk", tree.committee, "clerk")

    answer = clerk.get(f"/orgs/{tree.committee}/quotas/new")

    assert answer.status_code == 403


def test_a_reader_cannot_open_the_forms(browse: Callable[..., Any], tree: Any) -> None:
    auditor = browse("h01.auditor", tree.district, "auditor")

    answer = auditor.get(f"/orgs/{tree.cell}/events/new?type=admitted")

    assert answer.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_sign_in_form(app: Any, tree: Any) -> None:
    answer = app.test_client().get(f"/orgs/{tree.district}")

    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login?next=/orgs/")


def test_home_leads_to_the_persons_own_organization(browse: Callable[..., Any], tree: Any) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")

    answer = clerk.get("/")

    assert answer.headers["Location"].endswith(f"/orgs/{tree.cell}")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    open_browser: Callable[[], Any], users: Any, tree: Any
) -> None:
    users.create("h01.officer", tree.district, "officer", PAGE_PASSWORD)
    browser = open_browser()

    answer = browser.login("h01.officer", "not-the-password")

    assert answer.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.get_data(as_text=True)
    assert browser.get(f"/orgs/{tree.district}").status_code == 302


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(
    open_browser: Callable[[], Any], users: Any, tree: Any
) -> None:
    users.create("h01.officer", tree.district, "officer", PAGE_PASSWORD)

    inside = open_browser().login("h01.officer", next_=f"/orgs/{tree.cell}/roll")
    outside = open_browser().login("h01.officer", next_="//evil.example/x")

    assert inside.headers["Location"] == f"/orgs/{tree.cell}/roll"
    assert outside.headers["Location"] == "/"


def test_signing_out_ends_the_session(browse: Callable[..., Any], tree: Any) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    token = officer.hidden(f"/orgs/{tree.district}")["csrf_token"]

    answer = officer.client.post("/logout", data={"csrf_token": token})

    assert answer.status_code == 302
    assert officer.get(f"/orgs/{tree.district}").status_code == 302


def test_signing_out_without_the_csrf_token_is_refused(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    answer = officer.client.post("/logout")

    assert answer.status_code == 400
    assert officer.get(f"/orgs/{tree.district}").status_code == 200


def test_the_pages_speak_vietnamese_and_switch_to_english(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    before = officer.text(f"/orgs/{tree.district}")

    officer.get("/lang/en", next=f"/orgs/{tree.district}")
    after = officer.text(f"/orgs/{tree.district}")

    assert 'lang="vi"' in before and "Tổng số đảng viên" in before
    assert 'lang="en"' in after and "Members by organization" in after


def test_the_dashboard_shows_the_roll_tree_flows_and_charts(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.district}")

    assert 'id="total">1<' in page
    assert "Chi bộ thôn Một" in page or "Đảng bộ xã An" in page
    assert page.count("<canvas") == 3 and page.count('class="chart-data"') == 3
    assert "Biến động năm 2026" in page


def test_the_dashboard_on_an_earlier_day_shows_that_days_roll(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    page = officer.text(f"/orgs/{tree.district}", as_of="2026-03-09")

    assert 'id="total">0<' in page


def test_the_member_page_shows_both_times_of_every_event(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")

    page = clerk.text(f"/orgs/{tree.cell}/members/{member_id}")

    assert "10/03/2026" in page  # effective on
    assert "21/11/2026 10:00:00" in page  # recorded at, Vietnam time
    assert "test-clerk" in page
