"""Isolation over every route, generated from the url map and the OpenAPI document (issue 10).

Nobody sees outside their subtree at any date. One world is built per database (through the
services, as a real registry would hold it):

    T01 province
    ├── H01 district
    │   ├── A  = H01.DU01  (commune)  ── C  = H01.DU01.CB01 moves from A to B on D
    │   │                             └─ C2 = H01.DU01.CB02
    │   └── B  = H01.DU02  (commune)  ── B1 = H01.DU02.CB01
    ├── H02 district ── H02.DU01 ── H02.DU01.CB01
    └── H03 district ── H03.DU01 ── H03.DU01.CB01   (H03 dissolved on E, its committee
                                                     carried to H02)

with a dossier opened in C before D and one after, a member admitted in C before D and one
after, and one admitted in H03's cell before E. Accounts of every role sit in A (the moved
cell's old parent), B (its new parent) and H03 (the ended district).

For every route (endpoint x method) of the url map and of the OpenAPI document that names an
organization, every account, every organization foreign to that account on the day asked
(as_of the day before D, D and today for the routes that take a day; today for the others and
for every write), the answer (status and body) must be the very answer given for a code that
does not exist, once the code itself is replaced; and nothing may be stored. A route neither
exercised here nor listed as public with a reason fails `test_every_route_is_covered`.
Positive checks show the old parent reading the moved cell's past and the new parent its
present, and neither reading the other's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from domain.roll.values import OrgKind
from services.admission.bodies import parse_open
from services.config import Settings
from services.registry import Registry
from services.roll.bodies import parse_body
from services.roll.commands import Decision
from services.store.users import ROLES
from services.wiring import build_registry
from tests import writes
from tests.conftest import START, Clock, backend_params, pg_wipe
from tests.web.conftest import FAST_HASHER, admission
from web import create_app, extensions
from web.auth import EPOCH_KEY, SESSION_KEY

D = date(2024, 3, 1)  # the cell C moves from commune A to commune B
E = date(2025, 7, 1)  # district H03 is dissolved
TODAY = date(2026, 11, 21)  # START in Vietnam
DAYS = (D - timedelta(days=1), D, TODAY)
UNKNOWN = "T01.H09"  # a code that does not exist

T01, H01, A, B = "T01", "T01.H01", "T01.H01.DU01", "T01.H01.DU02"
C, C2, B1 = "T01.H01.DU01.CB01", "T01.H01.DU01.CB02", "T01.H01.DU02.CB01"
H02, H02_DU, H02_CB = "T01.H02", "T01.H02.DU01", "T01.H02.DU01.CB01"
H03, H03_DU, H03_CB = "T01.H03", "T01.H03.DU01", "T01.H03.DU01.CB01"
ALL = (T01, H01, A, C, C2, B, B1, H02, H02_DU, H02_CB, H03, H03_DU, H03_CB)
HOMES = (A, B, H03)
TREE = [
    (T01, "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None),
    (H01, "Đảng bộ huyện Một", OrgKind.DISTRICT, T01),
    (A, "Đảng bộ xã An", OrgKind.GRASSROOTS_COMMITTEE, H01),
    (C, "Chi bộ thôn Một", OrgKind.CELL, A),
    (C2, "Chi bộ thôn Hai", OrgKind.CELL, A),
    (B, "Đảng bộ xã Bình", OrgKind.GRASSROOTS_COMMITTEE, H01),
    (B1, "Chi bộ thôn Ba", OrgKind.CELL, B),
    (H02, "Đảng bộ huyện Hai", OrgKind.DISTRICT, T01),
    (H02_DU, "Đảng bộ xã Cường", OrgKind.GRASSROOTS_COMMITTEE, H02),
    (H02_CB, "Chi bộ thôn Bốn", OrgKind.CELL, H02_DU),
    (H03, "Đảng bộ huyện Ba", OrgKind.DISTRICT, T01),
    (H03_DU, "Đảng bộ xã Dũng", OrgKind.GRASSROOTS_COMMITTEE, H03),
    (H03_CB, "Chi bộ thôn Năm", OrgKind.CELL, H03_DU),
]


def own(home: str, role: str, day: date) -> set[str]:
    """What an account of `home` reads on a day, written out by hand (not by web/permissions/reach.py)."""
    if home == A:
        return {A, C2} | ({C} if day < D else set())
    if home == B:
        return {B, B1} | ({C} if day >= D else set())
    found = {H03}  # an ended organization's accounts keep its history, up to its end
    if day < E:
        found |= {H03_CB} if role == "clerk" else {H03_DU, H03_CB}
    return found


def foreign(home: str, role: str, day: date | None, period: bool = False) -> list[str]:
    """Codes the account must not read on a day (default today); over a period reaching back
    before D, those it reached on none of its days (one day on each side of D and E)."""
    days = (D - timedelta(days=1), D, E - timedelta(days=1), TODAY) if period else (day or TODAY,)
    reached = set().union(*(own(home, role, each) for each in days))
    return [code for code in ALL if code not in reached]


# -- the world ------------------------------------------------------------------------------


@dataclass
class World:
    app: Flask
    registry: Registry
    dossier_before: str  # opened in C before D: the old parent's
    dossier_after: str  # opened in C after D: the new parent's
    member_before: str  # admitted in C before D
    member_after: str  # admitted in C after D
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)  # (home, role) -> token
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    epochs: dict[tuple[str, str], int] = field(default_factory=dict)  # session epoch at creation


def admit(registry: Registry, cell: str, national_id: str, on: date) -> str:
    command, _ = parse_body(admission(national_id, on=on.isoformat()))
    return str(writes.execute(registry, cell, command, recorded_by="test").member_id)


def open_dossier(registry: Registry, cell: str, national_id: str, on: date) -> str:
    body = {"on": on.isoformat(), "candidate": dict(admission(national_id)["member"])}
    body["candidate"]["full_name"] = f"Ứng viên {national_id[-4:]}"
    return str(writes.open_dossier(registry, parse_open(cell, body), "test").id)


@pytest.fixture(scope="module", params=backend_params())
def world(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[World]:
    """The world above on one database, shared by the module's tests (read-only for them)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('isolation') / 'sodang.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
        pg_wipe(url.rsplit("/", 1)[1])
    settings = Settings(database_url=url, deployment="sodang-test", pool_size=2)
    clock = Clock(datetime(2001, 6, 1, 3, 0, tzinfo=UTC))
    registry = build_registry(settings, clock=clock)
    for code, name, kind, parent in TREE:
        writes.found_organization(registry, code, name, kind, parent, date(2000, 1, 1), "test")
    clock.set(START)
    decision = Decision("12-QĐ/TU", D - timedelta(days=10), T01)
    writes.move(registry, C, B, D, decision, "test")
    member_before = admit(registry, C, "001190000101", date(2024, 1, 15))
    member_after = admit(registry, C, "001190000102", date(2024, 6, 3))
    admit(registry, H03_CB, "001190000103", date(2023, 5, 4))
    writes.dissolve(registry, H03, E, decision, "test", carry_to=H02)
    dossier_before = open_dossier(registry, C, "001195000201", date(2024, 1, 10))
    dossier_after = open_dossier(registry, C, "001195000202", date(2024, 4, 1))
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
    found = World(app, registry, dossier_before, dossier_after, member_before, member_after)
    with app.app_context():
        users = extensions.get_users()
        for home in HOMES:
            for role in ROLES:
                user, token = users.create(f"{home.lower()}.{role}", home, role)
                found.tokens[(home, role)] = token
                found.ids[(home, role)] = user.id
                found.epochs[(home, role)] = user.session_epoch
    yield found
    extensions.close(app)
    registry.close()


