"""The search results and the reorganization pages in headless Chromium at 390 px and at
1400 px: none scrolls sideways, none shows the app's English on a Vietnamese page, and the
decision's dates are typed day first (05/11/2026 is 5 November, whatever the browser's
language)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.test_browser_fit import open_tab, sign_in
from tests.web.pages.test_pages_one_language import english_phrases, leaks, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (390, 1400)
KINDS = ("merge", "move", "rename", "dissolve")
# After every admission of the `history` fixture (the last on 3 October 2026) and before the
# test clock's today (21 November 2026); read month first, 05/11 would be 11 May instead.
EFFECTIVE, DECIDED = "05/11/2026", "28/10/2026"


@pytest.fixture
def world(province: Any, history: Callable[[], None], people: Callable[..., None]) -> Any:
    """Two years of admissions in the province's two cells; the province's officer."""
    history()
    people("tinh.officer", province.province, "officer")
    return province


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"))


def english_on(page: Any) -> list[str]:
    return leaks(visible_text(page.content()), english_phrases())


def preview(page: Any, server: str, code: str, fields: dict[str, str]) -> None:
    """Fill the form as a person types it (dates day first) and ask for the preview."""
    page.goto(f"{server}/orgs/{code}/reorganize")
    page.select_option("select[name=kind]", fields["kind"])
    if "target" in fields:
        page.select_option("select[name=target]", fields["target"])
    if "name" in fields:
        page.fill("input[name=name]", fields["name"])
    page.fill("input[name=on]", EFFECTIVE)
    page.fill("input[name=decision_no]", "21-QĐ/TU")
    page.fill("input[name=decision_on]", DECIDED)
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trước").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_results_fit_and_speak_vietnamese(
    chromium: Any, server: str, world: Any, width: int
) -> None:
    page = open_tab(chromium, width)
    sign_in(page, server, "tinh.officer")
    seen: dict[str, tuple[bool, list[str], int]] = {}
    for query in ("chi bo", "nguyen van thu", "a"):
        page.goto(f"{server}/search?q={query.replace(' ', '+')}")
        found = page.locator("#found-orgs li, #found-members li").count()
        seen[query] = (fits(page), english_on(page), found)
    page.context.close()

    assert all(fit and not english for fit, english, _ in seen.values()), seen
    assert seen["chi bo"][2] >= 2 and seen["nguyen van thu"][2] >= 1  # results were shown


@pytest.mark.parametrize("width", WIDTHS)
def test_every_reorganization_form_fits_and_speaks_vietnamese(
    chromium: Any, server: str, world: Any, width: int
) -> None:
    page = open_tab(chromium, width)
    sign_in(page, server, "tinh.officer")
    seen: dict[str, tuple[bool, list[str], int]] = {}
    for kind in KINDS:
        page.goto(f"{server}/orgs/{world.cell}/reorganize?kind={kind}")
        native = page.locator('input[type="date"], input[type="datetime-local"]').count()
        seen[kind] = (fits(page), english_on(page), native)
    page.context.close()

    assert seen == {kind: (True, [], 0) for kind in KINDS}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_previews_fit_and_read_the_typed_dates_day_first(
    chromium: Any, server: str, world: Any, width: int
) -> None:
    # An English browser: its native pickers would read 05/11 as 11 May.
    page = open_tab(chromium, width, locale="en-US")
    sign_in(page, server, "tinh.officer")
    forms = {
        "merge": (world.cell, {"kind": "merge", "target": world.other_cell}),
        "move": (world.committee, {"kind": "move", "target": world.province}),
        "rename": (world.cell, {"kind": "rename", "name": "Chi bộ thôn Một Mới"}),
        "dissolve": (world.cell, {"kind": "dissolve", "target": world.other_cell}),
    }
    seen: dict[str, tuple[bool, list[str], bool, bool]] = {}
    for kind, (code, fields) in forms.items():
        preview(page, server, code, fields)
        heading = page.locator("h1").inner_text()
        text = page.locator("main").inner_text()
        seen[kind] = (
            fits(page),
            english_on(page),
            heading == "Xem trước sắp xếp tổ chức",
            f"hiệu lực từ {EFFECTIVE}" in text,
        )
    page.context.close()

    assert seen == {kind: (True, [], True, True) for kind in forms}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_members_history_fits_and_names_organizations_not_codes(
    chromium: Any, server: str, world: Any, width: int
) -> None:
    page = open_tab(chromium, width)
    sign_in(page, server, "tinh.officer")
    page.goto(f"{server}/search?q=nguyen+van+thu")
    with page.expect_navigation():
        page.locator("#found-members li a").first.click()
    organizations = page.locator("table.history tbody td:nth-child(3)").all_inner_texts()
    fit, english = fits(page), english_on(page)
    page.context.close()

    assert fit and not english
    assert organizations and all(o.startswith("Chi bộ thôn ") for o in organizations)
