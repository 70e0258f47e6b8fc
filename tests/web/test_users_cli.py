"""`sodang users create|list|disable|enable|token|password` through click's CliRunner."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner, Result

from services.cli import main
from services.config import Settings
from tests.web.conftest import PASSWORD, Api


@pytest.fixture
def run(settings: Settings, province: Any) -> Any:
    """Runs `sodang ...` on the test database (where the `province` tree exists)."""
    env = {
        "SODANG_DATABASE_URL": settings.database_url,
        "SODANG_DEPLOYMENT": settings.deployment,
        "SODANG_POOL_SIZE": "1",
    }

    def run_(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=stdin, env=env, catch_exceptions=False)

    return run_


def test_create_prints_a_token_that_signs_in_to_the_api(run: Any, app: Any, tree: Any) -> None:
    created = run(
        "users", "create", "--org", tree.district, "--role", "officer", "--name", "h01.canbo"
    )

    token = created.stdout.strip().splitlines()[-1]
    answer = Api(app.test_client(), token).get("/api/v1/me")

    assert created.exit_code == 0
    assert answer.status_code == 200
    assert answer.get_json()["name"] == "h01.canbo"
    assert answer.get_json()["org"] == tree.district


def test_create_reads_the_password_from_stdin(run: Any, users: Any, tree: Any) -> None:
    created = run(
        "users",
        "create",
        "--org",
        tree.cell,
        "--role",
        "clerk",
        "--name",
        "cb01.vanthu",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )

    assert created.exit_code == 0
    assert users.authenticate("cb01.vanthu", PASSWORD, "127.0.0.1").user is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "T99", "--role", "officer", "--name", "ghost"), "organization not found: T99"),
        (("--org", "T01", "--role", "king", "--name", "king"), "Invalid value for '--role'"),
        (("--org", "T01", "--role", "officer", "--name", "<b>"), "name:"),
    ],
)
def test_create_refuses_unknown_orgs_roles_and_bad_names(
    run: Any, args: tuple[str, ...], message: str
) -> None:
    refused = run("users", "create", *args)

    assert refused.exit_code != 0
    assert message in refused.output
    assert "No users yet" in run("users", "list").output


def test_list_shows_each_user_with_org_role_and_state(run: Any, tree: Any) -> None:
    run("users", "create", "--org", tree.province, "--role", "oversight", "--name", "tinh.btc")
    run("users", "create", "--org", tree.district, "--role", "auditor", "--name", "h01.kiemtra")
    run("users", "disable", "h01.kiemtra")

    lines = run("users", "list").output.splitlines()

    assert lines[0].split() == ["h01.kiemtra", tree.district, "auditor", "disabled"]
    assert lines[1].split() == ["tinh.btc", tree.province, "oversight", "active"]


def test_disable_stops_the_token_at_once_and_enable_restores_it(
    run: Any, app: Any, tree: Any
) -> None:
    token = run(
        "users", "create", "--org", tree.district, "--role", "officer", "--name", "h01.canbo"
    )
    client = Api(app.test_client(), token.stdout.strip())

    run("users", "disable", "h01.canbo")
    disabled = client.get("/api/v1/me").status_code
    run("users", "enable", "h01.canbo")
    enabled = client.get("/api/v1/me").status_code

    assert (disabled, enabled) == (401, 200)


def test_token_replaces_the_api_token(run: Any, app: Any, tree: Any) -> None:
    old = run("users", "create", "--org", tree.district, "--role", "officer", "--name", "h01.canbo")

    new = run("users", "token", "h01.canbo").stdout.strip()

    assert Api(app.test_client(), old.stdout.strip()).get("/api/v1/me").status_code == 401
    assert Api(app.test_client(), new).get("/api/v1/me").status_code == 200


def test_password_sets_the_web_sign_in(run: Any, users: Any, tree: Any) -> None:
    run("users", "create", "--org", tree.district, "--role", "officer", "--name", "h01.canbo")

    done = run("users", "password", "h01.canbo", "--password-stdin", stdin=PASSWORD + "\n")

    assert done.exit_code == 0
    assert users.authenticate("h01.canbo", PASSWORD, "127.0.0.1").user is not None


def test_disabling_an_unknown_user_fails_cleanly(run: Any) -> None:
    refused = run("users", "disable", "nobody")

    assert refused.exit_code == 1
    assert "no user named nobody" in refused.output
