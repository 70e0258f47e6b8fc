"""The answer cache's front door: a repeated read answered before Flask builds a request (issue
12, item 3).

A dashboard asks the same figures again and again while the log stands still. The answer cache
(web/answer_cache.py) skips the view for them, but each such answer still paid for Flask's
request context, its hooks and its response object: most of a cached GET's CPU. This WSGI
middleware answers those requests itself, from the same cache and under the same key, and hands
every other request to Flask untouched.

It answers only when all of these hold; otherwise Flask answers, exactly as before:

- a GET of a cached figure route (`answer_cache.CACHED`) under /api/, with a bearer token and
  no cookie (Flask would refresh a cookie's session in its answer);
- this worker has built its registry, its queries and its positions reader (its first request
  goes through Flask and builds them);
- the one positions query (services/store/positions.py) answers and the projections are not
  behind the log (a lagging read goes to Flask, which catches them up and says so);
- the token is in the worker's account cache at the users' version just read (a new, disabled
  or signed-out token, or any change to the accounts, goes to Flask for the full lookup);
- the cache holds an answer under the key Flask computes (`answer_cache.answer_key`): only a
  200 of the view, after its access check for this very account, is ever stored there.

Its answer carries what Flask's hooks add to a cached answer: the freshness headers, the entity
tag (304 to a matching `If-None-Match`), `Cache-Control: no-store` and the security headers.
tests/web/api/test_api_answer_front.py checks that each cached route answers the same status,
body and headers both ways. `SODANG_ANSWER_FRONT=False` leaves every request to Flask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask, Request
from werkzeug.exceptions import HTTPException

from projections.freshness import reached
from services.store.users import User, hash_token
from web import answer_cache, auth, extensions
from web.headers import NO_STORE, SECURITY

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

API = "/api/"


class AnswerFront:
    """WSGI middleware around the Flask app: cached answers first, Flask for the rest."""

    def __init__(self, app: Flask, inner: WSGIApplication) -> None:
        self.app = app
        self.inner = inner
        self.served = 0  # answers given here, for the tests and the benchmarks

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO", "").startswith(API)
            and "HTTP_COOKIE" not in environ
            and environ.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
        ):
            answered = self.answer(environ, start_response)
            if answered is not None:
                return answered
        return self.inner(environ, start_response)

    def answer(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes] | None:
        cache = answer_cache.cache_of(self.app)
        services: extensions.Services = self.app.extensions[extensions.KEY]
        services.parts()  # a fork since the last request starts afresh
        registry = self.app.config.get("SODANG_REGISTRY") or services.registry.value
        queries, reader = services.queries.value, services.positions.value
        if cache.entries <= 0 or registry is None or queries is None or reader is None:
            return None
        request = Request(environ)
        try:  # matched as Flask matches it (its server name and trusted hosts included)
            adapter = self.app.create_url_adapter(request)
            endpoint, view_args = adapter.match() if adapter is not None else ("", {})
        except HTTPException:  # unknown path, wrong method, redirect, bad host: Flask answers
            return None
        if endpoint not in answer_cache.CACHED:
            return None
        token = request.headers.get("Authorization", "").partition(" ")[2].strip()
        positions = reader.read()
        if not token or positions is None:
            return None
        stand = (positions.head, reached(positions.projections))
        if stand[1] < stand[0]:
            return None  # lagging: Flask catches the projections up and labels the answer
        accounts: auth.AccountCache = self.app.extensions[auth.CACHE_KEY]
        user: User | None = accounts.peek(positions.users_version, ("token", hash_token(token), 0))
        if user is None:
            return None
        key = answer_cache.answer_key(
            endpoint,
            view_args,
            request.args,
            request.headers.get("Accept-Language", ""),
            (stand[1], stand[0]),
            queries.today(),
            user,
        )
        found = cache.get(key)
        if found is None:
            return None
        self.served += 1
        headers = [
            ("X-Sodang-Position", str(stand[1])),
            ("X-Sodang-Log-Position", str(stand[0])),
            ("X-Sodang-Lagging", "false"),
            NO_STORE,
            *SECURITY,
        ]
        if found.etag:
            headers.append(("ETag", f'"{found.etag}"'))
            if request.if_none_match.contains(found.etag):
                start_response("304 NOT MODIFIED", headers)
                return []
        headers += [
            ("Content-Type", found.mimetype),
            ("Content-Length", str(len(found.body))),
        ]
        start_response("200 OK", headers)
        return [found.body]


def init_app(app: Flask) -> None:
    """Put the front door before Flask (and before a proxy fix, which only rewrites addresses
    that no cached answer depends on)."""
    if not app.config.get("SODANG_ANSWER_FRONT", True):
        return
    app.wsgi_app = AnswerFront(app, app.wsgi_app)  # type: ignore[method-assign]


def front_of(app: Flask) -> AnswerFront | None:
    found = app.wsgi_app
    return found if isinstance(found, AnswerFront) else None
