"""`sodang demo` from the command line at a small scale, on both databases, relative to today.

The command runs once per backend for this module (click's CliRunner: its output is not a
terminal), with the real clock as `sodang demo` has it: the reform replayed, the history
continued to today, the extras added. The tests then read what an official would meet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from projections.queries import Queries
from services.admission import pipeline
from services.cli import demo_cmd, org_cmd
from services.config import Settings
from services.demo.extras import PROVINCE
from services.demo.recorders import ALL as DEMO_RECORDERS
from services.demo.reform import REFORM_ON, successor_of_commune
from services.registry import Registry
from services.wiring import build_registry
from tests.conftest import backend_params, pg_wipe
from tests.web.pages.conftest import Browser
from web import create_app, extensions

pytestmark = pytest.mark.slow
STAGES = (
    "Lập tổ chức",
    "Nạp lịch sử",
    "Chỉ tiêu 2015-2025",
    "Cải tổ 2025 và lịch sử sau đó",
    "Tài khoản, chỉ tiêu, hồ sơ",
)
THANH_YEN = successor_of_commune()["X-THANHYEN"]


@dataclass
class Demo:
    settings: Settings
    registry: Registry
    output: str
    today: date


@pytest.fixture(scope="module", params=backend_params())
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: Any, monkeypatch_module: Any
) -> Iterator[Demo]:
    """`sodang demo --scale 0.05` on a fresh database of this backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
        pg_wipe(url.rsplit("/", 1)[1])
    monkeypatch_module.setenv("SODANG_DATABASE_URL", url)
    monkeypatch_module.setenv("SODANG_DEPLOYMENT", "sodang-test")
    result = CliRunner().invoke(demo_cmd.command, ["--scale", "0.05"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    settings = Settings(database_url=url, deployment="sodang-test", pool_size=2)
    registry = build_registry(settings)
    yield Demo(settings, registry, result.output, registry.today())
    registry.close()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_each_stage_prints_a_line_with_counts_and_time_when_not_a_terminal(demo: Demo) -> None:
    lines = demo.output.splitlines()
    found = {stage: [line for line in lines if line.startswith(f"{stage} (")] for stage in STAGES}

    assert all(len(found[stage]) == 1 for stage in STAGES), found
    assert all(re.search(r": (\d+(/\d+)?|done) in \d+\.\d s$", found[s][0]) for s in STAGES)
    assert re.search(r"Nạp lịch sử \(loading history\): (\d+)/\1 in", demo.output)


def test_the_current_year_has_quotas_from_the_right_superior(demo: Demo) -> None:
    year = str(demo.today.year)
    queries = Queries(demo.settings)

    province = queries.standing(PROVINCE, year, as_of=demo.today)
    forecast = pipeline.forecast(demo.registry, THANH_YEN, demo.today.year, as_of=demo.today)
    commune = next(c for c in province.children if c.org == THANH_YEN)

    assert [p.assigned_by for p in province.plans] == [PROVINCE]
    assert province.children_add_up
    assert [p.assigned_by for p in commune.plans] == [PROVINCE]
    assert 1 <= commune.plans[0].target <= 30
    assert forecast.plans, "the forecast has a plan to compare with"


def test_no_two_organizations_under_one_parent_share_a_name(demo: Demo) -> None:
    for day in (date(2025, 6, 30), demo.today):
        names = Counter(
            (org.parent_on(day), org.name_on(day)) for org in demo.registry.subtree(PROVINCE, day)
        )
        assert [key for key, n in names.items() if n > 1] == [], day


def test_the_reform_founds_its_committees_on_1_july_2025_after_older_units(demo: Demo) -> None:
    new = demo.registry.get_organization(THANH_YEN)
    cells = [o for o in demo.registry.subtree(THANH_YEN, demo.today) if o.code != THANH_YEN]
    province = demo.registry.get_organization(PROVINCE)

    assert new.founded_on == REFORM_ON
    assert len({c.founded_on for c in cells}) > len(cells) // 2
    assert all(province.founded_on < c.founded_on < REFORM_ON for c in cells)


def test_pages_name_the_office_that_recorded_not_a_demo_tag(demo: Demo) -> None:
    app = create_app(
        {"TESTING": True, "SODANG_SETTINGS": demo.settings, "SODANG_REGISTRY": demo.registry}
    )
    try:
        browser = Browser(app.test_client())
        assert browser.login("bantochuc.tinh", "BanToChuc-2025").status_code == 302
        pages = [
            browser.text(f"/orgs/{THANH_YEN}/lineage"),
            browser.text("/orgs/X-THANHYEN/lineage"),
            browser.text(f"/orgs/{THANH_YEN}/audit"),
            browser.text(f"/orgs/{PROVINCE}/audit"),
        ]
    finally:
        extensions.close(app)

    assert not [page for page in pages if "demo:" in page]
    assert any(name in page for page in pages for name in DEMO_RECORDERS)


def test_nothing_of_the_demo_is_recorded_in_the_future(demo: Demo) -> None:
    now = datetime.now(UTC)
    latest, position, count = None, 0, 0
    while True:
        notes = demo.registry.recorder.select_notifications(position, 500, inclusive_of_start=False)
        for note in notes:
            stamp = demo.registry.mapper.to_domain_event(note).timestamp
            latest = stamp if latest is None else max(latest, stamp)
        count += len(notes)
        if len(notes) < 500:
            break
        position = notes[-1].id

    assert count > 1_000
    assert latest is not None and latest <= now, (latest, now)


def test_the_command_line_and_the_pages_count_the_same_roll(demo: Demo) -> None:
    runner = CliRunner()
    shown: dict[str, tuple[int, int]] = {}
    app = create_app(
        {"TESTING": True, "SODANG_SETTINGS": demo.settings, "SODANG_REGISTRY": demo.registry}
    )
    try:
        browser = Browser(app.test_client())
        assert browser.login("bantochuc.tinh", "BanToChuc-2025").status_code == 302
        for code in (PROVINCE, THANH_YEN):
            result = runner.invoke(org_cmd.command, ["show", code], catch_exceptions=False)
            said = re.search(r"đảng viên ngày \S+ \(members on \S+\): (\d+)", result.output)
            page = browser.text(f"/orgs/{code}")
            total = re.search(r'<span class="n" id="total">([^<]+)</span>', page)
            assert said is not None and total is not None, result.output
            shown[code] = (int(said.group(1)), int(re.sub(r"\D", "", total.group(1))))
    finally:
        extensions.close(app)

    assert all(cli == pages > 0 for cli, pages in shown.values()), shown