# -- the routes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A valid request, so that only access can refuse it: query and body for a code."""

    query: Callable[[str], dict[str, Any]] = lambda code: {}
    body: Callable[[str], Any] = lambda code: None
    dated: bool = False  # pages: reads `as_of` (the API's routes say so in the OpenAPI)


PERIOD = {"from": "2024-01-01", "to": TODAY.isoformat()}
OPENING = {"on": "2026-01-02", "candidate": dict(admission("001195099999")["member"])}
STEP = {"step": "course_completed", "on": "2026-01-05", "certificate_no": "CN-1"}
AUTHORITY = {"action": "grant", "from_on": "2026-01-01", "document_no": "1-QĐ/HU"}
RENAMING = {"kind": "rename", "name": "Chi bộ mới", "on": "2026-11-01"}
EXAMPLES: dict[tuple[str, str], Example] = {
    ("orgs.Org", "GET"): Example(),
    ("orgs.Events", "GET"): Example(),
    ("orgs.Events", "POST"): Example(body=lambda code: admission("001190099999")),
    ("orgs.Quotas", "PUT"): Example(body=lambda code: {"target": 3, "assigned_by": code}),
    ("reports.Roll", "GET"): Example(),
    ("reports.Rollup", "GET"): Example(),
    ("reports.Flows", "GET"): Example(query=lambda code: PERIOD),
    ("reports.Indicators", "GET"): Example(query=lambda code: PERIOD),
    ("reports.Standings", "GET"): Example(query=lambda code: {"period": "2024"}),
    ("reports.Diff", "GET"): Example(query=lambda code: {"known_at_1": "2024-01-01T00:00:00Z"}),
    ("reports.Series", "GET"): Example(query=lambda code: PERIOD),
    ("reports.MemberHistory", "GET"): Example(),
    ("structure.RestatedFigures", "GET"): Example(),  # as_of: the past day, always given
    # the statistics forms of a period (path `period`: 2026, compared with 2025)
    ("forms.Forms", "GET"): Example(),
    ("structure.OrgLineage", "GET"): Example(),
    # a decision about the organization, previewed or stored: renaming it is valid for any code
    ("reorganizations.Reorganizations", "POST"): Example(body=lambda code: RENAMING),
    ("dossiers.Dossiers", "GET"): Example(),
    ("dossiers.Dossiers", "POST"): Example(body=lambda code: OPENING),
    ("dossiers.Dossier", "GET"): Example(),
    ("dossiers.Steps", "POST"): Example(body=lambda code: STEP),
    ("dossiers.Deadlines", "GET"): Example(),
    ("dossiers.StepDays", "GET"): Example(),
    ("dossiers.Agenda", "GET"): Example(),
    ("dossiers.Forecast", "GET"): Example(),
    ("dossiers.Settings", "GET"): Example(),
    ("dossiers.Settings", "PUT"): Example(body=lambda code: {"service_target_days": 60}),
    ("dossiers.Authority", "POST"): Example(body=lambda code: AUTHORITY),
    # the search names an organization by its code in the query: a foreign one finds nothing
    ("search.Search", "GET"): Example(query=lambda code: {"q": code}),
    # report periods (issue 14): the subtree's reports, and a step on the organization's own
    ("periods.Reports", "GET"): Example(),
    ("periods.Reports", "POST"): Example(body=lambda code: {"action": "prepare"}),
    # the pages (web/pages): forms are posted empty, CSRF off, so that access decides
    ("pages_dashboard.dashboard", "GET"): Example(dated=True),
    ("pages_dashboard.roll", "GET"): Example(dated=True),
    ("pages_audit.audit", "GET"): Example(
        query=lambda code: {"known_at": "2024-01-01T07:00"}, dated=True
    ),
    ("pages_dossiers.board", "GET"): Example(dated=True),
    ("pages_dossiers.deadlines", "GET"): Example(dated=True),
    ("pages_dossiers.agenda", "GET"): Example(dated=True),
    ("pages_dossiers.forecast", "GET"): Example(dated=True),
    ("pages_dossiers.settings", "GET"): Example(),
    ("pages_dossiers.settings", "POST"): Example(),
    ("pages_dossier.dossier", "GET"): Example(dated=True),
    ("pages_dossier.dossier", "POST"): Example(),
    ("pages_dossier.open_dossier", "GET"): Example(),
    ("pages_dossier.open_dossier", "POST"): Example(),
    ("pages_events.record", "GET"): Example(),
    ("pages_events.record", "POST"): Example(),
    ("pages_exports.export", "GET"): Example(dated=True),
    ("pages_exports.member_export", "GET"): Example(),
    ("pages_lineage.lineage", "GET"): Example(),
    ("pages_forms.forms", "GET"): Example(),
    ("pages_forms.workbook", "GET"): Example(),
    ("pages_members.member", "GET"): Example(),
    ("pages_quotas.set_quota", "GET"): Example(),
    ("pages_quotas.set_quota", "POST"): Example(),
    ("pages_reorganize.reorganize", "GET"): Example(),
    ("pages_reorganize.reorganize", "POST"): Example(),
    ("pages_reorganize.split", "GET"): Example(),
    ("pages_reorganize.split", "POST"): Example(),
    ("pages_search.search_page", "GET"): Example(query=lambda code: {"q": code}, dated=True),
    ("pages_search.go", "GET"): Example(query=lambda code: {"code": code}, dated=True),
    ("pages_periods.period_page", "GET"): Example(),
    ("pages_periods.period_page", "POST"): Example(),
    ("pages_period_exports.report_xlsx", "GET"): Example(),
    ("pages_period_exports.report_pdf", "GET"): Example(),
    ("pages_period_exports.verify_page", "GET"): Example(),
    ("pages_period_exports.verify_page", "POST"): Example(),
}
# Routes that name no organization, each with the reason it needs no isolation check.
PUBLIC = {
    "static": "the application's static files: no data",
    "pages_assets.static": "the pages' scripts and styles: no data",
    "api-docs.openapi_json": "the API's contract: no data",
    "pages_auth.login_form": "the sign-in form: no organization",
    "pages_auth.login": "signing in: no organization",
    "pages_auth.logout": "signing out: no organization",
    "pages_i18n.switch": "the language switch: `code` is a language, not an organization",
    "pages_dashboard.home": "redirects to the signed-in person's own organization",
    "me.Me": "the caller's own account, nothing of any organization",
}
PARENT_IN_BODY = ("orgs.Orgs", "POST")
# Reports of two days (a past day on a later structure, or a report beside today's knowledge):
# reached on one of them is not enough, so they are left out of the check of what is reached.
TWO_DAYS = {
    "structure.RestatedFigures",
    "pages_audit.audit",
}  # founding: the organization is the body's parent
IGNORED = {"HEAD", "OPTIONS"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app: Flask) -> list[tuple[Rule, str]]:
    found = [(r, m) for r in app.url_map.iter_rules() for m in sorted(r.methods - IGNORED)]
    return sorted(found, key=lambda item: (item[0].rule, item[1]))


