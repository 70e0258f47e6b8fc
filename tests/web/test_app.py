"""The app factory, the per-process services, and gunicorn with the deploy configuration."""

from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import web.gunicorn_conf
from services.config import Settings
from web import create_app, extensions

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = Settings(database_url="postgresql://nobody@127.0.0.1:1/nothing")


def test_creating_the_app_touches_no_database() -> None:
    app = create_app({"TESTING": True, "SODANG_SETTINGS": UNREACHABLE})

    assert app.extensions[extensions.KEY].built == {}
    assert app.url_map.bind("localhost").match("/api/v1/me") == ("me.Me", {})


def test_the_secret_key_comes_from_the_settings() -> None:
    settings = Settings(database_url=UNREACHABLE.database_url, secret_key="s" * 64)

    app = create_app({"SODANG_SETTINGS": settings})

    assert app.config["SECRET_KEY"] == "s" * 64


def test_without_a_secret_key_one_is_generated_once_and_kept(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SODANG_VAR_DIR", str(tmp_path))

    first = create_app({"SODANG_SETTINGS": UNREACHABLE}).config["SECRET_KEY"]
    second = create_app({"SODANG_SETTINGS": UNREACHABLE}).config["SECRET_KEY"]

    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_deployed_cookies_are_secure_httponly_and_lax() -> None:
    config = create_app({"SODANG_SETTINGS": UNREACHABLE, "SECRET_KEY": "k"}).config

    assert (config["SESSION_COOKIE_SECURE"], config["SESSION_COOKIE_HTTPONLY"]) == (True, True)
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAX_CONTENT_LENGTH"] == 64 * 1024


def test_services_are_built_once_per_process(app: Flask) -> None:
    with app.app_context():
        first = extensions.get_users()
        again = extensions.get_users()
        found = app.extensions[extensions.KEY]
        found.pid = -1  # as if this process had been forked after first use
        after_fork = extensions.get_users()

    assert first is again
    assert after_fork is not first
    first.close()


def test_the_pages_are_registered_when_present_and_can_be_left_out() -> None:
    with_pages = create_app({"TESTING": True, "SODANG_SETTINGS": UNREACHABLE})
    without = create_app({"TESTING": True, "SODANG_SETTINGS": UNREACHABLE, "SODANG_PAGES": False})

    assert any(r.rule == "/login" for r in with_pages.url_map.iter_rules())
    assert not any(
        not r.rule.startswith(("/api/", "/static/")) for r in without.url_map.iter_rules()
    )


def test_responses_carry_the_security_headers(app: Flask) -> None:
    answer = app.test_client().get("/api/v1/openapi.json")

    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"


def test_api_answers_are_never_cached(officer: Any, tree: Any) -> None:
    answer = officer.get(f"/api/v1/orgs/{tree.district}")

    assert answer.headers["Cache-Control"] == "no-store"


def load_gunicorn_config(**env: str) -> dict[str, Any]:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        # As gunicorn reads it: the file executed afresh with this environment.
        return runpy.run_path(str(Path(web.gunicorn_conf.__file__)))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_gunicorn_uses_threaded_keepalive_workers_without_preload() -> None:
    config = load_gunicorn_config(
        SODANG_WEB_WORKERS="3", SODANG_WEB_THREADS="6", SODANG_BIND="127.0.0.1:9999"
    )

    assert (config["worker_class"], config["threads"]) == ("gthread", 6)
    assert config["keepalive"] > 0
    assert config["preload_app"] is False
    assert (config["workers"], config["bind"], config["wsgi_app"]) == (
        3,
        "127.0.0.1:9999",
        "web.wsgi:app",
    )
    assert config["timeout"] > 0 and config["accesslog"] == "-"


def test_the_deploy_file_serves_the_packaged_settings() -> None:
    deployed = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))

    assert deployed["wsgi_app"] == "web.wsgi:app"
    assert deployed["worker_class"] == "gthread" and callable(deployed["post_worker_init"])


def test_gunicorn_defaults_to_one_worker_per_cpu_with_many_threads() -> None:
    """Fewer, fuller processes: a worker's concurrent writers share one transaction (group
    commit) and one projection catch-up; threads past its pool wait for a connection."""
    config = load_gunicorn_config(SODANG_WEB_WORKERS="", SODANG_WEB_THREADS="")

    assert (config["workers"], config["threads"]) == (os.cpu_count() or 1, 16)


def test_gunicorn_replaces_a_worker_only_after_many_requests() -> None:
    """A replaced worker builds the app again: at 5,000 requests that happened every few
    seconds under load and set the read percentiles; still bounded, and settable."""
    default = load_gunicorn_config(SODANG_WEB_MAX_REQUESTS="")
    chosen = load_gunicorn_config(SODANG_WEB_MAX_REQUESTS="20000")

    assert default["max_requests"] >= 100_000
    assert 0 < default["max_requests_jitter"] < default["max_requests"]
    assert (chosen["max_requests"], chosen["max_requests_jitter"]) == (20_000, 2_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_gunicorn_serves_the_api_from_forked_workers(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SODANG_DATABASE_URL": settings.database_url,
        "SODANG_DEPLOYMENT": settings.deployment,
        "SODANG_SECRET_KEY": "x" * 64,
        "SODANG_POOL_SIZE": "1",
        "SODANG_BIND": f"127.0.0.1:{port}",
        "SODANG_WEB_WORKERS": "2",
        "SODANG_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
    ]
    server = subprocess.Popen(gunicorn, env=env, cwd=tmp_path, stderr=subprocess.PIPE)
    try:
        statuses = [fetch(f"http://127.0.0.1:{port}/api/v1/me") for _ in range(6)]
        document = fetch(f"http://127.0.0.1:{port}/api/v1/openapi.json")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert statuses == [401] * 6
    assert document == 200
    assert b"Traceback" not in errors, errors.decode()
    assert "/api/v1/me" in (tmp_path / "access.log").read_text()


def fetch(url: str, wait: float = 20.0) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
