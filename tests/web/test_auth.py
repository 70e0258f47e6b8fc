"""Sign-in for people: sessions, cookies, CSRF, `login_required`; bearer tokens for the API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, request
from flask_wtf.csrf import generate_csrf

from services.store.users import UserStore
from tests.web.conftest import FAST_HASHER, PASSWORD
from web import auth, create_app, extensions
from web.auth import safe_next


@pytest.fixture
def site(app: Flask, users: UserStore, tree: Any) -> Flask:
    """The app with a few routes built on web.auth, standing in for the pages."""
    users.create("h01.canbo", tree.district, "officer", PASSWORD)

    @auth.login_required
    def whoami() -> str:
        user = auth.current_user()
        return user.name if user else "-"

    def sign_in() -> tuple[str, int]:
        user = auth.authenticate(request.form["name"], request.form["password"])
        if user is None:
            return str(auth.g.login_refusal), 401
        auth.login_user(user)
        return "ok", 200

    def sign_out() -> str:
        auth.logout_user()
        return "bye"

    app.add_url_rule("/t/whoami", view_func=whoami)
    app.add_url_rule("/t/login", view_func=sign_in, methods=["POST"])
    app.add_url_rule("/t/logout", view_func=sign_out, methods=["POST"])
    app.add_url_rule("/t/form", view_func=lambda: "saved", methods=["POST"])
    app.add_url_rule("/t/csrf", view_func=generate_csrf)
    return app


def sign_in(client: Any, password: str = PASSWORD) -> Any:
    token = client.get("/t/csrf").get_data(as_text=True)
    return client.post(
        "/t/login", data={"name": "h01.canbo", "password": password, "csrf_token": token}
    )


def test_login_required_sends_strangers_to_the_sign_in_page(site: Flask) -> None:
    answer = site.test_client().get("/t/whoami?as_of=2021-01-01")

    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=/t/whoami%3Fas_of%3D2021-01-01"


def test_a_signed_in_person_is_the_current_user_until_they_sign_out(site: Flask) -> None:
    client = site.test_client()

    signed = sign_in(client)
    inside = client.get("/t/whoami").get_data(as_text=True)
    client.post("/t/logout", data={"csrf_token": client.get("/t/csrf").get_data(as_text=True)})
    after = client.get("/t/whoami").status_code

    assert signed.status_code == 200
    assert inside == "h01.canbo"
    assert after == 302


def test_a_wrong_password_is_refused_and_repeated_failures_lock(site: Flask) -> None:
    client = site.test_client()

    answers = [sign_in(client, "wrong-password").get_data(as_text=True) for _ in range(6)]

    assert answers[0] == "invalid"
    assert answers[-1] == "locked"
    assert sign_in(client).status_code == 401


def test_forms_without_the_csrf_token_are_refused(site: Flask) -> None:
    client = site.test_client()
    sign_in(client)

    without = client.post("/t/form", data={"x": "1"})
    with_token = client.post(
        "/t/form", data={"csrf_token": client.get("/t/csrf").get_data(as_text=True)}
    )

    assert without.status_code == 400
    assert with_token.status_code == 200


def test_bearer_requests_need_no_csrf_token(site: Flask, officer: Any, tree: Any) -> None:
    answer = officer.post(f"/api/v1/orgs/{tree.cell}/events", {"type": "died"})

    assert answer.status_code == 422  # validated, not refused by CSRF


def test_api_writes_by_cookie_need_the_csrf_token(site: Flask, tree: Any) -> None:
    client = site.test_client()
    sign_in(client)

    answer = client.post(f"/api/v1/orgs/{tree.cell}/events", json={"type": "died"})

    assert answer.status_code == 400
    assert answer.get_json()["code"] == "bad_request"
    assert "CSRF" in answer.get_json()["message"]


def test_api_reads_work_with_the_session_cookie(site: Flask, tree: Any) -> None:
    client = site.test_client()
    sign_in(client)

    answer = client.get("/api/v1/me")

    assert answer.get_json()["name"] == "h01.canbo"


def test_a_disabled_person_loses_the_session_at_once(site: Flask, users: UserStore) -> None:
    client = site.test_client()
    sign_in(client)

    users.disable("h01.canbo")

    assert client.get("/t/whoami").status_code == 302


def test_a_bad_bearer_token_is_nobody_even_with_a_session(site: Flask) -> None:
    client = site.test_client()
    sign_in(client)

    answer = client.get("/api/v1/me", headers={"Authorization": "Bearer sdg_forged"})

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def cookie_flags(answer: Any) -> str:
    return next(h for h in answer.headers.getlist("Set-Cookie") if h.startswith("sodang_session="))


def test_the_session_cookie_is_httponly_and_samesite_lax(site: Flask) -> None:
    flags = cookie_flags(sign_in(site.test_client()))

    assert "HttpOnly" in flags
    assert "SameSite=Lax" in flags


@pytest.fixture
def production_app(settings: Any, clock: Any, registry: Any, users: UserStore, tree: Any) -> Any:
    """The app as deployed (not testing, not debugging), with a test route to sign in."""
    users.create("h01.canbo", tree.district, "officer", PASSWORD)
    app = create_app(
        {
            "SODANG_SETTINGS": settings,
            "SODANG_CLOCK": clock,
            "SODANG_REGISTRY": registry,
            "SODANG_PASSWORD_HASHER": FAST_HASHER,
            "SECRET_KEY": "k" * 64,
            "WTF_CSRF_ENABLED": False,
        }
    )

    def sign_in_route() -> str:
        auth.login_user(auth.authenticate("h01.canbo", PASSWORD))  # type: ignore[arg-type]
        return "ok"

    app.add_url_rule("/t/login", view_func=sign_in_route, methods=["POST"])
    yield app
    extensions.close(app)


@pytest.mark.parametrize(
    ("base_url", "secure"),
    [
        ("https://sodang.example", True),
        ("http://sodang.example", True),
        ("http://127.0.0.1:8000", False),  # the demo, on this machine only
        ("http://localhost:8000", False),
        ("https://127.0.0.1", True),
    ],
)
def test_deployed_session_cookies_are_secure_except_over_loopback_http(
    production_app: Flask, base_url: str, secure: bool
) -> None:
    answer = production_app.test_client().post("/t/login", base_url=base_url)

    assert ("Secure" in cookie_flags(answer)) is secure


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/orgs/T01", "/orgs/T01"),
        ("/orgs/T01?as_of=2021-01-01", "/orgs/T01?as_of=2021-01-01"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_next_targets_stay_on_the_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe


def test_sessions_carry_no_password_or_token(site: Flask) -> None:
    client = site.test_client()

    cookie = cookie_flags(sign_in(client))

    assert PASSWORD not in cookie
    assert not re.search(r"sdg_", cookie)
