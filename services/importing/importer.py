"""Bulk import of NDJSON files: the whole file is stored in one transaction, or nothing.

Each line is one front-door command: a roll event (services.roll.bodies) in an organization,
or the founding of an organization (services.importing.founding)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError

from domain.errors import DomainError, InvalidValue, NotFound, RuleViolation
from services.front_door.commands import FoundOrganization, RecordEvent
from services.importing.founding import FoundingRefused, is_founding, parse_founding
from services.roll.bodies import parse_body

MAX_LINE_BYTES = 64 * 1024


class ImportFailed(DomainError):
    """A line of the file is refused; nothing of the file was stored."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(f"line {line}, field {field}: {message}")
        self.line = line
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ParsedLine:
    """One line of the file as the command the front door applies."""

    line: int
    command: RecordEvent | FoundOrganization

    @property
    def founds(self) -> str | None:
        """The code this line founds, if it is a founding line."""
        return self.command.code if isinstance(self.command, FoundOrganization) else None


@dataclass(frozen=True)
class ImportReport:
    lines: int
    stored: int
    already_present: int
    position: int | None


def first_error(messages: Any, prefix: str = "") -> tuple[str, str]:
    """The first (field path, message) of marshmallow's nested messages."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        field = key if key != "_schema" else prefix.rstrip(".") or "(line)"
        return first_error(value, f"{prefix}{field}." if key != "_schema" else prefix)
    if isinstance(messages, list) and messages and not isinstance(messages[0], str):
        return first_error(messages[0], prefix)
    text = messages[0] if isinstance(messages, list) else str(messages)
    return prefix.rstrip(".") or "(line)", text


def parse_line(number: int, raw: str) -> ParsedLine | None:
    """One line checked and turned into a command; None for a blank line."""
    if not raw.strip():
        return None
    if len(raw) > MAX_LINE_BYTES:
        raise ImportFailed(number, "(line)", f"longer than {MAX_LINE_BYTES} bytes")
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImportFailed(number, "(json)", f"not valid JSON: {error.msg}") from None
    if not isinstance(body, dict):
        raise ImportFailed(number, "(line)", "each line must be a JSON object")
    if is_founding(body):
        try:
            return ParsedLine(number, parse_founding(body))
        except FoundingRefused as error:
            raise ImportFailed(number, error.field, error.message) from None
    org = body.pop("org", None)
    if not isinstance(org, str) or not org:
        raise ImportFailed(number, "org", "required: the code of the organization")
    try:
        command, key = parse_body(body)
    except ValidationError as error:
        raise ImportFailed(number, *first_error(error.messages)) from None
    return ParsedLine(number, RecordEvent(org, command, key))


def parse_lines(lines: Iterable[str]) -> list[ParsedLine]:
    """Validate every line; the first bad line raises ImportFailed."""
    parsed = (parse_line(number, raw) for number, raw in enumerate(lines, start=1))
    return [p for p in parsed if p is not None]


def explain(error: DomainError) -> tuple[str, str]:
    if isinstance(error, InvalidValue):
        return error.field, error.message
    if isinstance(error, RuleViolation):
        return "(rule)", f"refused by rule {error.rule}: {error.message}"
    if isinstance(error, NotFound):
        return error.what if error.what != "organization" else "org", str(error)
    return "(line)", str(error)
