"""Typed days: dd/mm/yyyy, and a malformed, impossible or future day is said, never guessed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from services.day_input import BadDay, parse_day, parse_local_moment, parse_past_day


def test_a_day_is_read_day_first_or_in_iso() -> None:
    assert parse_day("05/10/2025") == date(2025, 10, 5)
    assert parse_day("5/1/2025") == date(2025, 1, 5)
    assert parse_day("2025-10-05") == date(2025, 10, 5)
    assert parse_local_moment("05/10/2025 14:30").isoformat() == "2025-10-05T14:30:00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2021-13-05", "impossible"), ("31/02/2024", "impossible"), ("10-05", "malformed")],
)
def test_a_day_that_is_not_one_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(BadDay) as refused:
        parse_day(text)

    assert refused.value.reason == reason


def test_a_day_after_today_is_refused_where_only_the_past_is_known() -> None:
    with pytest.raises(BadDay) as refused:
        parse_past_day("01/01/2030", date(2026, 11, 21))

    assert refused.value.reason == "future" and "2026-11-21" in str(refused.value)


@pytest.mark.parametrize("path", ["/orgs/{code}", "/orgs/{code}/roll", "/orgs/{code}/dossiers"])
def test_a_malformed_as_of_is_an_error_on_the_page_not_today(
    browse: Callable[..., Any], tree: Any, path: str
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    answer = officer.get(path.format(code=tree.district), as_of="2021-13-05")

    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Ngày không hợp lệ" in page and "2021-13-05 không phải là một ngày có thật" in page


def test_a_future_as_of_is_refused_not_shown_as_fact(browse: Callable[..., Any], tree: Any) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    answer = officer.get(f"/orgs/{tree.district}", as_of="2030-01-01")
    officer.get("/lang/en", next="/")
    english = officer.get(f"/orgs/{tree.district}", as_of="2030-01-01").get_data(as_text=True)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "chưa tới (hôm nay là 21/11/2026)" in page and 'id="total"' not in page
    assert "has not come yet (today is 21/11/2026)" in english


def test_the_dashboard_takes_a_day_typed_day_first(
    browse: Callable[..., Any], tree: Any, admit: Callable[..., Any], make_profile: Any
) -> None:
    admit(tree.cell, make_profile(), on=date(2026, 3, 10))
    officer = browse("h01.officer", tree.district, "officer")

    before = officer.text(f"/orgs/{tree.district}", as_of="09/03/2026")
    after = officer.text(f"/orgs/{tree.district}", as_of="10/03/2026")

    assert 'id="total">0<' in before and 'id="total">1<' in after


def test_a_day_typed_day_first_in_a_form_is_that_day_not_the_american_one(
    browse: Callable[..., Any], tree: Any, registry: Any, admission_form: Callable[..., Any]
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    values = {**admission_form(on="05/03/2026"), "member.birth_date": "20/08/1999"}

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", values)

    assert answer.status_code == 302, answer.get_data(as_text=True)
    admitted = registry.stream(tree.cell)[-1]
    assert str(admitted["effective_on"]) == "2026-03-05"  # 5 March, not 3 May


def test_every_date_box_is_a_day_first_text_box_not_the_browsers_picker(
    browse: Callable[..., Any], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    pages = [
        officer.text(f"/orgs/{tree.district}", as_of="2026-03-09"),
        officer.text(f"/orgs/{tree.cell}/events/new?type=admitted"),
        officer.text(f"/orgs/{tree.committee}/quotas/new"),
    ]

    for page in pages:
        assert 'type="date"' not in page and "datetime-local" not in page
        assert 'placeholder="dd/mm/yyyy"' in page
    assert 'name="as_of" value="09/03/2026"' in pages[0]
