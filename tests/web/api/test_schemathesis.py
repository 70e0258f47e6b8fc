"""The API exercised by schemathesis from its own OpenAPI document: no 5xx, and every answer
(status, content type, body) conforms to the document; schema-invalid requests are refused.

Bounded: a few examples per operation and generation mode (about 20 s per backend).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from services.registry import Registry
from services.store.users import UserStore
from tests.web.conftest import Tree

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture
def tokens(users: UserStore, tree: Tree) -> list[str]:
    """An officer and an auditor of district 1 (writes, and reads with known_at)."""
    return [
        users.create("h01.canbo", tree.district, "officer")[1],
        users.create("h01.kiemtra", tree.district, "auditor")[1],
    ]


def strategy(operation: Any, codes: list[str], mode: GenerationMode) -> Any:
    """Cases with generated codes, and cases aimed at real organizations of the caller."""
    aimed = [
        operation.as_strategy(generation_mode=mode, path_parameters={"code": c}) for c in codes
    ]
    has_code = "{code}" in operation.path
    return st.one_of(operation.as_strategy(generation_mode=mode), *(aimed if has_code else []))


def run_operation(
    operation: Any, codes: list[str], tokens: list[str], mode: GenerationMode
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy(operation, codes, mode), token=st.sampled_from(tokens))
    def check(case: Any, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_the_api_conforms_to_its_openapi_document(
    app: Flask, tree: Tree, tokens: list[str], registry: Registry, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    codes = [tree.district, tree.committee, tree.cell]

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        run_operation(operation, codes, tokens, mode)

    assert len(operations) >= 13


def test_the_document_is_valid_openapi_3(app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    assert schema.raw_schema["openapi"].startswith("3.")
    assert all(result.ok() for result in schema.get_all_operations())


def paths_and_fields(app: Flask) -> tuple[dict[str, Any], Callable[[str], set[str]]]:
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    return document["paths"], lambda name: set(schemas[name]["properties"])


def test_the_document_keeps_the_contract_paths_and_fields(app: Flask) -> None:
    paths, fields = paths_and_fields(app)

    assert {
        "/api/v1/orgs": {"post"},
        "/api/v1/orgs/{code}": {"get"},
        "/api/v1/orgs/{code}/events": {"get", "post"},
        "/api/v1/orgs/{code}/roll": {"get"},
        "/api/v1/orgs/{code}/rollup": {"get"},
        "/api/v1/orgs/{code}/flows": {"get"},
        "/api/v1/orgs/{code}/indicators": {"get"},
        "/api/v1/orgs/{code}/quotas/{period}": {"put"},
        "/api/v1/orgs/{code}/standings": {"get"},
        "/api/v1/orgs/{code}/members/{member_id}": {"get"},
        "/api/v1/orgs/{code}/diff": {"get"},
    }.items() <= {p: set(ops) - {"parameters"} for p, ops in paths.items()}.items()
    assert fields("FoundOrgBody") == {"code", "name", "kind", "parent", "founded_on"}
    assert fields("Org") == {"code", "name", "kind", "parent", "founded_on", "children"}
    assert fields("Receipt") == {"event_id", "member_id", "recorded_at"}
    assert fields("Roll") == {
        "org",
        "as_of",
        "known_at",
        "total",
        "probationary",
        "official",
        "members",
    }
    assert {"member_id", "full_name", "status", "since"} <= fields("RollMember")
    assert fields("Rollup") == {
        "code",
        "name",
        "kind",
        "total",
        "probationary",
        "official",
        "children",
    }
    assert fields("Flows") == {
        "org",
        "from",
        "to",
        "admitted",
        "readmitted",
        "transferred_in",
        "transferred_out",
        "recognized",
        "expelled",
        "struck_off",
        "died",
        "annulled",
        "admission_rate",
    }
    assert {
        "org",
        "from",
        "to",
        "admitted",
        "women",
        "ethnic_minority",
        "religious",
        "youth_union",
        "under_30",
        "college_or_higher",
        "postgraduate",
        "private_enterprise",
    } <= fields("Indicators")
    assert fields("Share") == {"count", "percent"}
    assert {"target", "assigned_by", "starts_on", "ends_on"} == fields("QuotaBody")
    assert {
        "org",
        "period",
        "as_of",
        "admitted",
        "plans",
        "expected_percent",
        "at_risk",
        "without_admissions",
        "children",
    } <= fields("Standing")
    assert fields("Plan") == {"assigned_by", "target", "percent"}
    assert fields("Error") == {"code", "status", "message", "errors"}


def test_the_event_body_of_the_core_is_documented(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").get_json()

    post = document["paths"]["/api/v1/orgs/{code}/events"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = document["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert {
        "type",
        "effective_on",
        "member",
        "member_id",
        "from",
        "to",
        "corrects",
        "retracts",
    } <= set(properties)
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_document_needs_no_token(app: Flask) -> None:
    answer = app.test_client().get("/api/v1/openapi.json")

    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
