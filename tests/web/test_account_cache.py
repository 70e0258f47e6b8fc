"""Each worker keeps resolved accounts (web/auth.py `AccountCache`) only while the users' version
holds: a sign-out, a new password or token or a disabled account ends them at once, in every
worker, and otherwise a repeated token or session skips the account lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, request
from flask_wtf.csrf import generate_csrf

from services.config import Settings
from services.registry import Registry
from services.store.users import User, UserStore
from tests.web.conftest import FAST_HASHER, PASSWORD, Api, Tree
from web import auth, create_app, extensions

ME = "/api/v1/me"
NAME = "h01.canbo"


def cache_hits(app: Flask) -> int:
    cache: auth.AccountCache = app.extensions[auth.CACHE_KEY]
    return cache.hits


def count_calls(monkeypatch: pytest.MonkeyPatch, users: UserStore, method: str) -> list[Any]:
    """Calls of one of the store's lookups, made through the app (the same store object)."""
    calls: list[Any] = []
    real = getattr(users, method)

    def spy(*args: Any) -> User | None:
        calls.append(args)
        found: User | None = real(*args)
        return found

    monkeypatch.setattr(users, method, spy)
    return calls


@pytest.fixture(params=["this worker", "another worker"])
def writer(
    request: pytest.FixtureRequest,
    users: UserStore,
    settings: Settings,
    clock: Any,
    registry: Registry,
) -> Iterator[UserStore]:
    """The user store a change is made through: the app's own, or that of a second app on the
    same database, as another gunicorn worker holding its own cache."""
    if request.param == "this worker":
        yield users
        return
    other = create_app(
        {
            "TESTING": True,
            "SODANG_SETTINGS": settings,
            "SODANG_CLOCK": clock,
            "SODANG_REGISTRY": registry,
            "SODANG_PASSWORD_HASHER": FAST_HASHER,
        }
    )
    with other.app_context():
        yield extensions.get_users()
    extensions.close(other)


@pytest.fixture
def browser(app: Flask, users: UserStore, tree: Tree) -> Any:
    """A signed-in browser session of a district officer (sign-in route beside the app's)."""
    users.create(NAME, tree.district, "officer", PASSWORD)

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
    answer = client.post("/t/login", data={"name": NAME, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 200
    return client


def test_a_repeated_token_skips_the_account_lookup(
    app: Flask, users: UserStore, officer: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = count_calls(monkeypatch, users, "by_token")
    before = cache_hits(app)

    answers = [officer.get(ME) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert {answer.get_json()["name"] for answer in answers} == {"h01.officer"}
    assert len(lookups) == 1
    assert cache_hits(app) == before + 2


def test_a_repeated_session_skips_the_account_lookup(
    app: Flask, users: UserStore, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = count_calls(monkeypatch, users, "get")

    statuses = [browser.get(ME).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert len(lookups) == 1


def test_a_refused_token_is_looked_up_every_time_not_kept(
    users: UserStore, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = count_calls(monkeypatch, users, "by_token")
    stranger = Api(app.test_client(), "sdg_not-a-token-of-anyone")

    statuses = [stranger.get(ME).status_code for _ in range(2)]

    assert statuses == [401, 401]
    assert len(lookups) == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda store: store.disable("h01.officer"),
        lambda store: store.issue_token("h01.officer"),
    ],
    ids=["disabled", "token replaced"],
)
def test_a_cached_token_stops_working_at_once(
    officer: Api, writer: UserStore, change: Callable[[UserStore], Any]
) -> None:
    kept = [officer.get(ME).status_code for _ in range(2)]

    change(writer)

    assert kept == [200, 200]
    assert officer.get(ME).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        lambda store: store.end_sessions(store.by_name(NAME).id),
        lambda store: store.set_password(NAME, "a-new-password-2026"),
        lambda store: store.disable(NAME),
    ],
    ids=["signed out everywhere", "new password", "disabled"],
)
def test_a_cached_session_stops_working_at_once(
    browser: Any, writer: UserStore, change: Callable[[UserStore], Any]
) -> None:
    kept = [browser.get(ME).status_code for _ in range(2)]

    change(writer)

    assert kept == [200, 200]
    assert browser.get(ME).status_code == 401


def test_an_account_enabled_again_by_another_worker_is_let_in_at_once(
    officer: Api, users: UserStore, writer: UserStore
) -> None:
    users.disable("h01.officer")
    refused = officer.get(ME).status_code

    writer.enable("h01.officer")

    assert refused == 401
    assert officer.get(ME).status_code == 200


def test_every_account_write_moves_the_users_version_on(users: UserStore, tree: Tree) -> None:
    seen = [users.version()]
    user, _ = users.create(NAME, tree.district, "officer", PASSWORD)
    seen.append(users.version())
    for change in (
        lambda: users.issue_token(NAME),
        lambda: users.set_password(NAME, "a-new-password-2026"),
        lambda: users.end_sessions(user.id),
        lambda: users.disable(NAME),
        lambda: users.enable(NAME),
    ):
        change()
        seen.append(users.version())

    assert seen == sorted(set(seen))  # strictly increasing: each write moved it on
    assert len(seen) == 7


def test_the_cache_keeps_its_bound_and_drops_another_versions_accounts() -> None:
    cache = auth.AccountCache(limit=2)
    people = [User(n, f"u{n}", "T01", "officer") for n in range(3)]

    for n, person in enumerate(people):
        cache.resolve(1, ("token", str(n), 0), lambda person=person: person)
    kept_at_one = cache.resolve(1, ("token", "2", 0), lambda: None)
    gone_at_two = cache.resolve(2, ("token", "2", 0), lambda: None)

    assert kept_at_one == people[2]  # the third started the cache again and stayed
    assert cache.resolve(1, ("token", "0", 0), lambda: None) is None  # dropped at the bound
    assert gone_at_two is None  # kept at version 1 only