def openapi_operations(app: Flask) -> set[tuple[str, str]]:
    """(url-map rule, METHOD) of every operation of the OpenAPI document."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    converters = {"dossier_id": "uuid:dossier_id", "member_id": "uuid:member_id"}
    found = set()
    for path, operations in spec["paths"].items():
        rule = re.sub(r"\{(\w+)\}", lambda m: f"<{converters.get(m[1], m[1])}>", path)
        for method in operations:
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                found.add((rule, method.upper()))
    return found


def takes(app: Flask, parameter: str) -> set[tuple[str, str]]:
    """(rule, METHOD) of the API operations whose query takes `parameter`, from the OpenAPI."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    converters = {"dossier_id": "uuid:dossier_id", "member_id": "uuid:member_id"}
    found = set()
    for path, operations in spec["paths"].items():
        rule = re.sub(r"\{(\w+)\}", lambda m: f"<{converters.get(m[1], m[1])}>", path)
        for method, operation in operations.items():
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue  # the path's own parameters
            names = {p.get("name") for p in operation.get("parameters", []) if isinstance(p, dict)}
            if parameter in names:
                found.add((rule, method.upper()))
    return found


@dataclass(frozen=True)
class Case:
    """One request of the matrix: a route and method, and the day asked (None: not dated)."""

    rule: Rule
    method: str
    day: date | None
    period: bool = False  # over a period and no `as_of`: foreign is foreign all of it


