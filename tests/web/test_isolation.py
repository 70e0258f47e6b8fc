"""Isolation, generated over every route of the app: a user of one district gets 404 for everything
of another district, as for a code that does not exist, and cannot write there.

The routes come from `app.url_map`: every API route and every page under /orgs/ that takes an
organization code. A new API route without a valid example request below fails the coverage
test, so no route escapes the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from services import pipeline
from services.bodies import parse_body
from services.bodies_dossier import parse_open
from services.registry import Registry
from services.users import UserStore
from tests.web.conftest import FAST_HASHER, Tree, admission
from web import create_app, extensions

PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}
# A valid request for each API endpoint (query, body), so that only access can refuse it.
API_EXAMPLES: dict[tuple[str, str], Callable[[str], tuple[dict[str, Any], Any]]] = {
    ("orgs.Org", "GET"): lambda code: ({}, None),
    ("orgs.Events", "GET"): lambda code: ({}, None),
    ("orgs.Events", "POST"): lambda code: ({}, admission("001190099999")),
    ("orgs.Quotas", "PUT"): lambda code: ({}, {"target": 3, "assigned_by": code}),
    ("reports.Roll", "GET"): lambda code: ({}, None),
    ("reports.Rollup", "GET"): lambda code: ({}, None),
    ("reports.Flows", "GET"): lambda code: (PERIOD, None),
    ("reports.Indicators", "GET"): lambda code: (PERIOD, None),
    ("reports.Standings", "GET"): lambda code: ({"period": "2026"}, None),
    ("reports.Diff", "GET"): lambda code: ({"known_at_1": "2026-01-01T00:00:00Z"}, None),
    ("reports.Series", "GET"): lambda code: (PERIOD, None),
    ("reports.MemberHistory", "GET"): lambda code: ({}, None),
    # changes of structure (web/api/structure.py)
    ("structure.RestatedFigures", "GET"): lambda code: ({"as_of": "2021-01-01"}, None),
    ("structure.OrgLineage", "GET"): lambda code: ({}, None),
    # the admission pipeline (web/api/dossiers.py)
    ("dossiers.Dossiers", "GET"): lambda code: ({}, None),
    ("dossiers.Dossiers", "POST"): lambda code: ({}, dossier_opening("001195099999")),
    ("dossiers.Dossier", "GET"): lambda code: ({}, None),
    ("dossiers.Steps", "POST"): lambda code: (
        {},
        {"step": "course_completed", "on": "2026-01-05", "certificate_no": "CN-1"},
    ),
    ("dossiers.Deadlines", "GET"): lambda code: ({}, None),
    ("dossiers.StepDays", "GET"): lambda code: ({}, None),
    ("dossiers.Agenda", "GET"): lambda code: ({}, None),
    ("dossiers.Forecast", "GET"): lambda code: ({}, None),
    ("dossiers.Settings", "GET"): lambda code: ({}, None),
    ("dossiers.Settings", "PUT"): lambda code: ({}, {"service_target_days": 60}),
    ("dossiers.Authority", "POST"): lambda code: (
        {},
        {"action": "grant", "from_on": "2026-01-01", "document_no": "1-QĐ/HU"},
    ),
}
ROLES = [
    ("officer", "district"),
    ("oversight", "district"),
    ("auditor", "district"),
    ("clerk", "committee"),
]
IGNORED = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Target:
    codes: list[str]
    member_id: str
    dossier_id: str = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def isolated_app(settings: Any, clock: Any, registry: Registry) -> Iterator[Flask]:
    """The app with CSRF off, so that page forms reach their access checks."""
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SODANG_SETTINGS": settings,
            "SODANG_CLOCK": clock,
            "SODANG_REGISTRY": registry,
            "SODANG_PASSWORD_HASHER": FAST_HASHER,
        }
    )
    yield app
    extensions.close(app)


def admit_in(registry: Registry, cell: str, national_id: str) -> str:
    command, _ = parse_body(admission(national_id))
    return str(registry.execute(cell, command, recorded_by="test").member_id)


def dossier_opening(national_id: str) -> dict[str, Any]:
    """The body that puts a candidate on a cell's source list."""
    return {"on": "2026-01-02", "candidate": dict(admission(national_id)["member"])}


def open_in(registry: Registry, cell: str, national_id: str) -> str:
    command = parse_open(cell, dossier_opening(national_id))
    return str(pipeline.open_dossier(registry, command, "test").id)


