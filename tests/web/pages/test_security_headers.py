"""Every page carries a Content-Security-Policy; nothing showing personal data is ever cached."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.web.pages.conftest import Browser
from web.headers import CONTENT_SECURITY_POLICY

# A script the browser would run: not one loaded from this site, nor a chart's JSON figures
# (type="application/json" is data, never run, so the policy lets it be).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>", re.IGNORECASE
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def officer(browse: Callable[..., Browser], tree: Any) -> Browser:
    return browse("h01.officer", tree.district, "officer")


def pages(tree: Any) -> list[str]:
    code = tree.district
    return [
        f"/orgs/{code}",
        f"/orgs/{tree.cell}/roll",
        f"/orgs/{tree.cell}/dossiers",
        f"/orgs/{tree.cell}/dossiers/forecast",
        f"/orgs/{code}/quotas/new",
    ]


def test_every_page_sends_the_policy_and_no_store(officer: Browser, tree: Any) -> None:
    for path in ["/login", *pages(tree)]:
        answer = officer.get(path)

        assert answer.status_code in (200, 302), path
        assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert answer.headers["Cache-Control"] == "no-store", path


def test_the_policy_allows_no_inline_script_or_style(officer: Browser, tree: Any) -> None:
    policy = dict(
        part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";") if part.strip()
    )

    found = {path: INLINE_SCRIPT.findall(officer.text(path)) for path in pages(tree)}
    styles = {path: INLINE_STYLE.findall(officer.text(path)) for path in pages(tree)}

    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert found == {path: [] for path in pages(tree)}  # the pages would break under the policy
    assert styles == {path: [] for path in pages(tree)}


def test_api_answers_and_errors_are_not_stored(officer: Browser, tree: Any) -> None:
    me = officer.get("/api/v1/me")
    missing = officer.get("/orgs/NOWHERE")

    assert me.status_code == 200 and me.headers["Cache-Control"] == "no-store"
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"


def test_the_assets_stay_cacheable(officer: Browser) -> None:
    answer = officer.get("/assets/sodang.css")

    assert answer.status_code == 200
    assert answer.headers.get("Cache-Control") != "no-store"


def test_a_quota_progress_bar_is_drawn_without_inline_style(officer: Browser, tree: Any) -> None:
    officer.submit(
        f"/orgs/{tree.committee}/quotas/new",
        {"period": "2026", "target": "8", "assigned_by": tree.district},
    )

    page = officer.text(f"/orgs/{tree.committee}")

    assert '<svg class="bar"' in page
    assert re.search(r'<rect class="fill" width="[0-9.]+"', page)
    assert INLINE_STYLE.findall(page) == []
