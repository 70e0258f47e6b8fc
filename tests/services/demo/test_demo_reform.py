"""The 2025 reform replayed on the demo province (small scale) and its history continued after it."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.roll.values import OrgKind
from services.config import Settings
from services.demo import DEMO_TODAY, DemoProvince, generate, successor_links
from services.demo.after_reform import extend_demo, generate_after_reform
from services.demo.reform import (
    RECORDED_AT,
    REFORM_ON,
    new_units,
    replay_reform,
    seat_successors,
)
from services.demo.seeding import SettableClock, found_all, load_events
from services.registry import Registry
from services.structure import reorganization as reorg
from tests.conftest import PG_SERVER, backend_params, pg_clone, pg_connect, pg_drop, sqlite_clone

PROVINCE = "TINH-DIENBIEN"
THANH_YEN = "X-THANHYEN"
EVE = date(2025, 6, 30)
TODAY = date(2026, 11, 21)
LOADED_AT = datetime(2026, 11, 21, 10, 0, tzinfo=RECORDED_AT.tzinfo)


@pytest.fixture(scope="module")
def small() -> DemoProvince:
    """The demo province at 5 % (every commune present)."""
    return generate(seed=2021, scale=0.05)


class Loaded:
    """The small demo loaded once per backend for this module, when first asked for. Each test
    replays the reform on its own copy of it: loading took 5-10 s per test, a copy well under
    one. The load has no signing key, as a test's own loading had none."""

    def __init__(self, small: DemoProvince, folder: Path) -> None:
        self.small, self.folder = small, folder
        self.built: dict[str, str] = {}  # backend -> the SQLite file or the PostgreSQL database

    def source(self, backend: str) -> str:
        if backend not in self.built:
            self.built[backend] = self._load(backend)
        return self.built[backend]

    def _load(self, backend: str) -> str:
        if backend == "sqlite":
            found = str(self.folder / "demo.db")
            url = f"sqlite:///{found}"
        else:
            found = f"sodang_tpl_{secrets.token_hex(6)}"
            with pg_connect("postgres") as admin:
                admin.execute(f'CREATE DATABASE "{found}"')
            url = f"{PG_SERVER}/{found}"
        settings = Settings(
            database_url=url,
            deployment="sodang-test",
            pool_size=2,
            signing_key_file=self.folder / "keys" / "signing.key",
            witness_dir=self.folder / "witness",
        )
        # A registry without projections: these tests are about the event streams, and
        # catching the projections up after every batch would multiply the loading time.
        registry = Registry(settings, clock=SettableClock(self.small.events[0].recorded_at))
        try:
            found_all(registry, self.small.orgs, "demo:seed")
            load_events(registry, self.small.events, "demo:seed")
        finally:
            registry.close()
        return found


@pytest.fixture(scope="module")
def loaded(small: DemoProvince, tmp_path_factory: Any) -> Iterator[Loaded]:
    found = Loaded(small, tmp_path_factory.mktemp("reform"))
    yield found
    if "postgresql" in found.built:
        pg_drop(found.built["postgresql"])


@pytest.fixture(params=backend_params())
def database(request: pytest.FixtureRequest, tmp_path: Path, loaded: Loaded) -> Iterator[str]:
    """This module's test database: a copy of the loaded small demo on this parameter's backend
    (instead of tests/conftest.py's empty one)."""
    if request.param == "sqlite":
        target = tmp_path / "sodang.db"
        sqlite_clone(Path(loaded.source("sqlite")), target)
        yield f"sqlite:///{target}"
        return
    name = pg_clone(loaded.source("postgresql"))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        pg_drop(name)


@pytest.fixture
def seeded(settings):
    """The small demo loaded with its own recording times, before the reform (a copy of
    `loaded`'s), on a registry without projections, its clock on 21 November 2026."""
    registry = Registry(settings, clock=SettableClock(LOADED_AT))
    yield registry
    registry.close()


def test_the_new_commune_level_units_are_the_official_ones():
    units = new_units()

    assert len(units) == 45
    assert len({u.code for u in units}) == 45
    thanh_yen = next(u for u in units if u.official_code == "03349")
    assert (thanh_yen.code, thanh_yen.name) == ("XA-THANHYEN-03349", "Đảng bộ xã Thanh Yên")
    assert thanh_yen.legacy == ("X-NOONGLUONG", "X-PATHOM", "X-THANHYEN")
    assert sum(len(u.legacy) for u in units) == len(successor_links()) == 129


def test_each_district_seat_is_a_new_commune_level_committee():
    seats = seat_successors()
    codes = {u.code for u in new_units()}

    assert len(seats) == 10 and set(seats.values()) <= codes
    assert seats["H-TUANGIAO"] == "XA-TUANGIAO-03253"  # successor of thị trấn Tuần Giáo