def cases(app: Flask) -> list[Case]:
    """Every checked route with the days it is asked on: writes and undated reads today."""
    dated = takes(app, "as_of")
    periods = takes(app, "from") - dated
    found = []
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC or (rule.endpoint, method) == PARENT_IN_BODY:
            continue
        example = EXAMPLES[(rule.endpoint, method)]
        asks_day = (rule.rule, method) in dated or example.dated
        if rule.endpoint == "structure.RestatedFigures":
            asks_day = True
        if method in WRITES or not asks_day:
            found.append(Case(rule, method, None, (rule.rule, method) in periods))
        else:
            found.extend(Case(rule, method, day) for day in DAYS)
    return found


def path_of(app: Flask, world: World, rule: Rule, code: str) -> str:
    values = {
        "code": code,
        "member_id": world.member_after,
        "dossier_id": world.dossier_after,
        "period": "2026",
        "name": "roll",
        "fmt": "csv",
    }
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments})


def ask(world: World, client: FlaskClient, token: str, case: Case, code: str) -> Any:
    example = EXAMPLES[(case.rule.endpoint, case.method)]
    query = dict(example.query(code))
    if case.day is not None:
        query["as_of"] = case.day.isoformat()
    if case.rule.endpoint == "structure.RestatedFigures" and "as_of" not in query:
        query["as_of"] = TODAY.isoformat()
    path = path_of(world.app, world, case.rule, code)
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {token}"}
        body = example.body(code)
        return client.open(path, method=case.method, query_string=query, json=body, headers=headers)
    return client.open(path, method=case.method, query_string=query, data={})


CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def normalised(answer: Any, code: str) -> tuple[int, str]:
    """Status and body, with the code asked for replaced by the unknown one (and the pages'
    CSRF tokens, signed with the second they were made, blanked)."""
    text = CSRF.sub('name="csrf_token" value=""', answer.get_data(as_text=True))
    # The code may also stand in an encoded query string (the search's `q=` in the language
    # switch's `next`), after "%3D".
    before = r"(?:(?<![A-Za-z0-9._-])|(?<=%3D))"
    pattern = rf"{before}{re.escape(code)}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])"
    return answer.status_code, re.sub(pattern, UNKNOWN, text)


def client_of(world: World, home: str, role: str) -> FlaskClient:
    client = world.app.test_client()
    with client.session_transaction() as session:
        session[SESSION_KEY] = world.ids[(home, role)]
        session[EPOCH_KEY] = world.epochs[(home, role)]
    # Signed in for real: a session the app refused would make every page answer the same
    # redirect to the sign-in page, and the comparison with an unknown code would prove nothing.
    own = client.get(f"/orgs/{home}")
    assert own.status_code == 200, (home, role, own.status_code)
    return client


# -- coverage -------------------------------------------------------------------------------


def test_every_route_is_covered(world: World) -> None:
    app = world.app
    mapped = {(r.rule, m) for r, m in routes(app)}
    documented = openapi_operations(app)
    endpoints = {(r.rule, m): r.endpoint for r, m in routes(app)}
    unchecked = [
        (rule, method)
        for rule, method in sorted(mapped | documented)
        if endpoints.get((rule, method)) not in PUBLIC
        and (endpoints.get((rule, method)), method) not in {*EXAMPLES, PARENT_IN_BODY}
    ]

    assert documented <= mapped, "an OpenAPI operation that the url map does not serve"
    assert unchecked == []
    assert set(EXAMPLES) <= {(r.endpoint, m) for r, m in routes(app)}, "a stale example"
    assert all(reason for reason in PUBLIC.values())


