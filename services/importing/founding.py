"""Founding lines of an import: a province's organization tree loaded with its legacy rolls.

One line founds one organization (thành lập), before any line that needs it:

    {"type": "founded", "org": "T01.H01", "name": "Đảng bộ huyện Thử", "kind": "district",
     "parent": "T01", "founded_on": "1995-01-01"}

`parent` is null (or absent) for a top-level organization. The line becomes the front door's
`FoundOrganization`, refused by the domain as any founding is (code, name, kind, parent kind,
dates), with `replay_same`: an organization already founded with the same values is the same
line imported again (the import stays idempotent, the code is the line's key); one founded with
other values is refused `code_taken`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.roll.values import OrgKind
from services.front_door.commands import FoundOrganization

FOUNDED = "founded"
FIELDS = frozenset({"type", "org", "name", "kind", "parent", "founded_on"})


class FoundingRefused(ValueError):
    """A founding line's field is missing or malformed (the importer names line and field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def is_founding(body: dict[str, Any]) -> bool:
    return body.get("type") == FOUNDED


def parse_founding(body: dict[str, Any]) -> FoundOrganization:
    """The founding command of one line; FoundingRefused names the first bad field."""
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise FoundingRefused(unknown[0], "unknown field in a founding line")
    code = _text(body, "org", "required: the code of the organization founded")
    name = _text(body, "name", "required: the organization's full name")
    kind_text = _text(body, "kind", "required: the kind of organization")
    try:
        kind = OrgKind(kind_text)
    except ValueError:
        choices = ", ".join(k.value for k in OrgKind)
        raise FoundingRefused("kind", f"must be one of: {choices}") from None
    parent = body.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise FoundingRefused("parent", "the code of the parent organization, or null")
    founded_text = _text(body, "founded_on", "required: the founding date (YYYY-MM-DD)")
    try:
        founded_on = date.fromisoformat(founded_text)
    except ValueError:
        raise FoundingRefused("founded_on", "not a valid date (YYYY-MM-DD)") from None
    return FoundOrganization(code, name, kind, parent, founded_on, replay_same=True)


def _text(body: dict[str, Any], field: str, missing: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise FoundingRefused(field, missing)
    return value
