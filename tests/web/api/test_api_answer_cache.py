"""The per-worker answer cache (web/answer_cache.py): kept until the log moves, per caller."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask, request
from flask_wtf.csrf import generate_csrf

from projections import freshness as projections_freshness
from services.config import Settings
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from services.store.positions import PositionReader
from services.store.users import UserStore
from tests import writes
from tests.web.conftest import PASSWORD, Api, Tree, admission
from web import auth
from web.answer_cache import Answer, AnswerCache, cache_of

EVENTS = "/api/v1/orgs/{}/events"
ROLLUP = "/api/v1/orgs/{}/rollup"
ROLL = "/api/v1/orgs/{}/roll"


def hits(app: Flask) -> int:
    return cache_of(app).hits


def test_a_repeated_read_is_answered_from_the_cache_with_the_same_body_and_labels(
    app: Flask, officer: Api, tree: Tree
) -> None:
    first = officer.get(ROLLUP.format(tree.district))
    before = hits(app)
    second = officer.get(ROLLUP.format(tree.district))

    assert first.status_code == second.status_code == 200
    assert hits(app) == before + 1
    assert second.get_data() == first.get_data()
    assert second.headers["X-Sodang-Position"] == first.headers["X-Sodang-Position"]
    assert second.headers["X-Sodang-Lagging"] == "false"
    assert second.headers["Cache-Control"] == "no-store"


def test_a_write_is_read_at_once_by_the_next_read(officer: Api, tree: Tree) -> None:
    path = ROLLUP.format(tree.district)
    before = officer.get(path).get_json()["total"]
    officer.get(path)  # now kept

    stored = officer.post(EVENTS.format(tree.cell), admission())
    after = officer.get(path)

    assert stored.status_code == 201
    assert after.get_json()["total"] == before + 1
    assert int(after.headers["X-Sodang-Position"]) > 0


def test_a_caller_of_another_reach_gets_the_404_not_the_kept_answer(
    app: Flask, officer: Api, make_api: Callable[..., Api], tree: Tree
) -> None:
    stranger = make_api("h02.officer", tree.district2, "officer")
    path = ROLL.format(tree.cell)
    officer.post(EVENTS.format(tree.cell), admission())
    kept = officer.get(path)
    officer.get(path)

    before = hits(app)
    refused = stranger.get(path)
    refused_again = stranger.get(path)

    assert kept.status_code == 200 and kept.get_json()["total"] == 1
    assert refused.status_code == refused_again.status_code == 404
    assert "Lò Thị Mai" not in refused.get_data(as_text=True)
    assert hits(app) == before  # neither refusal came from the cache


def test_a_clerk_and_an_officer_reading_one_rollup_each_get_their_own(
    make_api: Callable[..., Api], tree: Tree
) -> None:
    officer = make_api("h01.officer", tree.district, "officer")
    clerk = make_api("cb01.clerk", tree.cell, "clerk")
    officer.post(EVENTS.format(tree.cell), admission())
    path = ROLL.format(tree.other_cell)

    officers = [officer.get(path).status_code for _ in range(2)]
    clerks = [clerk.get(path).status_code for _ in range(2)]

    assert officers == [200, 200]
    assert clerks == [404, 404]


def test_a_disabled_account_or_a_replaced_token_is_refused_though_its_answer_is_kept(
    users: UserStore, officer: Api, make_api: Callable[..., Api], tree: Tree
) -> None:
    colleague = make_api("h01.officer2", tree.district, "officer")
    path = ROLLUP.format(tree.district)
    kept = [api.get(path).status_code for api in (officer, officer, colleague, colleague)]

    users.issue_token("h01.officer")
    users.disable("h01.officer2")

    assert kept == [200, 200, 200, 200]
    assert officer.get(path).status_code == 401
    assert colleague.get(path).status_code == 401


@pytest.fixture
def signed_in(app: Flask, users: UserStore, tree: Tree) -> Any:
    """A browser session of a district officer (sign-in route beside the app's)."""
    users.create("h01.canbo", tree.district, "officer", PASSWORD)

    def sign_in() -> tuple[str, int]:
        user = auth.authenticate(request.form["name"], request.form["password"])
        if user is None:
            return "no", 401
        auth.login_user(user)
        return "ok", 200

    app.add_url_rule("/t/login", view_func=sign_in, methods=["POST"])
    app.add_url_rule("/t/csrf", view_func=generate_csrf)
    client = app.test_client()
    token = client.get("/t/csrf").get_data(as_text=True)
    answer = client.post(
        "/t/login", data={"name": "h01.canbo", "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 200
    return client


def test_signing_out_everywhere_ends_a_session_whose_answer_is_kept(
    app: Flask, users: UserStore, signed_in: Any, tree: Tree
) -> None:
    path = ROLLUP.format(tree.district)
    assert signed_in.get(path).status_code == 200
    before = hits(app)
    assert signed_in.get(path).status_code == 200
    assert hits(app) == before + 1

    user = users.by_name("h01.canbo")
    assert user is not None
    users.end_sessions(user.id)  # what signing out (or a new password) does
    after = signed_in.get(path)

    assert after.status_code == 401
    assert hits(app) == before + 1


def test_a_past_day_as_known_at_a_past_moment_is_kept_and_a_late_entry_moves_today_only(
    app: Flask, make_api: Callable[..., Api], officer: Api, tree: Tree, clock: Any
) -> None:
    auditor = make_api("h01.auditor", tree.district, "auditor")
    officer.post(EVENTS.format(tree.cell), admission("001190000001", "2026-03-10"))
    moment = clock.advance(hours=1).isoformat()
    clock.advance(hours=1)
    late = officer.post(EVENTS.format(tree.cell), admission("001190000002", "2026-03-11"))
    path = ROLLUP.format(tree.district)

    then = [auditor.get(path, as_of="2026-04-01", known_at=moment) for _ in range(2)]
    before = hits(app)
    now = [auditor.get(path, as_of="2026-04-01") for _ in range(2)]
    after = hits(app)

    assert late.status_code == 201
    assert [a.get_json()["total"] for a in then] == [1, 1]
    assert [a.get_json()["total"] for a in now] == [2, 2]
    assert then[1].get_data() == then[0].get_data()
    assert after == before + 1  # the second read of the present view came from the cache


def test_a_new_day_is_not_answered_from_yesterdays_answers(
    app: Flask, officer: Api, tree: Tree, clock: Any
) -> None:
    path = ROLLUP.format(tree.district)
    officer.get(path)
    before = hits(app)
    clock.advance(days=1)
    officer.get(path)

    assert hits(app) == before


def test_the_cache_keeps_its_bounds_and_forgets_older_positions() -> None:
    cache = AnswerCache(entries=2, max_bytes=10)
    cache.put("a", (1, 1), Answer(b"1234", "application/json"))
    cache.put("b", (1, 1), Answer(b"1234", "application/json"))
    cache.put("c", (1, 1), Answer(b"1234", "application/json"))  # over 10 bytes: "a" goes

    assert cache.get("a") is None and cache.get("b") is not None and len(cache) == 2
    cache.put("d", (2, 2), Answer(b"12", "application/json"))
    cache.put("late", (1, 1), Answer(b"12", "application/json"))  # read before the log moved
    assert cache.get("b") is None and cache.get("late") is None and cache.get("d") is not None


def test_a_lagging_answer_served_again_still_says_it_lags_and_the_catch_up_replaces_it(
    app: Flask, officer: Api, tree: Tree, settings: Settings, clock: Any, make_profile: Any
) -> None:
    app.config["SODANG_FRESHNESS_WAIT"] = 0  # a reader that does not wait
    killed = Registry(settings, clock=clock)  # saves reach the log, no projection sees them
    try:
        command = Admit(
            MemberRef(profile=make_profile()),
            date(2026, 3, 2),
            Decision("7-QĐ/HU", date(2026, 2, 1), tree.district),
        )
        writes.admit(killed, tree.cell, command, "import:killed")
    finally:
        killed.close()
    path = ROLL.format(tree.cell)

    behind = [officer.get(path).get_json() for _ in range(2)]
    app.config["SODANG_FRESHNESS_WAIT"] = 2.0
    caught_up = officer.get(path).get_json()

    assert [(b["total"], b["lagging"]) for b in behind] == [(0, True), (0, True)]
    assert caught_up["total"] == 1 and "lagging" not in caught_up


def test_an_answer_sent_back_by_its_etag_is_answered_304_without_a_body(
    app: Flask, officer: Api, tree: Tree
) -> None:
    path = ROLLUP.format(tree.district)
    first = officer.get(path)
    etag = first.headers["ETag"]

    again = officer.client.get(path, headers=officer.headers({"If-None-Match": etag}))

    assert first.status_code == 200 and etag
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["X-Sodang-Position"] == first.headers["X-Sodang-Position"]
    assert again.headers["Cache-Control"] == "no-store"


def test_an_etag_from_before_a_write_gets_the_new_answer(officer: Api, tree: Tree) -> None:
    path = ROLLUP.format(tree.district)
    first = officer.get(path)
    officer.get(path)  # kept

    stored = officer.post(EVENTS.format(tree.cell), admission())
    after = officer.client.get(
        path, headers=officer.headers({"If-None-Match": first.headers["ETag"]})
    )

    assert stored.status_code == 201
    assert after.status_code == 200
    assert after.get_json()["total"] == first.get_json()["total"] + 1
    assert after.headers["ETag"] != first.headers["ETag"]


def test_a_replaced_token_sending_its_kept_etag_is_refused(
    users: UserStore, officer: Api, tree: Tree
) -> None:
    path = ROLLUP.format(tree.district)
    etag = officer.get(path).headers["ETag"]
    officer.get(path)

    users.issue_token("h01.officer")
    answer = officer.client.get(path, headers=officer.headers({"If-None-Match": etag}))

    assert answer.status_code == 401
    assert "ETag" not in answer.headers


def test_a_caller_of_another_reach_sending_a_kept_etag_gets_its_404(
    officer: Api, make_api: Callable[..., Api], tree: Tree
) -> None:
    path = ROLLUP.format(tree.district)
    etag = officer.get(path).headers["ETag"]
    officer.get(path)
    stranger = make_api("h02.officer", tree.district2, "officer")

    answer = stranger.client.get(path, headers=stranger.headers({"If-None-Match": etag}))

    assert answer.status_code == 404


def spy(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, calls: list[str]) -> None:
    real = getattr(owner, name)

    def counted(*args: Any) -> Any:
        calls.append(name)
        return real(*args)

    monkeypatch.setattr(owner, name, counted)


def test_a_kept_answer_reads_its_positions_and_the_users_version_in_one_query(
    app: Flask,
    officer: Api,
    tree: Tree,
    users: UserStore,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = ROLLUP.format(tree.district)
    officer.get(path)  # computed and kept; the account resolved and kept
    one, separate = [], []
    spy(monkeypatch, PositionReader, "read", one)
    spy(monkeypatch, users, "version", separate)
    spy(monkeypatch, registry, "max_position", separate)
    spy(monkeypatch, projections_freshness, "lowest_position", separate)
    before = hits(app)

    answer = officer.get(path)

    assert answer.status_code == 200 and hits(app) == before + 1
    assert one == ["read"]
    assert separate == []


def test_without_the_one_query_each_part_is_read_on_its_own_and_a_revoked_token_refused(
    app: Flask, officer: Api, tree: Tree, users: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PositionReader, "read", lambda reader: None)
    path = ROLLUP.format(tree.district)
    separate: list[str] = []
    spy(monkeypatch, users, "version", separate)

    answers = [officer.get(path) for _ in range(2)]
    users.issue_token("h01.officer")
    refused = officer.get(path)

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].headers["X-Sodang-Lagging"] == "false"
    assert refused.status_code == 401
    assert separate == ["version"] * 3
