"""What every API blueprint shares: authentication, strict parameters, the error shape, and
the refusal of hostile text."""

from __future__ import annotations

import json
from typing import Any

from flask import Request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, ValidationError, pre_load
from webargs.flaskparser import FlaskParser

from domain.roll.values import CODE_PATTERN
from services.roll.text_guards import hostile_text
from web import errors
from web.auth import current_user


def require_user() -> None:
    """Every API request is made by a user (bearer token, or the session for the pages)."""
    if current_user() is None:
        raise errors.ApiError(
            401,
            "unauthorized",
            "sign in: send Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": 'Bearer realm="sodang"'},
        )


class StrictParser(FlaskParser):
    """Unknown query parameters are refused (a mistyped `as_of` must not give today's roll),
    and every body Python's JSON reader chokes on is an invalid body, not a crash."""

    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }

    def __init__(self) -> None:
        super().__init__()
        self._schemas: dict[type[Schema], Schema] = {}

    def _get_schema(self, argmap: Any, req: Request) -> Schema:
        """One instance per schema class, built at its first request and kept: webargs built
        a new one for every request, and with it every nested schema (a third of the CPU of
        parsing an admission). Loading keeps no state on the instance."""
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            found = self._schemas.get(argmap)
            if found is None:
                found = self._schemas[argmap] = argmap()
            return found
        schema: Schema = super()._get_schema(argmap, req)
        return schema

    def _raw_load_json(self, req: Request) -> Any:  # the JSON body, before any validation
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as error:  # 5,000-digit numbers, deep nesting
            self._handle_invalid_json_error(json.JSONDecodeError(str(error), "", 0), req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def blueprint(name: str, description: str, url_prefix: str = "/api/v1") -> ApiBlueprint:
    """A blueprint whose every route needs a user and answers errors in the error shape."""
    blp = ApiBlueprint(name, __name__, url_prefix=url_prefix, description=description)
    blp.before_request(require_user)
    errors.init_blueprint(blp)
    return blp


CODE_PARAM = {
    "in": "path",
    "name": "code",
    "description": "organization code",
    "schema": {"type": "string", "pattern": CODE_PATTERN.pattern},
}


# Hostile text is refused by the same rules as the import file (services/roll/text_guards.py).


class NoHostileText:
    """Mixin for body schemas: refuse markup in names and control characters (422, nothing stored)."""

    @pre_load
    def refuse_hostile_text(self, data: object, **_: object) -> object:
        problems = hostile_text(data) if isinstance(data, dict) else {}
        if problems:
            raise ValidationError(problems)
        return data
