"""Malformed and hostile input stores nothing and never gives a 500, always in the error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.registry import Registry
from tests.web.conftest import Api, Tree, admission

SHAPE = {"code", "status", "message", "errors"}
EVENTS = "/api/v1/orgs/T01.H01.DU01.CB01/events"
ORGS = "/api/v1/orgs"
QUOTA = "/api/v1/orgs/T01.H01.DU01/quotas/2026"


def a_committee(**change: Any) -> dict[str, Any]:
    body = {
        "code": "T01.H01.DU09",
        "name": "Đảng bộ xã Chín",
        "kind": "grassroots_committee",
        "parent": "T01.H01",
        "founded_on": "2010-01-01",
    }
    return {**body, **change}


def member(**change: Any) -> dict[str, Any]:
    return admission(**change)


HOSTILE_JSON: list[tuple[str, str, Any]] = [
    # wrong types
    ("POST", EVENTS, {**admission(), "type": 5}),
    ("POST", EVENTS, {**admission(), "effective_on": 20260310}),
    ("POST", EVENTS, {**admission(), "member": ["Lò Thị Mai"]}),
    ("POST", EVENTS, member(youth_union="có")),
    ("POST", EVENTS, member(birth_date=None)),
    ("POST", EVENTS, {**admission(), "member_id": "not-a-uuid"}),
    ("POST", EVENTS, {**admission(), "decision_no": {"$ne": None}}),
    ("POST", EVENTS, {**admission(), "effective_on": 1e400}),
    (
        "POST",
        EVENTS,
        {
            "type": "transferred_out",
            "effective_on": "2026-01-01",
            "member_id": "00000000-0000-0000-0000-000000000000",
            "to": ["T01"],
        },
    ),
    (
        "POST",
        EVENTS,
        {
            "type": "correction",
            "corrects": "00000000-0000-0000-0000-000000000000",
            "reason": "x",
            "changes": {"effective_on": "2026-01-01", "org": "T01"},
        },
    ),
    ("POST", ORGS, a_committee(founded_on=True)),
    ("PUT", QUOTA, {"target": "5", "assigned_by": "T01.H01"}),
    ("PUT", QUOTA, {"target": 5.5, "assigned_by": "T01.H01"}),
    ("PUT", QUOTA, {"target": True, "assigned_by": "T01.H01"}),
    ("PUT", QUOTA, {"target": 10**30, "assigned_by": "T01.H01"}),
    ("PUT", QUOTA, {"target": -1, "assigned_by": "T01.H01"}),
    # unknown fields
    ("POST", EVENTS, {**admission(), "recorded_at": "2000-01-01T00:00:00Z"}),
    ("POST", EVENTS, member(is_admin=True)),
    ("POST", ORGS, a_committee(owner="me")),
    ("PUT", QUOTA, {"target": 5, "assigned_by": "T01.H01", "approved": True}),
    # script and control characters in names
    ("POST", EVENTS, member(full_name="<script>alert(1)</script>")),
    ("POST", EVENTS, member(ethnicity="Thái<img src=x onerror=alert(1)>")),
    ("POST", EVENTS, {**admission(), "decided_by": "</td><script>x</script>"}),
    ("POST", EVENTS, member(full_name="Lò Thị\u0000 Mai")),
    ("POST", EVENTS, member(full_name="Lò \u202eiaM")),
    ("POST", EVENTS, {**admission(), "note": "ghi chú\u0007"}),
    ("POST", EVENTS, {**admission(), "note": "x\ud800y"}),
    ("POST", EVENTS, member(full_name="Lò \udfff")),
    ("POST", ORGS, a_committee(name="Xã\udbff")),
    ("POST", ORGS, a_committee(name="<script>alert(1)</script>")),
    ("POST", ORGS, a_committee(name="Đảng bộ\x1b[31m")),
    # too long
    ("POST", EVENTS, member(full_name="A" * 50_000)),
    ("POST", EVENTS, {**admission(), "note": "x" * 60_000}),
    ("POST", ORGS, a_committee(code="T" * 1000)),
    # not objects
    ("POST", EVENTS, None),
    ("POST", EVENTS, []),
    ("POST", EVENTS, [admission()]),
    ("POST", EVENTS, "admitted"),
    ("POST", EVENTS, 42),
    ("POST", ORGS, {}),
    ("PUT", QUOTA, {}),
]


def stored_nothing(registry: Registry, before: int) -> bool:
    return registry.max_position() == before


def assert_refused(answer: Any) -> None:
    assert 400 <= answer.status_code < 500, (
        answer.status_code,
        answer.get_data(as_text=True)[:300],
    )
    body = answer.get_json()
    assert set(body) == SHAPE
    assert body["status"] == answer.status_code
    assert answer.mimetype == "application/json"


@pytest.mark.parametrize(("method", "path", "body"), HOSTILE_JSON, ids=range(len(HOSTILE_JSON)))
def test_hostile_bodies_are_refused_and_store_nothing(
    officer: Api, registry: Registry, tree: Tree, method: str, path: str, body: Any
) -> None:
    before = registry.max_position()

    answer = officer.open(method, path, json=body)

    assert_refused(answer)
    assert stored_nothing(registry, before)


def test_an_admission_after_the_transfer_in_is_refused(
    officer: Api, registry: Registry, tree: Tree
) -> None:
    before = registry.max_position()
    body = {
        "type": "transferred_in",
        "effective_on": "2026-01-01",
        "from": {"outside": "Đảng bộ tỉnh khác"},
        "status": "probationary",
        "admitted_on": "9999-12-31",  # its recognition would fall in the year 10000
        "member": admission()["member"],
    }

    answer = officer.post(EVENTS, body)

    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"admitted_on": ["must not be after effective_on"]}
    assert stored_nothing(registry, before)


def test_a_refused_field_is_named(officer: Api, tree: Tree) -> None:
    answer = officer.post(EVENTS, member(full_name="<script>alert(1)</script>"))

    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"member.full_name": ["must not contain < or >"]}


RAW_BODIES: list[tuple[bytes, str]] = [
    (b"{not json", "application/json"),
    (b'{"type": "admitted",', "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"[" * 20_000 + b"]" * 20_000, "application/json"),
    (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "application/json"),
    (json.dumps(admission()).encode(), "text/plain"),
    (b"type=admitted&effective_on=2026-01-01", "application/x-www-form-urlencoded"),
    (b"", "application/json"),
    (b"NaN", "application/json"),
    (b'{"type": ' + b"1" * 5000 + b"}", "application/json"),  # over Python's 4,300 digits
    (b'{"note": ' + b"[" * 900 + b"]" * 900 + b"}", "application/json"),
    (b'{"type": "admitted", "note": "\\ud800"}', "application/json"),
    (b'{"type": "admitted", "type": "died"}', "application/json"),
]


@pytest.mark.parametrize(("data", "content_type"), RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_unparseable_bodies_are_422_and_store_nothing(
    officer: Api, registry: Registry, tree: Tree, data: bytes, content_type: str
) -> None:
    before = registry.max_position()

    answer = officer.client.post(
        EVENTS, data=data, headers=officer.headers({"Content-Type": content_type})
    )

    assert_refused(answer)
    assert stored_nothing(registry, before)


@pytest.mark.parametrize("size", [64 * 1024 + 1, 1024 * 1024, 8 * 1024 * 1024])
def test_huge_bodies_are_413_in_the_error_shape(
    officer: Api, registry: Registry, tree: Tree, size: int
) -> None:
    before = registry.max_position()
    body = json.dumps({**admission(), "note": "x" * size}).encode()

    answer = officer.client.post(
        EVENTS, data=body, headers=officer.headers({"Content-Type": "application/json"})
    )

    assert answer.status_code == 413
    assert answer.get_json()["code"] == "request_entity_too_large"
    assert stored_nothing(registry, before)


HOSTILE_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("roll", {"as_of": "9999-99-99"}),
    ("roll", {"as_of": "0001-01-01"}),
    ("roll", {"as_of": "2026-02-30"}),
    ("roll", {"as_of": "' OR 1=1 --"}),
    ("roll", {"known_at": "yesterday"}),
    ("roll", {"known_at": "2026-01-01T25:00:00Z"}),
    ("roll", {"known_at": "9999-12-31T23:59:59+14:00"}),
    ("roll", {"subtree": "maybe"}),
    ("rollup", {"depth": "-1"}),
    ("rollup", {"depth": "1e9"}),
    ("flows", {}),
    ("flows", {"from": "2026-01-01"}),
    ("flows", {"from": "2026-01-01", "to": "<script>"}),
    ("indicators", {"from": "2026-12-31", "to": "2026-01-01"}),
    ("standings", {"period": "'; DROP TABLE registry_events; --"}),
    ("standings", {"period": "9999"}),
    ("standings", {"period": "2026-1930"}),
    ("series", {"from": "1930-01-01", "to": "2200-12-31"}),
    ("diff", {}),
    ("diff", {"known_at_1": "2026-01-01T00:00:00Z", "known_at_2": "2025-01-01T00:00:00Z"}),
    ("events", {"limit": "100000000000000000000"}),
    ("events", {"offset": "-1"}),
]


@pytest.mark.parametrize(("path", "query"), HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_parameters_get_422_or_403_never_500(
    make_api: Any, tree: Tree, path: str, query: dict[str, Any]
) -> None:
    auditor = make_api("h01.kiemtra", tree.district, "auditor")

    answer = auditor.get(f"/api/v1/orgs/{tree.district}/{path}", **query)

    assert_refused(answer)
    assert answer.status_code in (403, 422)


HOSTILE_PATHS = [
    "/api/v1/orgs/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/orgs/T01%00/roll",
    "/api/v1/orgs/" + "A" * 5000,
    "/api/v1/orgs/t01.h01/roll",
    "/api/v1/orgs/Đảng/roll",
    "/api/v1/orgs/T01.H01/members/not-a-uuid",
    "/api/v1/orgs/T01.H01/members/00000000-0000-0000-0000-000000000000",
    "/api/v1/orgs/T01.H01/quotas/2026",  # GET on a PUT-only route
    "/api/v1/../../etc/passwd",
    "/api/v2/orgs/T01.H01",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_are_404_or_405_in_the_error_shape(officer: Api, path: str) -> None:
    answer = officer.client.get(path, headers=officer.headers())

    assert_refused(answer)
    assert answer.status_code in (404, 405)


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Bearer " + "x" * 8000,
        "Basic dXNlcjpwYXNz",
        "Bearer sdg_\u0000",
        "bearer sdg_" + "é" * 50,
    ],
)
def test_hostile_credentials_are_401(app: Any, authorization: str) -> None:
    answer = app.test_client().get("/api/v1/me", headers={"Authorization": authorization})

    assert_refused(answer)
    assert answer.status_code == 401


def test_a_huge_idempotency_key_is_refused(officer: Api, registry: Registry, tree: Tree) -> None:
    before = registry.max_position()

    answer = officer.post(EVENTS, admission(), headers={"Idempotency-Key": "k" * 5000})

    assert answer.status_code == 422
    assert "Idempotency-Key" in answer.get_json()["errors"]
    assert stored_nothing(registry, before)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
EVENT_KEYS = st.sampled_from(
    [
        "type",
        "effective_on",
        "member",
        "member_id",
        "decision_no",
        "decision_on",
        "decided_by",
        "from",
        "to",
        "status",
        "reason",
        "corrects",
        "retracts",
        "changes",
        "note",
        "id",
    ]
)
EVENT_TYPES = st.sampled_from(
    [
        "admitted",
        "readmitted",
        "transferred_in",
        "recognized",
        "transferred_out",
        "expelled",
        "struck_off",
        "died",
        "admission_annulled",
        "correction",
        "retraction",
        "x",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=EVENT_TYPES,
    fields=st.dictionaries(EVENT_KEYS, JSON_VALUES, max_size=6),
)
def test_generated_event_bodies_never_give_a_500(
    officer: Api, tree: Tree, kind: str, fields: dict[str, Any]
) -> None:
    answer = officer.post(EVENTS, {**fields, "type": kind})

    assert answer.status_code < 500, answer.get_data(as_text=True)
    assert set(answer.get_json()) in (SHAPE, {"event_id", "member_id", "recorded_at"})