# -- the matrix -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_foreign_organization_answers_as_an_unknown_code(world: World, role: str) -> None:
    before = world.registry.max_position()
    leaks: list[tuple[Any, ...]] = []
    checked = 0
    for home in HOMES:
        token = world.tokens[(home, role)]
        client = client_of(world, home, role)
        for case in cases(world.app):
            unknown = normalised(ask(world, client, token, case, UNKNOWN), UNKNOWN)
            for code in foreign(home, role, case.day, case.period):
                answer = normalised(ask(world, client, token, case, code), code)
                checked += 1
                if answer != unknown:
                    leak = (home, case.method, case.rule.rule, code, case.day, answer[0])
                    leaks.append((*leak, answer[1][:200]))
        for code in foreign(home, role, TODAY):
            body = {"code": "T01.X77", "name": "X", "kind": "cell", "founded_on": "2010-01-01"}
            headers = {"Authorization": f"Bearer {token}"}
            found = client.post("/api/v1/orgs", json={**body, "parent": code}, headers=headers)
            missing = client.post("/api/v1/orgs", json={**body, "parent": UNKNOWN}, headers=headers)
            checked += 1
            if normalised(found, code) != normalised(missing, UNKNOWN):
                leaks.append((home, "POST", "/api/v1/orgs", code, None, found.status_code))
    print(f"\n{role}: {checked} foreign answers compared with an unknown code's")
    print(*leaks, sep="\n")

    assert leaks == []
    assert world.registry.max_position() == before, "a refused request stored something"
    assert checked >= 1000


@pytest.mark.parametrize("role", ROLES)
def test_what_an_account_reaches_is_not_refused(world: World, role: str) -> None:
    refused = []
    for home in HOMES:
        token = world.tokens[(home, role)]
        client = client_of(world, home, role)
        for case in cases(world.app):
            needs_id = {"dossier_id", "member_id"} & set(case.rule.arguments)
            if case.method in WRITES or needs_id or case.rule.endpoint in TWO_DAYS:
                continue  # writes would change the world; ids belong to one cell
            if not case.rule.rule.startswith("/api/"):
                continue  # the pages read through the same access (their own tests show them)
            for code in sorted(own(home, role, case.day or TODAY)):
                answer = ask(world, client, token, case, code)
                if answer.status_code == 404:
                    refused.append((home, case.rule.rule, code, case.day))

    print(*refused, sep="\n")
    assert refused == []


# -- the moved cell: the old parent reads its past, the new parent its present ---------------


def api(world: World, home: str, path: str, **query: Any) -> Any:
    token = world.tokens[(home, "officer")]
    return world.app.test_client().get(
        path, query_string=query, headers={"Authorization": f"Bearer {token}"}
    )


def test_the_old_parent_reads_the_moved_cells_dossiers_up_to_the_move_only(world: World) -> None:
    eve = (D - timedelta(days=1)).isoformat()
    then = api(world, A, f"/api/v1/orgs/{C}/dossiers", as_of=eve).get_json()
    now = api(world, A, f"/api/v1/orgs/{C}/dossiers")
    later = api(world, A, f"/api/v1/orgs/{C}/dossiers/{world.dossier_after}", as_of=eve)
    mine = api(world, A, f"/api/v1/orgs/{A}/dossiers", as_of=eve).get_json()

    assert [d["id"] for d in then["dossiers"]] == [world.dossier_before]
    assert [d["id"] for d in mine["dossiers"]] == [world.dossier_before]
    assert now.status_code == later.status_code == 404


def test_the_new_parent_reads_the_moved_cells_dossiers_from_the_move_only(world: World) -> None:
    eve = (D - timedelta(days=1)).isoformat()
    now = api(world, B, f"/api/v1/orgs/{C}/dossiers").get_json()
    then = api(world, B, f"/api/v1/orgs/{C}/dossiers", as_of=eve)
    april = api(world, B, f"/api/v1/orgs/{B}/dossiers", as_of="2024-03-15").get_json()

    assert sorted(d["id"] for d in now["dossiers"]) == sorted(
        [world.dossier_before, world.dossier_after]
    )
    assert [d["id"] for d in april["dossiers"]] == [world.dossier_before]  # Q opens on 1 April
    assert then.status_code == 404


