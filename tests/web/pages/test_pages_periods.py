"""The report period's page: states, who is late, the steps a person may take, the approved
report beside today's figures (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.reporting.period import Period, Structure
from services.front_door.bus import handle
from services.front_door.commands import ApproveReport, PrepareReport

PATH = "/orgs/{code}/periods/2024"


def approve_as_its_own(registry, code: str) -> None:
    for command in (PrepareReport, ApproveReport):
        handle(
            registry,
            command(code, Period.year(2024), Structure.AS_STRUCTURED, code),
            recorded_by=f"officer of {code}",
        )


def post(browser, code: str, **data: str):
    path = PATH.format(code=code)
    token = browser.hidden(path)["csrf_token"]
    return browser.client.post(path, data={"csrf_token": token, **data})


@pytest.fixture
def commune(browse, peopled):
    """The commune's officer, signed in."""
    return browse("du01.officer", peopled.committee, "officer")


def test_the_page_shows_each_report_state_and_who_is_late(commune, peopled, registry):
    approve_as_its_own(registry, peopled.cell)

    page = commune.text(PATH.format(code=peopled.committee))

    assert f'data-org="{peopled.cell}" data-state="approved"' in page
    assert f'data-org="{peopled.other_cell}" data-state="not_started"' in page
    assert "Chậm duyệt" in page and "Đã duyệt" in page
    assert "15/01/2025" in page


def test_a_commune_approves_its_report_from_the_page_once_its_cells_have(
    commune, peopled, registry
):
    approve_as_its_own(registry, peopled.cell)
    approve_as_its_own(registry, peopled.other_cell)

    prepared = post(commune, peopled.committee, org=peopled.committee, action="prepare")
    approved = post(commune, peopled.committee, org=peopled.committee, action="approve")
    page = commune.text(PATH.format(code=peopled.committee))

    assert prepared.status_code == approved.status_code == 302
    assert f'data-org="{peopled.committee}" data-state="approved"' in page
    assert 'id="locked"' in page and "khớp mã kiểm tra" in page


def test_a_refused_step_is_explained_and_stores_nothing(commune, peopled, registry):
    post(commune, peopled.committee, org=peopled.committee, action="prepare")
    before = registry.max_position()

    answer = post(commune, peopled.committee, org=peopled.committee, action="approve")

    assert answer.status_code == 422
    assert 'data-rule="children_not_approved"' in answer.get_data(as_text=True)
    assert registry.max_position() == before


def test_a_late_entry_after_approval_shows_beside_the_approved_figures(
    browse, peopled, registry, clock, make_profile
):
    from tests.services.structure.conftest import admit

    cell = browse("cb01.officer", peopled.cell, "officer")
    approve_as_its_own(registry, peopled.cell)
    clock.advance(days=1)
    admit(registry, peopled.cell, make_profile(), date(2024, 6, 1))

    page = cell.text(PATH.format(code=peopled.cell))

    assert "Ghi muộn" in page
    assert "Sự kiện làm thay đổi số cuối kỳ" in page


def test_the_buttons_follow_who_may_take_each_step(commune, peopled, registry):
    approve_as_its_own(registry, peopled.cell)

    page = commune.text(PATH.format(code=peopled.committee))

    cell_row = page.split(f'data-org="{peopled.cell}"')[1].split("</tr>")[0]
    other_row = page.split(f'data-org="{peopled.other_cell}"')[1].split("</tr>")[0]
    assert 'value="return"' in cell_row and 'value="approve"' not in cell_row
    assert 'value="not_reporting"' in other_row and 'value="approve"' not in other_row


def test_a_foreign_commune_page_is_not_found(browse, peopled):
    foreign = browse("h02.officer", peopled.committee2, "officer")

    assert foreign.get(PATH.format(code=peopled.committee)).status_code == 404


REPORT_RULES = [
    "report_already_approved",
    "report_not_reporting",
    "report_not_prepared",
    "report_changed_since_prepared",
    "approver_not_own_officer",
    "children_not_approved",
    "not_superior",
    "report_not_approved",
    "parent_report_approved",
]


@pytest.mark.parametrize("rule", REPORT_RULES)
def test_every_report_rule_is_explained_in_both_languages(rule: str) -> None:
    from web.translations.rules import RULES, explanation

    assert rule in RULES
    assert explanation(rule, "vi") != explanation(rule, "en")


def test_the_dashboard_links_to_the_latest_period_over(commune, peopled):
    page = commune.text(f"/orgs/{peopled.committee}")

    assert f"/orgs/{peopled.committee}/periods/2026-H1" in page  # today is 21 November 2026


def test_the_latest_period_over_is_last_year_until_july() -> None:
    from web.pages.views_periods import latest_period

    assert latest_period(date(2026, 6, 30)) == Period.year(2025)
    assert latest_period(date(2026, 7, 1)) == Period.first_half(2026)
