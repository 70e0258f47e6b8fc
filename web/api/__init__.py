"""The JSON API under /api/v1: flask-smorest blueprints, OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, Response, request
from flask_smorest import Api, Blueprint

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
    """flask-smorest's Api documenting our error shape, and documenting its blueprints only when
    the document is first read: building it costs more than the rest of `create_app`, and most
    apps (every test's, every worker's until someone asks) never serve it."""

    ERROR_SCHEMA = ErrorSchema

    def __init__(self, app: Flask | None = None, **options: Any) -> None:
        self._document: Any = None
        self._undocumented: list[tuple[Blueprint, str, Any]] = []
        # Reentrant: documenting a blueprint reads `spec` again, on the same thread.
        self._documenting = threading.RLock()
        self._busy = False
        super().__init__(app, **options)

    @property
    def spec(self) -> Any:
        """The OpenAPI document (apispec), the blueprints registered so far documented in it."""
        if self._undocumented:
            # Another thread waits here until the document is whole; this thread, reading it
            # again while documenting, is handed the document as it stands.
            with self._documenting:
                if self._undocumented and not self._busy:
                    self._busy = True
                    try:
                        for blueprint, name, parameters in self._undocumented:
                            blueprint.register_views_in_doc(
                                self, self._app, self._document, name=name, parameters=parameters
                            )
                            self._document.tag({"name": name, "description": blueprint.description})
                        self._undocumented = []
                    finally:
                        self._busy = False
        return self._document

    @spec.setter
    def spec(self, document: Any) -> None:
        self._document = document

    def register_blueprint(self, blp: Blueprint, *, parameters: Any = None, **options: Any) -> None:
        """flask-smorest's registration, its documentation left to the first read of `spec`."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))


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
