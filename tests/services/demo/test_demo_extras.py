"""The demo's extras at a small scale: sign-ins, quotas and dossiers, and a second run adding nothing.

The demo (scale 0.05) is loaded once per backend for this module, as `sodang demo` loads it,
then `demo_extras` runs twice on the history's last day (30 June 2025, 10:00 in Vietnam).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.admission.dossier import Stage
from projections.queries import Queries
from services.admission import pipeline
from services.admission.views import deadline_lists, stage_counts
from services.config import Settings
from services.demo import DEMO_TODAY, DemoProvince, generate
from services.demo.extras import COMMUNE, DISTRICT, PROVINCE, demo_extras
from services.demo.seeding import SettableClock, found_all, load_events
from services.registry import Registry
from services.store.users import UserStore
from services.wiring import build_registry
from tests.conftest import backend_params, pg_wipe
from tests.web.pages.conftest import Browser
from web import create_app, extensions

pytestmark = pytest.mark.slow
SIGN_IN = re.compile(r"^  (?P<name>[a-z.]+)\s+(?P<password>\S+)\s+(?P<role>[a-z]+)\s+(?P<org>\S+)")


@dataclass
class World:
    settings: Settings
    clock: SettableClock
    registry: Registry
    province: DemoProvince
    first: list[str]
    second: list[str]
    position_after_first: int
    position_after_second: int


@pytest.fixture(scope="module", params=backend_params())
def world(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[World]:
    """The small demo loaded on this backend, with its extras added twice."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
        pg_wipe(url.rsplit("/", 1)[1])
    settings = Settings(database_url=url, deployment="sodang-test", pool_size=2)
    province = generate(seed=2021, scale=0.05)
    clock = SettableClock(province.events[0].recorded_at)
    registry = build_registry(settings, clock=clock)
    found_all(registry, province.orgs, "demo:seed")
    load_events(registry, province.events, "demo:seed")
    clock.now = datetime(2025, 6, 30, 3, 0, tzinfo=UTC)
    first = list(demo_extras(registry, province))
    after_first = registry.max_position()
    second = list(demo_extras(registry, province))
    yield World(
        settings, clock, registry, province, first, second, after_first, registry.max_position()
    )
    registry.close()


def sign_ins(lines: list[str]) -> list[dict[str, str]]:
    return [m.groupdict() for line in lines if (m := SIGN_IN.match(line))]


def test_the_demo_users_sign_in_with_the_printed_passwords(world: World) -> None:
    store = UserStore(world.settings)
    try:
        answers = {
            s["name"]: store.authenticate(s["name"], s["password"], "127.0.0.1").user
            for s in sign_ins(world.second)
        }
        token = re.search(r"API token of canbo.dienbien \(H-DIENBIEN\): (\S+)", world.second[-2])
        holder = store.by_token(token.group(1)) if token else None
    finally:
        store.close()

    assert {name: (u.role, u.org) for name, u in answers.items() if u} == {
        "bantochuc.tinh": ("oversight", PROVINCE),
        "canbo.dienbien": ("officer", DISTRICT),
        "canbo.thanhyen": ("officer", COMMUNE),
        "vanthu.chibo": ("clerk", f"{COMMUNE}-C01"),
        "kiemtra.tinh": ("auditor", PROVINCE),
    }
    assert holder is not None and holder.name == "canbo.dienbien"


def test_the_clerk_signs_in_and_sees_the_cells_dossiers(world: World) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SODANG_SETTINGS": world.settings,
            "SODANG_CLOCK": world.clock,
            "SODANG_REGISTRY": world.registry,
        }
    )
    try:
        browser = Browser(app.test_client())
        signed = browser.login("vanthu.chibo", "ChiBo-ThanhYen-2025")
        board = browser.text(f"/orgs/{COMMUNE}-C01/dossiers")
        elsewhere = browser.get(f"/orgs/{COMMUNE}-C02/dossiers")
    finally:
        extensions.close(app)

    assert signed.status_code == 302
    assert "Chờ quyết định kết nạp" in board and 'class="overdue"' in board
    assert elsewhere.status_code == 404


def test_the_quotas_are_in_the_standings(world: World) -> None:
    queries = Queries(world.settings, clock=world.clock)

    province = queries.standing(PROVINCE, "2024", as_of=date(2024, 12, 31))
    district = queries.standing(DISTRICT, "2024", as_of=date(2024, 12, 31))
    commune = queries.standing(COMMUNE, "2025", as_of=DEMO_TODAY)
    term = queries.standing(COMMUNE, "2020-2025", as_of=DEMO_TODAY)
    reached = [
        p.percent
        for child in district.children
        for p in child.plans
        if p.assigned_by == DISTRICT and p.percent is not None
    ]

    assert [p.assigned_by for p in province.plans] == [PROVINCE]
    assert province.children_add_up and district.children_add_up
    assert DISTRICT in {p.assigned_by for p in commune.plans}
    assert [p.assigned_by for p in term.plans] == [DISTRICT]
    assert min(reached) < 100 <= max(reached)  # some under-met, some met


def test_dossiers_at_every_stage_some_overdue_some_due_soon(world: World) -> None:
    scope = pipeline.scope(world.registry, COMMUNE, DEMO_TODAY)

    counts = stage_counts(scope.dossiers)["total"]
    lists = deadline_lists(scope.dossiers, DEMO_TODAY, pipeline.workdays_calendar(), scope.targets)
    assert all(counts[stage] > 0 for stage in Stage), counts
    assert {r.deadline.kind.value for r in lists.overdue} >= {
        "decision",
        "service_target",
        "ceremony",
        "probation_review",
        "recognition_decision",
        "cell_proposal",
    }
    assert len(lists.due_soon) >= 4
    assert any(
        re.match(r"  on 2025-06-30: \d+ deadlines overdue, \d+ due within", line)
        for line in world.first
    )


def test_the_forecast_counts_the_pipeline_against_the_plans(world: World) -> None:
    forecast = pipeline.forecast(world.registry, COMMUNE, 2025, as_of=DEMO_TODAY)

    assert (forecast.awaiting_ceremony, forecast.awaiting_decision) == (3, 5)
    assert forecast.forecast == forecast.admitted + 8
    assert {p.plan for p in forecast.plans} >= {f"{DISTRICT} giao 2025"}


def test_a_second_run_stores_nothing(world: World) -> None:
    assert world.position_after_second == world.position_after_first
    assert any(re.search(r"quotas .*: 0 set, \d+ already there", line) for line in world.second)
    assert sign_ins(world.first) == sign_ins(world.second)
