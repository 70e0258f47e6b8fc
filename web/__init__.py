"""The Flask web layer: JSON API and dashboards, built only by `create_app`."""

from __future__ import annotations

import importlib
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from services.config import Settings
from web import answer_cache, answer_front, api, auth, errors, extensions, freshness
from web.headers import security_headers

MAX_BODY = 64 * 1024
log = logging.getLogger(__name__)


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the app; nothing touches the database until the first request (after the fork)."""
    app = Flask(__name__)
    configure(app, test_config or {})
    extensions.init_app(app)
    auth.init_app(app)
    api.init_app(app)
    errors.init_app(app)  # after the API: its handlers replace flask-smorest's
    init_pages(app)
    freshness.init_app(app)
    # After `label` (freshness): Flask runs after_request hooks last-registered first, so an
    # answer is kept as the view wrote it and labelled afterwards, computed or served again.
    answer_cache.init_app(app)
    app.after_request(security_headers)
    answer_front.init_app(app)
    return app


def configure(app: Flask, test_config: Mapping[str, object]) -> None:
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY)
    testing = bool(test_config.get("TESTING", app.testing))
    app.config.update(auth.cookie_config(testing, bool(test_config.get("DEBUG", app.debug))))
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in the schemas' order
    app.config.update(test_config)
    settings = app.config.get("SODANG_SETTINGS")
    if settings is None and not app.testing:
        settings = app.config["SODANG_SETTINGS"] = Settings.from_env()
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(settings, app.testing)
    proxies = int(os.environ.get("SODANG_PROXY_COUNT", "0") or 0)
    if proxies:
        # Behind nginx: trust X-Forwarded-For/-Proto/-Host from that many proxies only.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]


def secret_key(settings: Settings | None, testing: bool) -> str:
    """SODANG_SECRET_KEY, or for development a key generated once and kept in var/secret_key."""
    if settings is not None and settings.secret_key:
        return settings.secret_key
    if testing:
        return secrets.token_hex(32)
    path = Path(os.environ.get("SODANG_VAR_DIR", "var")) / "secret_key"
    if not path.exists():
        log.warning("SODANG_SECRET_KEY is not set: using a generated key kept in %s", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".secret_key.{os.getpid()}")
        candidate.write_text(secrets.token_hex(32))
        candidate.chmod(0o600)
        try:
            os.link(candidate, path)  # atomic: the first worker's key wins
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()


def init_pages(app: Flask) -> None:
    """The dashboards, when the `web.pages` package is present (SODANG_PAGES=False: API only)."""
    if not app.config.get("SODANG_PAGES", True):
        return
    try:
        pages = importlib.import_module("web.pages")
    except ModuleNotFoundError as error:
        if error.name != "web.pages":
            raise
        return
    pages.init_app(app)
