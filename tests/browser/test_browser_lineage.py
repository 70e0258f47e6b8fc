"""After a reform, in headless Chromium: the province compares one territory on two days, and
follows an ended committee's lineage to the commune that carries it on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.roll.values import OrgKind
from services.roll.commands import Decision
from services.structure import reorganization as reorg
from tests import writes

pytestmark = [pytest.mark.browser, pytest.mark.slow]
COMMUNE = "T01.X01"
PASSWORD = "mật-khẩu-trình-duyệt"


def sign_in(page: Any, server: str, name: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture
def reform(registry: Any, province: Any, clock: Any) -> Callable[[], None]:
    """On 1 July 2025 the committee merges into a new commune under the province and the
    district is dissolved (recorded an hour after the history)."""

    def run() -> None:
        clock.advance(hours=1)
        decision = Decision("12-QĐ/TU", date(2025, 6, 20), province.province)
        new = reorg.NewOrganization(
            COMMUNE, "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, province.province
        )
        on = date(2025, 7, 1)
        writes.merge(registry, [province.committee], COMMUNE, on, decision, "tinh", found=new)
        writes.dissolve(registry, province.district, on, decision, "tinh")

    return run


def test_the_province_compares_a_territory_and_follows_an_ended_committee_to_its_heir(
    page: Any,
    server: str,
    people: Callable[..., None],
    province: Any,
    history: Callable[[], None],
    reform: Callable[[], None],
    screenshots: Path,
) -> None:
    history()
    reform()
    people("tinh.oversight", province.province, "oversight")
    sign_in(page, server, "tinh.oversight")

    page.get_by_label("So với ngày").fill("30/06/2025")
    page.get_by_role("button", name="So sánh", exact=True).click()
    commune = page.locator(f'#restated tr[data-code="{COMMUNE}"]')
    assert commune.locator("td.then").inner_text() == "4"  # admitted by 30 June 2025
    assert commune.locator("td.now").inner_text() == "13"
    assert page.locator(f'#structured-then tr[data-code="{province.district}"]').count() == 1
    page.locator("#so-sanh").screenshot(path=str(screenshots / "same-territory.png"))

    page.goto(f"{server}/orgs/{province.committee}")
    assert "đã kết thúc hoạt động từ ngày 01/07/2025" in page.locator("#ended").inner_text()
    page.get_by_role("link", name="Lịch sử tổ chức").click()
    assert page.locator("#timeline li").last.get_attribute("data-type") == "ended"
    page.screenshot(path=str(screenshots / "lineage.png"), full_page=True)
    page.locator("#successors").get_by_role("link", name="Đảng bộ xã Mới").click()

    assert page.locator("h1").inner_text() == "Đảng bộ xã Mới"
    assert "Đảng bộ xã An" in page.locator("#predecessors").inner_text()
