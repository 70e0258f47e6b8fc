"""Web fixtures: the app on the test database, users of two districts, an API client per user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from services.store.users import User, UserStore
from services.structure import reorganization as reorg
from tests import writes
from web import create_app, extensions

PASSWORD = "mật-khẩu-thử-nghiệm"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass(frozen=True)
class Tree:
    """Codes of the two-district tree: district 1 from the `province` fixture, district 2 beside it."""

    province: str
    district: str
    committee: str
    cell: str
    other_cell: str
    district2: str
    committee2: str
    cell2: str


@pytest.fixture
def tree(registry: Registry, province: Any) -> Tree:
    """The `province` tree plus a second district with a committee and a cell."""
    second = [
        ("T01.H02", "Đảng bộ huyện Hai", OrgKind.DISTRICT, province.province),
        ("T01.H02.DU01", "Đảng bộ xã Bình", OrgKind.GRASSROOTS_COMMITTEE, "T01.H02"),
        ("T01.H02.DU01.CB01", "Chi bộ thôn Ba", OrgKind.CELL, "T01.H02.DU01"),
    ]
    for code, name, kind, parent in second:
        writes.found_organization(
            registry, code, name, kind, parent, date(2000, 1, 1), "test-clerk"
        )
    return Tree(*province, "T01.H02", "T01.H02.DU01", "T01.H02.DU01.CB01")


@pytest.fixture
def app(settings: Settings, clock: Any, registry: Registry) -> Iterator[Flask]:
    """The Flask app on the test database and clock, sharing the test registry."""
    app = create_app(
        {
            "TESTING": True,
            "SODANG_SETTINGS": settings,
            "SODANG_CLOCK": clock,
            "SODANG_REGISTRY": registry,
            "SODANG_PASSWORD_HASHER": FAST_HASHER,
        }
    )
    yield app
    extensions.close(app)


@pytest.fixture
def users(app: Flask) -> UserStore:
    """The app's user store."""
    with app.app_context():
        return extensions.get_users()


class Api:
    """A test client speaking JSON with one user's bearer token."""

    def __init__(self, client: FlaskClient, token: str | None, user: User | None = None) -> None:
        self.client, self.token, self.user = client, token, user

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**base, **(extra or {})}

    def get(self, path: str, **query: Any) -> TestResponse:
        return self.client.get(path, query_string=query, headers=self.headers())

    def post(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> TestResponse:
        return self.client.post(path, json=body, headers=self.headers(headers))

    def put(self, path: str, body: Any = None) -> TestResponse:
        return self.client.put(path, json=body, headers=self.headers())

    def open(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = self.headers(kwargs.pop("headers", None))
        return self.client.open(path, method=method, headers=headers, **kwargs)


@pytest.fixture
def make_api(app: Flask, users: UserStore, tree: Tree) -> Callable[..., Api]:
    """Creates a user (name, org, role) and returns an API client holding its token."""

    def make(name: str, org: str, role: str, password: str | None = None) -> Api:
        user, token = users.create(name, org, role, password)
        return Api(app.test_client(), token, user)

    return make


@pytest.fixture
def officer(make_api: Callable[..., Api], tree: Tree) -> Api:
    """An officer of district 1."""
    return make_api("h01.officer", tree.district, "officer")


@pytest.fixture
def anonymous(app: Flask) -> Api:
    """A client without a token."""
    return Api(app.test_client(), None)


def admission(
    national_id: str = "001190000001", on: str = "2026-03-10", **member: Any
) -> dict[str, Any]:
    """The JSON body of an admission (kết nạp) of a new person."""
    return {
        "type": "admitted",
        "effective_on": on,
        "decision_no": "12-QĐ/ĐU",
        "decision_on": on,
        "decided_by": "Đảng ủy xã An",
        "member": {
            "national_id": national_id,
            "full_name": "Lò Thị Mai",
            "sex": "female",
            "birth_date": "1998-04-02",
            "ethnicity": "Thái",
            "religion": None,
            "education": "university",
            "political_theory": "basic",
            "youth_union": True,
            "sector": "state_agency",
            **member,
        },
    }


class Reformed(NamedTuple):
    """The two-district tree after a 2025-style reform (see the `reformed` fixture)."""

    commune: str
    merged: tuple[str, str]  # the committees merged into the commune
    dissolved: str  # district 1, ended without successor
    decision: Decision
    renamed_on: date
    effective_on: date  # the first day of the new structure
    known_before: datetime  # a moment between the admissions' recording and the reform's


REFORM_DAY = date(2025, 7, 1)


@pytest.fixture
def reformed(
    registry: Registry, tree: Tree, make_profile: Callable[..., MemberProfile], clock: Any
) -> Reformed:
    """Seven members admitted in 2023 (3 in cell 1, 2 in cell 2 of district 1, 2 in district 2's
    cell); committee 1 renamed in 2024; on 1 July 2025 both committees merged into a new commune
    under the province and district 1 dissolved, recorded an hour after the admissions."""
    for cell, count in ((tree.cell, 3), (tree.other_cell, 2), (tree.cell2, 2)):
        for _ in range(count):
            ceremony = date(2023, 3, 2)
            command = Admit(
                MemberRef(profile=make_profile()),
                ceremony,
                Decision("7-QĐ/HU", date(2023, 2, 1), tree.district),
            )
            writes.admit(registry, cell, command, "test-clerk")
    known_before = clock.advance(minutes=30)  # the admissions known, the reform not yet
    clock.advance(minutes=30)
    decision = Decision("12-QĐ/TU", date(2025, 6, 20), tree.province)
    renamed_on = date(2024, 5, 1)
    writes.rename(registry, tree.committee, "Đảng bộ xã An Mới", renamed_on, decision, "tinh")
    commune = reorg.NewOrganization(
        "T01.X01", "Đảng bộ xã Hợp Nhất", OrgKind.COMMUNE_LEVEL, tree.province
    )
    merged = (tree.committee, tree.committee2)
    writes.merge(registry, list(merged), commune.code, REFORM_DAY, decision, "tinh", found=commune)
    writes.dissolve(registry, tree.district, REFORM_DAY, decision, "tinh")
    clock.advance(hours=1)
    return Reformed(
        commune.code, merged, tree.district, decision, renamed_on, REFORM_DAY, known_before
    )


@pytest.fixture
def peopled(registry: Registry, tree: Tree, make_profile: Callable[..., MemberProfile]) -> Tree:
    """Three members in the first cell, two in the second, one in district 2's cell (the
    reorganization tests of the API and the pages)."""
    from tests.services.structure.conftest import admit

    for org, count in ((tree.cell, 3), (tree.other_cell, 2), (tree.cell2, 1)):
        for _ in range(count):
            admit(registry, org, make_profile(), date(2023, 3, 2))
    return tree


@pytest.fixture
def province_officer(make_api: Callable[..., Api], tree: Tree) -> Api:
    """An officer of the province department: writes anywhere in the province."""
    return make_api("tinh.canbo", tree.province, "officer")
