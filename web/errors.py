"""One JSON error shape for the API, raised from one mapping: {code, status, message, errors}.

`code` is a stable machine name (for a refused domain rule: the rule's name), `status` the
HTTP status, `message` a sentence for people, `errors` per-field messages (dotted paths).
Requests outside the API keep HTML errors: the pages register a renderer with
`set_html_renderer`, otherwise Flask's own pages are shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from eventsourcing.persistence import OperationalError as StoreOperationalError
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from marshmallow import Schema, ValidationError, fields
from sqlalchemy.exc import OperationalError as SqlOperationalError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import RequestRedirect

from domain.errors import DomainError, InvalidValue, NotFound, RuleViolation
from web.permissions import refusals

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
HTML_RENDERER = "sodang.html_errors"
HtmlRenderer = Callable[[int, str, str, dict[str, list[str]]], ResponseReturnValue]
# marshmallow's and webargs' messages: a text, a list of them, or an object of them by field
# (a list's items by index).
Messages = str | Sequence["Messages"] | Mapping[str | int, "Messages"]


class ErrorSchema(Schema):
    """Every error of the API."""

    code = fields.String(
        required=True, metadata={"description": "machine name: the rule's name for a 409"}
    )
    status = fields.Integer(required=True, metadata={"description": "HTTP status"})
    message = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": "messages per field, by dotted path"},
    )


class ApiError(Exception):
    """Raise to answer with the error shape; e.g. ApiError(403, "forbidden", "...")."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.errors = errors or {}
        self.headers = headers or {}


def flatten(messages: Messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {"member.full_name": ["..."]}."""
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = f"{prefix}{key}" if key != "_schema" else (prefix.rstrip(".") or "_schema")
            for path, inner in flatten(value, f"{name}." if key != "_schema" else prefix).items():
                flat.setdefault(path, []).extend(inner)
        return flat
    path = prefix.rstrip(".") or "_schema"
    if isinstance(messages, (list, tuple)):
        texts: list[str] = []
        nested: dict[str, list[str]] = {}
        for item in messages:
            if isinstance(item, (dict, list, tuple)):
                for sub, values in flatten(item, prefix).items():
                    nested.setdefault(sub, []).extend(values)
            else:
                texts.append(str(item))
        return {path: texts, **nested} if texts else nested
    return {path: [str(messages)]}


def webargs_errors(data: Mapping[str, Mapping[str, Messages]]) -> dict[str, list[str]]:
    """Messages by location ({"json": {...}, "query": {...}}) merged into one mapping."""
    merged: dict[str, list[str]] = {}
    for location, messages in (data.get("messages") or {}).items():
        if isinstance(messages, dict):
            for path, texts in flatten(messages).items():
                merged.setdefault(path, []).extend(texts)
        else:
            merged.setdefault(f"_{location}", []).extend(flatten(messages)["_schema"])
    return merged


def code_name(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_").replace("'", "")


def describe(error: BaseException) -> ApiError:
    """Any exception as (status, code, message, errors); the one mapping of the API."""
    if isinstance(error, ApiError):
        return error
    if isinstance(error, RuleViolation):
        return ApiError(409, error.rule, refusals.told(error))
    if isinstance(error, InvalidValue):
        return ApiError(
            422, "validation_failed", "the request is not valid", {error.field: [error.message]}
        )
    if isinstance(error, NotFound):
        return ApiError(404, "not_found", str(error))
    if isinstance(error, ValidationError):
        return ApiError(
            422, "validation_failed", "the request is not valid", flatten(error.messages)
        )
    if isinstance(error, DomainError):  # e.g. ConcurrencyError: nothing stored, try again
        return ApiError(409, "conflict", str(error))
    if isinstance(error, (StoreOperationalError, SqlOperationalError)):
        log.warning("database unavailable: %s", error)
        return ApiError(
            503, "unavailable", "the database is busy; try again", headers={"Retry-After": "1"}
        )
    if isinstance(error, RecursionError) and is_api_request():
        # json.loads of a body nested thousands of levels deep
        return ApiError(
            422, "validation_failed", "the request is not valid", {"_json": ["nested too deeply"]}
        )
    if isinstance(error, HTTPException):
        data = getattr(error, "data", None) or {}
        if data.get("messages"):  # webargs: a body or parameters that do not validate
            return ApiError(
                422, "validation_failed", "the request is not valid", webargs_errors(data)
            )
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return ApiError(
            error.code or 500, code_name(error), error.description or error.name, {}, headers
        )
    log.exception("unexpected error", exc_info=error)
    return ApiError(500, "internal_error", "an unexpected error occurred; it has been logged")


def error_response(error: ApiError) -> Response:
    body = {
        "code": error.code,
        "status": error.status,
        "message": error.message,
        "errors": error.errors,
    }
    response = jsonify(body)
    response.status_code = error.status
    response.headers.update(error.headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def handle(error: BaseException) -> ResponseReturnValue:
    """The app-wide handler: JSON for the API, the pages' renderer (or Flask's) elsewhere."""
    described = describe(error)
    if is_api_request():
        return error_response(described)
    renderer: HtmlRenderer | None = current_app.extensions.get(HTML_RENDERER)
    if renderer is not None:
        return renderer(described.status, described.code, described.message, described.errors)
    if isinstance(error, HTTPException):
        return error
    if described.status >= 500:
        return InternalServerError()
    return Response(described.message, status=described.status, mimetype="text/plain")


def handle_api(error: BaseException) -> Response:
    return error_response(describe(error))


def set_html_renderer(app: Flask, renderer: HtmlRenderer) -> None:
    """For the pages: render(status, code, message, errors) for errors outside the API."""
    app.extensions[HTML_RENDERER] = renderer


HANDLED = (HTTPException, DomainError, ValidationError, ApiError, Exception)


def init_app(app: Flask) -> None:
    for kind in HANDLED:
        app.register_error_handler(kind, handle)

    @app.before_request
    def api_routing_errors() -> Response | None:
        """Unknown API paths and methods answer in the error shape, whatever the pages register."""
        routing = request.routing_exception
        if routing is not None and is_api_request() and not isinstance(routing, RequestRedirect):
            return error_response(describe(routing))
        return None


def init_blueprint(blueprint: Blueprint) -> None:
    """Handlers on the API blueprints win over any app-wide handler registered by code."""
    for kind in HANDLED:
        blueprint.register_error_handler(kind, handle_api)
