"""The JSON API under /api/v1: flask-smorest blueprints, OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_smorest import Api

from web.api import dossiers, forms, me, orgs, periods, reorganizations, reports, search, structure
from web.errors import ErrorSchema

PREFIX = "/api/v1"
BLUEPRINTS = (
    me.blp,
    orgs.blp,
    reports.blp,
    forms.blp,
    structure.blp,
    reorganizations.blp,
    dossiers.blp,
    search.blp,
    periods.blp,
)

DESCRIPTION = """\
The Party membership registry of a province (Sổ Đảng), as a JSON API.

Every request needs `Authorization: Bearer TOKEN` (`sodang users create` prints one).
An organization outside the caller's subtree answers 404, like a code that does not exist.
Errors have one shape: `{"code", "status", "message", "errors"}`; 422 carries messages per
field, 409 the name of the domain rule that refused (as `code`) and its explanation. Nothing
is stored when an error is returned. `Idempotency-Key` makes a retried POST safe.
Dates are ISO 8601; `known_at` is a moment (naive moments are read in Vietnam time).
"""


class SodangApi(Api):
    """flask-smorest's Api documenting our error shape."""

    ERROR_SCHEMA = ErrorSchema


def init_app(app: Flask) -> SodangApi:
    app.config.update(
        API_TITLE="Sổ Đảng",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": DESCRIPTION},
            "servers": [{"url": "/"}],
            "security": [{"bearerAuth": []}],
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "API token"}
                }
            },
        },
    )
    api = SodangApi(app)  # registers its own HTTPException handler: web.errors replaces it
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.after_request(no_store)
    return api


def no_store(response: Response) -> Response:
    """API answers carry personal data: never cached by a browser or proxy."""
    if request.path.startswith(PREFIX + "/") and not request.path.endswith("openapi.json"):
        response.headers["Cache-Control"] = "no-store"
    return response
