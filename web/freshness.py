"""Every answer read from the projections says which log position it was computed from.

A GET that reads the projections (through `get_queries`) first checks how far they stand
behind the event log; when behind it catches them up for at most WAIT seconds. The answer
then carries `X-Sodang-Position`, `X-Sodang-Log-Position` and `X-Sodang-Lagging` headers;
while behind, the API's object bodies also carry the same three as JSON fields (`position`,
`log_position`, `lagging: true`: a client reading only the body still sees it; a current
answer keeps its documented shape), and the pages show "Số liệu đang cập nhật": never figures
from a projection behind the log labelled as current.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, g, has_request_context, request

if TYPE_CHECKING:
    from projections.freshness import Freshness
    from services.registry import Registry
    from services.store.positions import Positions

WAIT = 2.0  # seconds a read may spend catching the projections up before answering
READS = ("GET", "HEAD")


def note(registry: Registry, read: Positions | None = None) -> Freshness | None:
    """The freshness of this request's reads, measured once (GET and HEAD only); from `read`,
    the request's positions (web.extensions.request_positions), when it could be read."""
    if not has_request_context() or request.method not in READS:
        return None
    found: Freshness | None = g.get("sodang_freshness")
    if found is None:
        from projections.freshness import freshness

        wait = float(current_app.config.get("SODANG_FRESHNESS_WAIT", WAIT))
        stand = None if read is None else (read.head, read.projections)
        found = g.sodang_freshness = freshness(registry, wait, stand)
    return found


def current() -> Freshness | None:
    """What `note` measured for this request, if it read the projections."""
    found: Freshness | None = g.get("sodang_freshness")
    return found


def label(response: Response) -> Response:
    found = current()
    if found is None:
        return response
    response.headers["X-Sodang-Position"] = str(found.position)
    response.headers["X-Sodang-Log-Position"] = str(found.log_position)
    response.headers["X-Sodang-Lagging"] = "true" if found.lagging else "false"
    if (
        found.lagging
        and request.path.startswith("/api/")
        and response.is_json
        and response.status_code == 200
    ):
        body = response.get_json(silent=True)
        if isinstance(body, dict):
            body.update(
                position=found.position, log_position=found.log_position, lagging=found.lagging
            )
            response.set_data(json.dumps(body, ensure_ascii=False, default=str))
    return response


def init_app(app: Flask) -> None:
    app.after_request(label)
    app.context_processor(lambda: {"data_freshness": current()})
