"""A real server in a thread and Debian's headless Chromium driven by Playwright.

The browser tests run on SQLite only: the backends are covered by the rest of the suite, and
one Chromium session per backend would double the slowest tests for nothing new.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from werkzeug.serving import make_server

from domain.roll.values import Education, Sex
from services.config import Settings
from services.registry import Registry
from services.roll.bodies import parse_body
from services.store.users import UserStore
from tests import writes
from web import create_app, extensions

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "mật-khẩu-trình-duyệt"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def database(tmp_path: Path) -> str:
    """SQLite only (overrides the suite's backend parameter)."""
    return f"sqlite:///{tmp_path / 'sodang.db'}"


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: SODANG_SCREENSHOTS if set (to look at them), else the test's tmp."""
    folder = Path(os.environ.get("SODANG_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def server(settings: Settings, clock: Any, registry: Registry) -> Iterator[str]:
    """The app served on 127.0.0.1 by werkzeug in a thread; yields its base URL."""
    app = create_app(
        {
            "TESTING": True,
            "SODANG_SETTINGS": settings,
            "SODANG_CLOCK": clock,
            "SODANG_REGISTRY": registry,
            "SODANG_PASSWORD_HASHER": FAST_HASHER,
        }
    )
    httpd = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)
    extensions.close(app)


@pytest.fixture
def people(settings: Settings, clock: Any) -> Callable[[str, str, str], None]:
    """Creates a person (name, org, role) who signs in with PASSWORD."""
    store = UserStore(settings, clock=clock, hasher=FAST_HASHER)

    def create(name: str, org: str, role: str) -> None:
        store.create(name, org, role, PASSWORD)

    yield create
    store.close()


@pytest.fixture(scope="module")
def chromium_process() -> Iterator[Any]:
    """Debian's Chromium, headless (Playwright's own browser download is not used), started
    once per module: starting it took about a second per test."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def chromium(chromium_process: Any) -> Iterator[Any]:
    """The browser for one test: it opens its own contexts (cookies, storage and cache of their
    own), and whatever it left open is closed after it, so the next test starts with none."""
    assert chromium_process.contexts == [], "a context outlived its test"
    yield chromium_process
    for context in chromium_process.contexts:
        context.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser tab at a desktop size, Vietnamese locale, failing fast."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def history(
    registry: Registry, province: Any, make_profile: Callable[..., Any]
) -> Callable[[], None]:
    """Records a plausible two years of admissions in the province's two cells."""

    def record() -> None:
        days = [date(2025, m, 10) for m in (1, 3, 4, 6, 9, 11)] + [
            date(2026, m, d)
            for m, d in ((1, 15), (2, 20), (4, 2), (5, 18), (7, 1), (8, 8), (10, 3))
        ]
        for index, day in enumerate(days):
            profile = make_profile(
                sex=Sex.FEMALE if index % 2 else Sex.MALE,
                ethnicity="Thái" if index % 3 == 0 else "Kinh",
                education=Education.UPPER_SECONDARY if index % 4 == 0 else Education.UNIVERSITY,
                birth_date=date(1990 + index, 5, 15),
            )
            cell = province.cell if index % 3 else province.other_cell
            body = {
                "type": "admitted",
                "effective_on": day.isoformat(),
                "decision_no": f"{index + 1}-QĐ/ĐU",
                "decision_on": day.isoformat(),
                "decided_by": "Đảng ủy xã An",
                "member": {**profile.as_dict(), "birth_date": profile.birth_date.isoformat()},
            }
            command, _key = parse_body(body)
            writes.execute(registry, cell, command, recorded_by="seed")

    return record
