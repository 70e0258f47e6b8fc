"""Under the Content-Security-Policy the pages still work: nothing refused, bars still drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.registry import Registry
from tests.browser.test_browser_pages import sign_in
from tests.writes import set_quota

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_dashboard_breaks_no_rule_of_the_policy_and_draws_the_quota_bar(
    page: Any,
    server: str,
    people: Callable[..., None],
    province: Any,
    history: Callable[[], None],
    registry: Registry,
) -> None:
    history()
    set_quota(registry, province.committee, "2026", 8, province.district)
    people("h01.officer", province.district, "officer")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))

    sign_in(page, server, "h01.officer", f"/orgs/{province.committee}")

    bar = page.locator(".progress").first.bounding_box()
    fill = page.locator(".progress .fill").first.bounding_box()
    assert [text for text in refused if "Content Security Policy" in text] == []
    assert bar is not None and fill is not None
    assert 0 < fill["width"] <= bar["width"]
    assert fill["height"] == pytest.approx(bar["height"], abs=1)