def test_the_dated_dossier_reports_hold_only_what_each_parent_held_on_the_day(
    world: World,
) -> None:
    eve = (D - timedelta(days=1)).isoformat()
    summer = "2024-06-30"  # B holds C: the dossier opened on 1 April and a June admission
    old_days = api(world, A, f"/api/v1/orgs/{C}/dossiers/step-days", as_of=eve).get_json()
    old_forecast = api(world, A, f"/api/v1/orgs/{C}/dossiers/forecast", as_of=eve).get_json()
    new_days = api(world, B, f"/api/v1/orgs/{C}/dossiers/step-days", as_of=summer).get_json()
    new_forecast = api(world, B, f"/api/v1/orgs/{B}/dossiers/forecast", as_of=summer).get_json()
    old_agenda = api(world, A, f"/api/v1/orgs/{A}/dossiers/agenda", as_of=eve).get_json()
    later = api(world, A, f"/api/v1/orgs/{C}/dossiers/forecast", as_of=summer)

    assert (old_days["dossiers"], old_days["as_of"]) == (1, eve)
    # The old parent: the January admission and the dossier opened in January, nothing later.
    assert (old_forecast["admitted"], old_forecast["preparing"]) == (1, 1)
    assert new_days["dossiers"] == 2
    # The new parent: both dossiers as they stand in June, but only the admission made on its
    # own days (the January one was the old parent's).
    assert (new_forecast["admitted"], new_forecast["preparing"]) == (1, 2)
    assert (old_agenda["as_of"], old_agenda["items"]) == (eve, [])
    assert later.status_code == 404


def test_admissions_are_counted_for_whoever_held_the_cell_on_their_day(world: World) -> None:
    eve = (D - timedelta(days=1)).isoformat()
    old = api(world, A, f"/api/v1/orgs/{C}/indicators", **PERIOD, as_of=eve).get_json()
    new = api(world, B, f"/api/v1/orgs/{C}/indicators", **PERIOD).get_json()
    old_flows = api(world, A, f"/api/v1/orgs/{C}/flows", **PERIOD).get_json()
    new_flows = api(world, B, f"/api/v1/orgs/{C}/flows", **PERIOD).get_json()

    assert (old["admitted"], old["from"], old["to"]) == (1, "2024-01-01", eve)
    assert (new["admitted"], new["from"]) == (1, D.isoformat())
    assert (old_flows["admitted"], old_flows["to"]) == (1, eve)
    assert (new_flows["admitted"], new_flows["from"]) == (1, D.isoformat())


def test_a_members_history_shows_each_parent_its_own_days(world: World) -> None:
    old = api(world, A, f"/api/v1/orgs/{A}/members/{world.member_after}")
    new = api(world, B, f"/api/v1/orgs/{B}/members/{world.member_after}").get_json()
    before = api(world, A, f"/api/v1/orgs/{A}/members/{world.member_before}").get_json()

    assert old.status_code == 404
    assert [e["org"] for e in new["events"]] == [C]
    assert (before["org"], before["status"]) == (None, None)  # in C, which is B's today


def test_the_ended_districts_accounts_read_its_history_up_to_its_end(world: World) -> None:
    last = (E - timedelta(days=1)).isoformat()
    own_day = api(world, H03, f"/api/v1/orgs/{H03_CB}/roll", as_of=last).get_json()
    after = api(world, H03, f"/api/v1/orgs/{H03_CB}/roll", as_of=E.isoformat())
    district = api(world, H03, f"/api/v1/orgs/{H03}/roll").get_json()

    assert own_day["total"] == 1
    assert after.status_code == 404
    assert (district["as_of"], district["total"]) == (TODAY.isoformat(), 0)


def test_the_pages_follow_the_same_rule(world: World) -> None:
    eve = (D - timedelta(days=1)).isoformat()
    old = client_of(world, A, "officer")
    new = client_of(world, B, "officer")
    then = old.get(f"/orgs/{C}/dossiers", query_string={"as_of": eve})
    now = new.get(f"/orgs/{C}/dossiers")

    assert then.status_code == now.status_code == 200
    assert "Ứng viên 0201" in then.get_data(as_text=True)
    assert "Ứng viên 0202" not in then.get_data(as_text=True)
    assert "Ứng viên 0202" in now.get_data(as_text=True)
    assert old.get(f"/orgs/{C}/dossiers").status_code == 404
    assert new.get(f"/orgs/{C}/dossiers", query_string={"as_of": eve}).status_code == 404
