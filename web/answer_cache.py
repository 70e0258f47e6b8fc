"""Answers of the read API kept per worker until the log moves (issue 12, item 3).

A figure read from the projections cannot change while the log stands still, so a GET of a
figure route answers the same bytes to the same caller until then. Each worker process keeps
the JSON bodies it served in a bounded LRU, keyed by everything the answer depends on:

- the route and its arguments (path values, the query string as sent);
- the positions the request's freshness check read (`web/freshness.py`): the projections'
  position and the log's head, so any new event, or a catch-up, opens a new key: a write
  is seen by the next read (read-your-writes);
- the province's today (the default `as_of`), so midnight opens a new key;
- who asks: the account, its organization and role. The reach (web/permissions/reach.py)
  is computed from these and the tree, and the tree moves only with the log; a caller is
  never served an answer computed for another account, so a foreign caller still meets the
  access check and its 404.

Each kept answer carries an entity tag (`ETag`, from its positions and its body): a client that
sends it back in `If-None-Match` while the log stands still is answered 304 without the body,
after the same authentication and under the same key (its caller, its arguments).

The check runs after the caller is authenticated (a signed-out or disabled account never
reaches it) and only caches 200 answers; refusals are computed every time. A cached answer is
the serialized body: the view, its argument parsing and the schema's dumping are skipped, and
the freshness headers are added as for any answer. The answer was computed in a snapshot
opened after the freshness check, so it is never older than its key's position (at worst one
commit newer, while a write lands between the two).

`SODANG_ANSWER_CACHE` sets the entries kept per worker (0 turns the cache off).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date

from flask import Flask, Response, current_app, g, request
from werkzeug.datastructures import MultiDict

from web import freshness
from web.auth import User, current_user
from web.extensions import get_queries, get_registry

# The figure reads of the API: answers computed only from the projections, the caller and the
# clock's day. Stream reads (orgs' events) and writes are not here.
CACHED = frozenset(
    {
        "reports.Roll",
        "reports.Rollup",
        "reports.Standings",
        "reports.Flows",
        "reports.Indicators",
        "reports.Series",
        "reports.Diff",
        "structure.RestatedFigures",
        "structure.OrgLineage",
    }
)
ENTRIES = 512  # answers per worker
MAX_BYTES = 64 * 1024 * 1024  # bodies per worker, all entries together
MAX_ANSWER = 8 * 1024 * 1024  # a bigger body (a province's whole roll) is not kept


@dataclass(frozen=True)
class Answer:
    body: bytes
    mimetype: str
    etag: str = ""  # of the body at its positions (`tag`); "" for answers kept without one


def tag(body: bytes, positions: tuple[int, int]) -> str:
    """The entity tag of an answer: its positions (which decide its freshness labels) and a
    digest of its body, so an unchanged figure keeps its tag only while the log stands still."""
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return f"{positions[0]}-{positions[1]}-{digest}"


class AnswerCache:
    """A thread-safe LRU of answers, bounded by entries and by bytes; a newer log position
    empties it (the older keys can never be asked again by a fresh request)."""

    def __init__(self, entries: int = ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._newest: tuple[int, int] = (0, 0)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, positions: tuple[int, int], answer: Answer) -> None:
        if len(answer.body) > MAX_ANSWER or self.entries <= 0:
            return
        with self._lock:
            if positions < self._newest:
                return  # a request that read the log before it moved: nobody asks this key again
            if positions > self._newest:
                self._newest = positions
                self._kept.clear()
                self._bytes = 0
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._kept[key] = answer
            self._bytes += len(answer.body)
            while self._kept and (len(self._kept) > self.entries or self._bytes > self.max_bytes):
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._kept)


def cache_of(app: Flask) -> AnswerCache:
    found: AnswerCache = app.extensions["sodang_answers"]
    return found


def answer_key(
    endpoint: str,
    view_args: Mapping[str, object],
    args: MultiDict[str, str],
    language: str,
    positions: tuple[int, int],
    today: date,
    user: User,
) -> Hashable:
    """The key of an answer: everything it depends on (the module's docstring says why). The
    answer front (web/answer_front.py) computes the same key before Flask does."""
    return (
        endpoint,
        tuple(sorted(view_args.items())),
        tuple(sorted(args.items(multi=True))),
        language,
        positions,
        today,
        (user.id, user.org, user.role),
    )


def _key() -> tuple[Hashable, tuple[int, int]] | None:
    """This request's key and positions, or None when it is not a cached read."""
    if request.method != "GET" or request.endpoint not in CACHED:
        return None
    user = current_user()
    if user is None:
        return None  # the view answers 401
    queries = get_queries()  # checks freshness first (web/freshness.py)
    fresh = freshness.note(get_registry())
    if fresh is None:
        return None
    positions = (fresh.position, fresh.log_position)
    key = answer_key(
        request.endpoint,
        request.view_args or {},
        request.args,
        request.headers.get("Accept-Language", ""),
        positions,
        queries.today(),
        user,
    )
    return key, positions


def serve_cached() -> Response | None:
    """before_request: answer from the cache, skipping the view, when this exact read was
    answered to this caller at this log position."""
    cache = cache_of(current_app)
    if cache.entries <= 0:
        return None
    found = _key()
    if found is None:
        return None
    g.sodang_answer_key = found
    answer = cache.get(found[0])
    if answer is None:
        return None
    g.sodang_answer_key = None  # served from the cache: nothing to store
    if answer.etag and request.if_none_match.contains(answer.etag):
        unchanged = Response(status=304)
        unchanged.set_etag(answer.etag)
        return unchanged
    served = Response(answer.body, status=200, mimetype=answer.mimetype)
    if answer.etag:
        served.set_etag(answer.etag)
    return served


def keep_answer(response: Response) -> Response:
    """after_request: keep a 200 JSON answer of a cached read under the key read before it."""
    found = g.pop("sodang_answer_key", None)
    if found is None or response.status_code != 200 or not response.is_json:
        return response
    if response.direct_passthrough or response.is_streamed:
        return response
    key, positions = found
    body = response.get_data()
    answer = Answer(body, response.mimetype or "application/json", tag(body, positions))
    cache_of(current_app).put(key, positions, answer)
    response.set_etag(answer.etag)
    return response


def init_app(app: Flask) -> None:
    """Registered after the API and the freshness labels: the body is kept before `label`
    adds a lagging answer's fields (and `label` adds them again to a cached answer)."""
    app.extensions["sodang_answers"] = AnswerCache(
        int(app.config.get("SODANG_ANSWER_CACHE", ENTRIES))
    )
    app.before_request(serve_cached)
    app.after_request(keep_answer)
