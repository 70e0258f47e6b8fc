"""A refused form's messages, by field: marshmallow's nested messages and the domain's
refusals, keyed by the form's field names ("member.full_name") so each lands by its input."""

from __future__ import annotations

from marshmallow import ValidationError

from domain.errors import InvalidValue, NotFound, RuleViolation
from web.errors import Messages

# A refused submission: the rule it broke (said above the form), or messages by field.
Refusal = RuleViolation | dict[str, list[str]]


def flatten(messages: Messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {"member.full_name": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "from" if key == "from_" else str(key)
            if name == "_schema":
                path = prefix or "_schema"
            else:
                path = f"{prefix}.{name}" if prefix else name
            for inner, texts in flatten(value, path).items():
                flat.setdefault(inner, []).extend(texts)
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                for inner, texts in flatten(item, prefix).items():
                    flat.setdefault(inner, []).extend(texts)
            else:
                flat.setdefault(prefix or "_schema", []).append(str(item))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat


NOT_FOUND_FIELDS = {"member": "member_id", "organization": "from", "event": "corrects"}


def field_errors(error: Exception, kind: str) -> dict[str, list[str]]:
    """Per-field messages (English, from the schema or the domain) of a refused form."""
    if isinstance(error, ValidationError):
        return flatten(error.messages)
    if isinstance(error, InvalidValue):
        return {error.field: [error.message]}
    if isinstance(error, NotFound):
        name = NOT_FOUND_FIELDS.get(error.what, "_schema")
        if kind == "transferred_out" and name == "from":
            name = "to"
        if kind == "retraction" and name == "corrects":
            name = "retracts"
        return {name: [f"not found: {error.what}"]}
    return {"_schema": [str(error)]}
