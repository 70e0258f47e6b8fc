"""Domain errors: every refusal names the rule that refused."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class of all errors raised by the domain model."""


class RuleViolation(DomainError):
    """A domain rule refused a command; nothing is stored.

    `rule` is a stable machine-readable name (part of the API contract),
    `message` is the human explanation, `details` carries ids and dates.
    """

    def __init__(self, rule: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


class InvalidValue(DomainError):
    """A value is malformed (a field the domain validates itself)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(DomainError):
    """A referenced organization, member or event does not exist."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} not found: {key}")
        self.what = what
        self.key = key
