"""The answer cache's front door (web/answer_front.py): a repeated read answered before Flask,
the same bytes and headers as Flask's, and Flask for everything it cannot vouch for."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from services.store.users import UserStore
from tests.web.conftest import Api, Tree, admission
from web import create_app
from web.answer_cache import CACHED
from web.answer_front import AnswerFront, front_of

EVENTS = "/api/v1/orgs/{}/events"
ORG = "/api/v1/orgs/{}/{}"
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}
# Every cached route with arguments it answers 200 to (a district auditor's own district).
READS: dict[str, tuple[str, dict[str, str]]] = {
    "reports.Roll": ("roll", {}),
    "reports.Rollup": ("rollup", {"depth": "1"}),
    "reports.Standings": ("standings", {"period": "2026"}),
    "reports.Flows": ("flows", PERIOD),
    "reports.Indicators": ("indicators", PERIOD),
    "reports.Series": ("series", PERIOD),
    "reports.Diff": ("diff", {"known_at_1": "2026-01-01T00:00:00Z"}),
    "structure.RestatedFigures": ("restated", {"as_of": "2026-01-01"}),
    "structure.OrgLineage": ("lineage", {}),
}


@pytest.fixture
def front(app: Flask) -> AnswerFront:
    found = front_of(app)
    assert found is not None
    return found


@pytest.fixture
def flask_only(
    app: Flask, front: AnswerFront
) -> Iterator[Callable[[Callable[[], TestResponse]], TestResponse]]:
    """Runs one request with the front door taken away: Flask's own answer."""

    def run(request: Callable[[], TestResponse]) -> TestResponse:
        app.wsgi_app = front.inner  # type: ignore[method-assign]
        try:
            return request()
        finally:
            app.wsgi_app = front  # type: ignore[method-assign]

    yield run


def comparable(answer: TestResponse) -> tuple[int, bytes, list[tuple[str, str]]]:
    return answer.status_code, answer.get_data(), sorted(answer.headers.items())


def test_every_cached_route_is_a_route_of_the_app_and_is_exercised_here(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints >= CACHED
    assert set(READS) == CACHED


@pytest.mark.parametrize("endpoint", sorted(READS))
def test_a_repeated_read_gets_from_the_front_what_flask_answers(
    endpoint: str,
    front: AnswerFront,
    flask_only: Callable[[Callable[[], TestResponse]], TestResponse],
    officer: Api,
    make_api: Callable[..., Api],
    tree: Tree,
) -> None:
    auditor = make_api("h01.auditor", tree.district, "auditor")  # the diff is for auditors
    assert officer.post(EVENTS.format(tree.cell), admission()).status_code == 201
    route, query = READS[endpoint]
    path = ORG.format(tree.district, route)
    computed = auditor.get(path, **query)
    before = front.served

    served = auditor.get(path, **query)
    by_flask = flask_only(lambda: auditor.get(path, **query))

    assert computed.status_code == 200, computed.get_json()
    assert front.served == before + 1
    assert comparable(served) == comparable(by_flask)
    assert served.get_data() == computed.get_data()
    assert served.headers["ETag"] == computed.headers["ETag"]


def test_an_etag_sent_back_gets_from_the_front_the_304_flask_answers(
    front: AnswerFront,
    flask_only: Callable[[Callable[[], TestResponse]], TestResponse],
    officer: Api,
    tree: Tree,
) -> None:
    path = ORG.format(tree.district, "rollup")
    etag = officer.get(path).headers["ETag"]
    headers = officer.headers({"If-None-Match": etag})
    before = front.served

    served = officer.client.get(path, headers=headers)
    by_flask = flask_only(lambda: officer.client.get(path, headers=headers))

    assert front.served == before + 1
    assert served.status_code == 304 and served.get_data() == b""
    assert comparable(served) == comparable(by_flask)


def test_a_read_after_a_write_is_computed_by_flask_with_the_write_in_it(
    front: AnswerFront, officer: Api, tree: Tree
) -> None:
    path = ORG.format(tree.district, "rollup")
    total = officer.get(path).get_json()["total"]
    officer.get(path)
    before = front.served

    assert officer.post(EVENTS.format(tree.cell), admission()).status_code == 201
    after = officer.get(path)

    assert after.get_json()["total"] == total + 1
    assert front.served == before


def test_a_caller_of_another_reach_never_gets_a_kept_answer_from_the_front(
    front: AnswerFront, officer: Api, make_api: Callable[..., Api], tree: Tree
) -> None:
    path = ORG.format(tree.cell, "roll")
    assert officer.post(EVENTS.format(tree.cell), admission()).status_code == 201
    officer.get(path)
    officer.get(path)
    stranger = make_api("h02.officer", tree.district2, "officer")
    before = front.served

    refused = [stranger.get(path) for _ in range(3)]

    assert [answer.status_code for answer in refused] == [404, 404, 404]
    assert all("Lò Thị Mai" not in answer.get_data(as_text=True) for answer in refused)
    assert front.served == before


def test_a_replaced_token_is_refused_by_flask_though_its_answer_is_kept(
    front: AnswerFront, users: UserStore, officer: Api, tree: Tree
) -> None:
    path = ORG.format(tree.district, "rollup")
    officer.get(path)
    officer.get(path)
    before = front.served

    users.issue_token("h01.officer")
    answer = officer.get(path)

    assert answer.status_code == 401
    assert front.served == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Cookie": "session=x"},  # Flask may answer with the session's cookie refreshed
        {"Authorization": "Bearer "},  # an empty token: Flask's 401
        {"Authorization": "Basic eDp5"},
    ],
)
def test_requests_the_front_cannot_vouch_for_go_to_flask(
    front: AnswerFront, officer: Api, tree: Tree, headers: dict[str, str]
) -> None:
    path = ORG.format(tree.district, "rollup")
    officer.get(path)
    before = front.served

    if "Cookie" in headers:
        officer.client.set_cookie("session", "x")  # the test client sends its jar, not a header
    answer = officer.client.get(path, headers={**officer.headers(), **headers})

    assert front.served == before
    if "Authorization" in headers:
        assert answer.status_code == 401
    else:
        assert answer.status_code == 200


def test_an_uncached_route_and_a_head_request_go_to_flask(
    front: AnswerFront, officer: Api, tree: Tree
) -> None:
    events = EVENTS.format(tree.cell)
    rollup = ORG.format(tree.district, "rollup")
    officer.get(rollup)

    answers = [officer.get(events), officer.get(events), officer.open("HEAD", rollup)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert front.served == 0


def test_the_front_can_be_turned_off() -> None:
    app = create_app({"TESTING": True, "SODANG_ANSWER_FRONT": False})

    assert front_of(app) is None