@pytest.mark.slow
def test_the_replay_conserves_the_province_and_keeps_2021_as_it_was(seeded):
    before = seeded.roll_count(PROVINCE, EVE)

    report = replay_reform(seeded)

    assert (len(report.founded), len(report.ended)) == (45, 139)
    assert seeded.roll_count(PROVINCE, REFORM_ON) == before
    assert seeded.roll_count(THANH_YEN, date(2021, 1, 1)) == 311
    assert seeded.roll_count(THANH_YEN, date(2021, 10, 5)) == 323
    assert THANH_YEN in seeded.get_organization("H-DIENBIEN").children_on(date(2021, 10, 5))
    assert seeded.get_organization("H-DIENBIEN").children_on(REFORM_ON) == []


@pytest.mark.slow
def test_each_new_committee_holds_on_1_july_what_it_received(seeded):
    report = replay_reform(seeded)

    for code, received in report.received.items():
        assert seeded.roll_count(code, REFORM_ON) == received, code
    province = seeded.get_organization(PROVINCE)
    kinds = Counter(seeded.get_organization(c).kind for c in province.children_on(REFORM_ON))
    assert kinds == {OrgKind.COMMUNE_LEVEL.value: 45, OrgKind.BLOC.value: 1}


@pytest.mark.slow
def test_the_legacy_cells_are_under_their_successor_from_1_july(seeded):
    replay_reform(seeded)

    cell = seeded.get_organization("X-THANHYEN-C01")
    old = seeded.get_organization(THANH_YEN)
    assert (cell.parent_on(EVE), cell.parent_on(REFORM_ON)) == (THANH_YEN, "XA-THANHYEN-03349")
    assert old.successors() == [("XA-THANHYEN-03349", REFORM_ON, "merged")]
    assert (
        seeded.get_organization("H-DIENBIEN-TTYT").parent_on(REFORM_ON)
        == seat_successors()["H-DIENBIEN"]
    )


@pytest.mark.slow
def test_the_replay_is_checked_balanced_and_done_once(seeded):
    replay_reform(seeded)

    again = replay_reform(seeded)
    (check,) = reorg.check_structure(seeded)

    assert again.founded == []
    assert (check.day, check.scope, check.balanced) == (REFORM_ON, (PROVINCE,), True)


@pytest.mark.slow
def test_the_replay_can_run_one_transaction_per_district(seeded):
    before = seeded.roll_count(PROVINCE, EVE)

    report = replay_reform(seeded, per_district=True)

    (check,) = reorg.check_structure(seeded)
    assert (len(report.founded), len(report.ended)) == (45, 139)
    assert check.balanced and check.after == before
    thanh_yen = seeded.get_organization("XA-THANHYEN-03349")
    assert sorted(p for p, _, _ in thanh_yen.predecessors()) == [
        "X-NOONGLUONG",
        "X-PATHOM",
        "X-THANHYEN",
    ]


@pytest.mark.slow
def test_the_history_continues_in_the_new_structure(seeded, small):
    lines = list(extend_demo(seeded, small, 2021, TODAY))
    events = generate_after_reform(small, 2021, TODAY)

    assert "replayed" in lines[0] and lines[-1].startswith("Loaded")
    admissions = [e for e in events if e.body["type"] == "admitted"]
    assert admissions and all(
        e.body["decided_by"].startswith(("XA-", "PHUONG-", "KHOI")) for e in admissions
    )
    assert all(e.recorded_at > RECORDED_AT for e in events)
    assert (
        min(e.body["effective_on"] for e in events if e.body["type"] != "recognized") > "2025-07-01"
    )
    assert reorg.check_structure(seeded)[0].balanced
    assert list(extend_demo(seeded, small, 2021, TODAY))[-1].endswith("already loaded.")


def test_the_history_after_the_reform_is_deterministic(small):
    first = generate_after_reform(small, 2021, TODAY)
    second = generate_after_reform(small, 2021, TODAY)

    assert [(e.recorded_at, e.org, e.body) for e in first] == [
        (e.recorded_at, e.org, e.body) for e in second
    ]
    assert DEMO_TODAY < REFORM_ON


@pytest.mark.slow
def test_the_read_models_follow_the_reform_and_keep_2021_as_it_was(seeded, settings, clock):
    from projections.queries import Queries
    from projections.runner import Runner

    report = replay_reform(seeded)
    Runner(seeded, "figures").catch_up()
    Runner(seeded, "quotas").catch_up()
    queries = Queries(settings, clock=clock)

    eve, day = queries.rollup(PROVINCE, EVE), queries.rollup(PROVINCE, REFORM_ON)
    assert eve.total == day.total == seeded.roll_count(PROVINCE, EVE)
    held = {node.code: node.total for node in day.children}
    for code, received in report.received.items():
        if code in held:
            assert held[code] == received, code
    old = queries.rollup("H-DIENBIEN", date(2021, 10, 5))
    assert {c.code: c.total for c in old.children}[THANH_YEN] == 323
    restated = queries.restated(PROVINCE, date(2021, 10, 5), REFORM_ON, depth=1).then
    assert restated.total == queries.rollup(PROVINCE, date(2021, 10, 5)).total
    thanh_yen = next(c for c in restated.children if c.code == "XA-THANHYEN-03349")
    legacy = {c.code: c.total for c in old.children}
    assert thanh_yen.total == sum(legacy[c] for c in ("X-NOONGLUONG", "X-PATHOM", THANH_YEN))
