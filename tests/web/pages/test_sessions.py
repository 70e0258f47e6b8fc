"""Sessions end everywhere at once: signing out or a new password kills every copy of the cookie."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from click.testing import CliRunner
from flask import Flask

from services.cli import main
from services.config import Settings
from services.store.users import MAX_PASSWORD, UserStore
from tests.web.conftest import Api
from tests.web.pages.conftest import PAGE_PASSWORD, Browser


def copy_of_the_cookie(app: Flask, browser: Browser) -> Browser:
    """Another client holding the same session cookie, as a thief who captured it would."""
    thief = Browser(app.test_client())
    cookie = browser.client.get_cookie("sodang_session")
    assert cookie is not None
    thief.client.set_cookie("sodang_session", cookie.value)
    return thief


def sign_out(browser: Browser, page: str) -> None:
    token = browser.hidden(page)["csrf_token"]
    assert browser.client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_a_captured_cookie_stops_working_when_its_owner_signs_out(
    app: Flask, browse: Callable[..., Browser], tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    thief = copy_of_the_cookie(app, officer)
    page = f"/orgs/{tree.district}"
    assert thief.get(page).status_code == 200

    sign_out(officer, page)

    assert thief.get(page).status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_signing_out_in_one_browser_ends_the_sessions_of_every_other(
    app: Flask, browse: Callable[..., Browser], tree: Any
) -> None:
    at_the_office = browse("h01.officer", tree.district, "officer")
    at_home = Browser(app.test_client())
    assert at_home.login("h01.officer").status_code == 302
    page = f"/orgs/{tree.district}"

    sign_out(at_the_office, page)

    assert at_home.get(page).status_code == 302
    assert at_home.login("h01.officer").status_code == 302  # signing in again works
    assert at_home.get(page).status_code == 200


def test_a_new_password_ends_every_session_but_keeps_the_api_token(
    app: Flask, browse: Callable[..., Browser], users: UserStore, tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    token = users.issue_token("h01.officer")
    page = f"/orgs/{tree.district}"

    users.set_password("h01.officer", "một-mật-khẩu-mới-hẳn")

    assert officer.get(page).status_code == 302
    assert Api(app.test_client(), token).get("/api/v1/me").status_code == 200
    assert officer.login("h01.officer", PAGE_PASSWORD).status_code == 401
    assert officer.login("h01.officer", "một-mật-khẩu-mới-hẳn").status_code == 302


def test_a_password_change_by_the_cli_ends_the_sessions(
    app: Flask, browse: Callable[..., Browser], settings: Settings, tree: Any
) -> None:
    officer = browse("h01.officer", tree.district, "officer")
    env = {"SODANG_DATABASE_URL": settings.database_url, "SODANG_DEPLOYMENT": settings.deployment}

    changed = CliRunner().invoke(
        main,
        ["users", "password", "h01.officer", "--password-stdin"],
        input="một-mật-khẩu-mới-hẳn\n",
        env=env,
        catch_exceptions=False,
    )

    assert changed.exit_code == 0, changed.output
    assert officer.get(f"/orgs/{tree.district}").status_code == 302


def test_the_longest_password_the_cli_accepts_signs_in(
    app: Flask, settings: Settings, tree: Any, open_browser: Callable[[], Browser]
) -> None:
    longest = ("mật-khẩu-" * 200)[:MAX_PASSWORD]
    env = {"SODANG_DATABASE_URL": settings.database_url, "SODANG_DEPLOYMENT": settings.deployment}
    invoke = CliRunner().invoke
    create = ["users", "create", "--org", tree.cell, "--role", "clerk", "--password-stdin"]

    made = invoke(main, [*create, "--name", "cb01.vanthu"], input=longest + "\n", env=env)
    too_long = invoke(main, [*create, "--name", "cb01.khac"], input=longest + "x\n", env=env)
    signed_in = open_browser().login("cb01.vanthu", longest)
    cut_short = open_browser().login("cb01.vanthu", longest[:1000])
    one_more = open_browser().login("cb01.vanthu", longest + "x")

    assert len(longest) == MAX_PASSWORD == 1024
    assert made.exit_code == 0, made.output
    assert too_long.exit_code == 1 and "password" in too_long.output
    assert signed_in.status_code == 302
    assert cut_short.status_code == 401
    assert one_more.status_code == 401
