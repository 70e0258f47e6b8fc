"""Who is asking: people by a signed session cookie, API clients by `Authorization: Bearer TOKEN`.

The pages own the /login and /logout routes and call `authenticate`, `login_user` and
`logout_user`. CSRF protection covers every unsafe request authenticated by the cookie;
requests that carry a bearer token are exempt (a browser never adds that header by itself).

Each worker keeps the accounts its tokens and sessions resolved to (`AccountCache`), valid only
while the users' version read at the start of the request is the one they were resolved at:
no account lookup for a repeated caller (a GET reads the version in the same query as the log's
head and the projections' positions: services/store/positions.py), and a sign-out, a new
password or token or a disabled account made by any worker ends the cached ones at once.
"""

from __future__ import annotations

import functools
import ipaddress
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import ParamSpec
from urllib.parse import quote, urlsplit

from flask import Flask, Request, Response, current_app, g, redirect, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer

from services.store.users import User, UserStore, hash_token
from web import extensions

__all__ = [
    "User",
    "authenticate",
    "csrf",
    "current_user",
    "login_required",
    "login_user",
    "logout_user",
    "safe_next",
]

P = ParamSpec("P")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_KEY = "uid"
EPOCH_KEY = "epoch"  # the account's session epoch at sign-in: a later one ends this session
CACHE_KEY = "sodang_account_cache"
CACHE_LIMIT = 4096  # accounts of one worker; past it the cache starts again (no unbounded growth)
csrf = CSRFProtect()


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or ""


def current_user() -> User | None:
    """The signed-in user of this request, or None; a bearer token wins over the session."""
    if "sodang_user" not in g:
        g.sodang_user = _load_user()
    found: User | None = g.sodang_user
    return found


class AccountCache:
    """Accounts resolved by a token's hash or a session's (account, epoch), all resolved at one
    users' version; a request that reads another version drops them (thread-safe).

    Only found, enabled accounts are kept: a refused token costs the full lookup every time, so
    guessing cannot fill the memory. An account is kept under the version read BEFORE it was
    looked up, so a write that lands in between leaves it under a version already past.
    """

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self.hits = 0
        self._lock = threading.Lock()
        self._version: int | None = None
        self._accounts: dict[tuple[str, str | int, int], User] = {}

    def peek(self, version: int, key: tuple[str, str | int, int]) -> User | None:
        """The account kept under `key` at `version`, without looking anything up."""
        with self._lock:
            found = self._accounts.get(key) if version == self._version else None
            if found is not None:
                self.hits += 1
            return found

    def resolve(
        self, version: int, key: tuple[str, str | int, int], lookup: Callable[[], User | None]
    ) -> User | None:
        found = self.peek(version, key)
        if found is not None:
            return found
        user = lookup()
        if user is None:
            return None
        with self._lock:
            if version != self._version or len(self._accounts) >= self.limit:
                self._version, self._accounts = version, {}
            self._accounts[key] = user
        return user


def _load_user() -> User | None:
    token = bearer_token()
    if token is not None and not token:
        return None
    users = extensions.get_users()
    cache: AccountCache = current_app.extensions[CACHE_KEY]
    if token is not None:
        return cache.resolve(
            _version(users), ("token", hash_token(token), 0), lambda: users.by_token(token)
        )
    user_id, epoch = session.get(SESSION_KEY), session.get(EPOCH_KEY)
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        return None
    return cache.resolve(
        _version(users), ("session", user_id, epoch), lambda: _by_session(users, user_id, epoch)
    )


def _version(users: UserStore) -> int:
    """The users' version, read in this read's one positions query when there is one."""
    found = extensions.request_positions()
    return users.version() if found is None else found.users_version


def _by_session(users: UserStore, user_id: int, epoch: int) -> User | None:
    user = users.get(user_id)
    if user is None or user.disabled or user.session_epoch != epoch:
        return None
    return user


def authenticate(name: str, password: str) -> User | None:
    """Check a sign-in; after repeated failures the account or address is locked for a while.

    Why it failed is left in `g.login_refusal` ("locked" or "invalid") and the end of a
    lockout in `g.locked_until`, for the sign-in page to explain.
    """
    answer = extensions.get_users().authenticate(name, password, request.remote_addr)
    g.locked_until = answer.locked_until
    g.login_refusal = None if answer.user else ("locked" if answer.locked_until else "invalid")
    return answer.user


def login_user(user: User) -> None:
    """Start a fresh session for the user (nothing of a previous session is kept)."""
    session.clear()
    session[SESSION_KEY] = user.id
    session[EPOCH_KEY] = user.session_epoch
    session.permanent = True
    g.sodang_user = user


def logout_user() -> None:
    """End every session of the signed-in account, not only this one: a copied cookie dies too."""
    user = current_user() if bearer_token() is None else None
    if user is not None:
        extensions.get_users().end_sessions(user.id)
    session.clear()
    g.sodang_user = None


def safe_next(target: str | None, default: str = "/") -> str:
    """A `next=` target only if it stays on this site (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


def login_required(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """For pages: without a signed-in user, redirect to /login?next=<this page>."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if current_user() is None:
            here = request.full_path.rstrip("?") if request.query_string else request.path
            return redirect(f"/login?next={quote(here, safe='/')}")
        return view(*args, **kwargs)

    return wrapper


class SessionInterface(SecureCookieSessionInterface):
    """Secure cookies, except over plain HTTP to this machine itself (the demo on 127.0.0.1).

    Per request it does only what the request needs: a request without a session cookie (an
    API client with its token) builds no signing serializer, and one whose session stayed
    empty and untouched sets no cookie attributes; the serializer is built once per set of keys.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        found = self._serializers.get(keys)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is None:
                return None
            self._serializers = {keys: found}  # a new key replaces the old serializer
        return found

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # nothing to verify
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return  # as Flask's own: no cookie to set or to delete
        super().save_session(app, session, response)

    def get_cookie_secure(self, app: Flask) -> bool:
        if not app.config["SESSION_COOKIE_SECURE"]:
            return False
        return request.is_secure or not _is_loopback(request.host)


def _is_loopback(host: str) -> bool:
    if host.startswith("["):  # [::1]:8000
        name = host[1:].split("]", 1)[0]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cookie_config(testing: bool, debug: bool) -> dict[str, bool | str | timedelta | None]:
    """Session cookies: HttpOnly, SameSite=Lax, Secure unless testing or debugging."""
    return {
        "SESSION_COOKIE_NAME": "sodang_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not (testing or debug),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "WTF_CSRF_TIME_LIMIT": None,  # a form stays valid as long as the session
    }


def init_app(app: Flask) -> None:
    # Checked below for cookie-authenticated requests only (not by Flask-WTF for everything).
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.session_interface = SessionInterface()
    app.extensions[CACHE_KEY] = AccountCache()
    csrf.init_app(app)

    @app.before_request
    def check_csrf() -> None:
        if not app.config["WTF_CSRF_ENABLED"]:
            return
        if request.method not in UNSAFE_METHODS or bearer_token() is not None:
            return
        if request.path.startswith("/api/") and current_user() is None:
            return  # no session to ride on: the API answers 401
        csrf.protect(apply_exemptions=True)