@pytest.fixture
def hidden(registry: Registry, tree: Tree) -> Target:
    """District 2's codes (and the province above both), with a member in district 2's cell."""
    member = admit_in(registry, tree.cell2, "001190000222")
    dossier = open_in(registry, tree.cell2, "001195000222")
    return Target([tree.district2, tree.committee2, tree.cell2, tree.province], member, dossier)


@pytest.fixture
def own(registry: Registry, tree: Tree) -> Target:
    """District 1's codes with a member in its first cell."""
    member = admit_in(registry, tree.cell, "001190000111")
    dossier = open_in(registry, tree.cell, "001195000111")
    return Target([tree.district, tree.committee, tree.cell], member, dossier)


def api_rules(app: Flask) -> list[Rule]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/v1/") and "code" in r.arguments
    ]


def page_rules(app: Flask) -> list[Rule]:
    return [
        r for r in app.url_map.iter_rules() if r.rule.startswith("/orgs/") and "code" in r.arguments
    ]


def url(app: Flask, rule: Rule, code: str, member_id: str, dossier_id: str = "") -> str:
    values = {"code": code, "member_id": member_id, "period": "2026", "name": "roll", "fmt": "csv"}
    values["dossier_id"] = dossier_id or Target.dossier_id
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments})


def call(
    app: Flask,
    client: Any,
    rule: Rule,
    method: str,
    code: str,
    member_id: str,
    headers: dict[str, str],
    dossier_id: str = "",
) -> Any:
    path = url(app, rule, code, member_id, dossier_id)
    if rule.rule.startswith("/api/"):
        query, body = API_EXAMPLES[(rule.endpoint, method)](code)
        return client.open(path, method=method, query_string=query, json=body, headers=headers)
    return client.open(path, method=method, data={}, headers=headers)


def test_every_api_route_with_a_code_has_an_example(isolated_app: Flask) -> None:
    routes = {(r.endpoint, m) for r in api_rules(isolated_app) for m in r.methods - IGNORED}

    assert routes == set(API_EXAMPLES)


@pytest.mark.parametrize(("role", "place"), ROLES, ids=[r for r, _ in ROLES])
def test_another_district_is_404_everywhere_and_unwritable(
    isolated_app: Flask,
    users: UserStore,
    registry: Registry,
    tree: Tree,
    hidden: Target,
    role: str,
    place: str,
) -> None:
    user, token = users.create(f"h01.{role}", getattr(tree, place), role)
    bearer = {"Authorization": f"Bearer {token}"}
    client = isolated_app.test_client()
    with client.session_transaction() as session:
        session["uid"] = user.id
    before = registry.max_position()

    leaks = []
    for rule in api_rules(isolated_app) + page_rules(isolated_app):
        headers = bearer if rule.rule.startswith("/api/") else {}
        for method in sorted(rule.methods - IGNORED):
            for code in hidden.codes:
                answer = call(
                    isolated_app,
                    client,
                    rule,
                    method,
                    code,
                    hidden.member_id,
                    headers,
                    hidden.dossier_id,
                )
                if answer.status_code != 404:
                    leaks.append(
                        (
                            method,
                            url(isolated_app, rule, code, hidden.member_id),
                            answer.status_code,
                        )
                    )
    founded = client.post(
        "/api/v1/orgs",
        json={
            "code": "T01.H02.DU09",
            "name": "X",
            "kind": "grassroots_committee",
            "parent": tree.district2,
            "founded_on": "2010-01-01",
        },
        headers=bearer,
    )

    assert leaks == []
    assert founded.status_code == 404
    assert registry.max_position() == before


@pytest.mark.parametrize(("role", "place"), ROLES, ids=[r for r, _ in ROLES])
def test_the_own_subtree_is_not_404(
    isolated_app: Flask, users: UserStore, tree: Tree, own: Target, role: str, place: str
) -> None:
    _, token = users.create(f"h01.{role}", getattr(tree, place), role)
    client = isolated_app.test_client()
    reachable = own.codes[1:] if role == "clerk" else own.codes

    refused = []
    for rule in api_rules(isolated_app):
        for method in sorted(rule.methods - IGNORED):
            for code in reachable:
                answer = call(
                    isolated_app,
                    client,
                    rule,
                    method,
                    code,
                    own.member_id,
                    {"Authorization": f"Bearer {token}"},
                    own.dossier_id,
                )
                if answer.status_code == 404 and rule.endpoint != "reports.MemberHistory":
                    refused.append(
                        (method, url(isolated_app, rule, code, own.member_id), answer.get_json())
                    )

    assert refused == []
