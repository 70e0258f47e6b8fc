"""A person in headless Chromium: signs in, records an admission, sees the roll and the chart
change, and audits a report as it was known before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import writes

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "mật-khẩu-trình-duyệt"


def sign_in(page: Any, server: str, name: str, start: str = "/") -> None:
    page.goto(server + start)
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def roll_line(page: Any) -> list[int]:
    """The values of the chart's "Tổng số" line, as Chart.js drew them."""
    page.wait_for_selector("#chart-roll.drawn")
    chart = "c => Chart.getChart(c).data.datasets.find(d => d.label === 'Tổng số').data"
    return page.locator("#chart-roll canvas").evaluate(chart)


def test_sign_in_leads_to_the_dashboard_of_ones_own_organization(
    page: Any,
    server: str,
    people: Callable[..., None],
    province: Any,
    history: Callable[[], None],
    screenshots: Path,
) -> None:
    history()
    people("tinh.oversight", province.province, "oversight")

    sign_in(page, server, "tinh.oversight")

    assert page.url.endswith(f"/orgs/{province.province}")
    assert page.locator("h1").inner_text() == "Đảng bộ tỉnh Thử"
    assert page.locator("#total").inner_text() == "13"
    page.screenshot(path=str(screenshots / "dashboard-province.png"), full_page=True)


def test_a_wrong_password_keeps_the_person_out(
    page: Any, server: str, people: Callable[..., None], province: Any
) -> None:
    people("tinh.oversight", province.province, "oversight")
    page.goto(server + "/")

    page.get_by_label("Tên đăng nhập").fill("tinh.oversight")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    page.get_by_role("button", name="Đăng nhập").click()

    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()
    assert "/login" in page.url


def test_an_admission_recorded_through_the_form_changes_the_roll_and_the_chart(
    page: Any,
    server: str,
    people: Callable[..., None],
    province: Any,
    history: Callable[[], None],
    clock: Any,
    screenshots: Path,
) -> None:
    history()
    clock.advance(hours=1)
    people("cb01.clerk", province.cell, "clerk")
    sign_in(page, server, "cb01.clerk")
    before_total = page.locator("#total").inner_text()
    before_line = roll_line(page)

    page.get_by_role("link", name="Ghi sự kiện").first.click()
    page.get_by_label("Ngày lễ kết nạp").fill("02/11/2026")
    page.get_by_label("Số quyết định").fill("20-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("02/11/2026")
    page.get_by_label("Cấp ra quyết định").fill("Đảng ủy xã An")
    page.get_by_label("Số CCCD").fill("001299000321")
    page.get_by_label("Họ và tên").fill("Lường Thị Thu")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Ngày sinh").fill("14/02/2000")
    page.get_by_label("Dân tộc").fill("Thái")
    page.get_by_label("Trình độ học vấn, chuyên môn").select_option("university")
    page.get_by_label("Lý luận chính trị").select_option("basic")
    page.get_by_label("Là đoàn viên").check()
    page.get_by_label("Nơi làm việc, thành phần").select_option("public_service")
    page.screenshot(path=str(screenshots / "admission-form.png"), full_page=True)
    page.get_by_role("button", name="Ghi vào sổ").click()

    assert page.locator(".flash").inner_text() == "Đã ghi: Kết nạp."
    assert page.locator("h1").inner_text() == "Lường Thị Thu"
    page.goto(f"{server}/orgs/{province.cell}")
    assert int(page.locator("#total").inner_text()) == int(before_total) + 1
    assert roll_line(page) != before_line
    page.screenshot(path=str(screenshots / "dashboard-cell.png"), full_page=True)
    page.goto(f"{server}/orgs/{province.cell}/roll")
    assert "Lường Thị Thu" in page.locator("table.roll").inner_text()


def test_a_refused_admission_is_explained_on_the_form(
    page: Any, server: str, people: Callable[..., None], province: Any
) -> None:
    people("cb01.clerk", province.cell, "clerk")
    sign_in(page, server, "cb01.clerk", f"/orgs/{province.cell}/events/new?type=admitted")

    page.get_by_label("Ngày lễ kết nạp").fill("02/11/2026")
    page.get_by_label("Số quyết định").fill("20-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("02/11/2026")
    page.get_by_label("Cấp ra quyết định").fill("Đảng ủy xã An")
    page.get_by_label("Số CCCD").fill("001299000999")
    page.get_by_label("Họ và tên").fill("Cà Văn Nhỏ")
    page.get_by_label("Giới tính").select_option("male")
    page.get_by_label("Ngày sinh").fill("01/01/2012")
    page.get_by_label("Trình độ học vấn, chuyên môn").select_option("lower_secondary")
    page.get_by_label("Lý luận chính trị").select_option("none")
    page.get_by_label("Nơi làm việc, thành phần").select_option("student")
    page.get_by_role("button", name="Ghi vào sổ").click()

    assert "phải đủ 18 tuổi" in page.locator(".refusal").inner_text()
    assert page.get_by_label("Họ và tên").input_value() == "Cà Văn Nhỏ"


def test_the_audit_page_shows_the_report_as_known_then_beside_now(
    page: Any,
    server: str,
    people: Callable[..., None],
    province: Any,
    history: Callable[[], None],
    admit_late: Callable[[], Any],
    screenshots: Path,
) -> None:
    history()
    late = admit_late()
    people("h01.auditor", province.district, "auditor")
    sign_in(page, server, "h01.auditor")

    page.get_by_role("link", name="Đối chiếu báo cáo").click()
    page.get_by_label("Báo cáo ngày").fill("31/10/2026")
    page.get_by_label("Như đã biết lúc").fill("21/11/2026 10:30:00")
    page.get_by_role("button", name="Đối chiếu").click()

    assert page.locator("#then-total").inner_text() == "13"
    assert page.locator("#now-total").inner_text() == "14"
    explained = page.locator("tr.why").first.inner_text()
    assert "Ghi muộn" in explained and "Kết nạp" in explained
    assert str(late.member_id) in page.content()
    page.screenshot(path=str(screenshots / "audit.png"), full_page=True)


@pytest.fixture
def admit_late(
    registry: Any, province: Any, clock: Any, make_profile: Callable[..., Any]
) -> Callable[[], Any]:
    """An admission of 15 October recorded an hour later than the rest (a late entry)."""

    def record() -> Any:
        from services.roll.bodies import parse_body

        clock.advance(hours=1)
        profile = make_profile(national_id="001199055555")
        body = {
            "type": "admitted",
            "effective_on": "2026-10-15",
            "decision_no": "99-QĐ/ĐU",
            "decision_on": "2026-10-15",
            "decided_by": "Đảng ủy xã An",
            "member": {**profile.as_dict(), "birth_date": profile.birth_date.isoformat()},
        }
        command, _key = parse_body(body)
        return writes.execute(registry, province.cell, command, recorded_by="late-clerk")

    return record
