"""Domain errors: every refusal names the rule that refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

# Whether the one who reads a refusal may read an organization on a day (the web decides).
MayRead = Callable[[str, date], bool]


class DomainError(Exception):
    """Base class of all errors raised by the domain model."""


@dataclass(frozen=True)
class Mention:
    """An organization a refusal's message speaks of, on the day it speaks of.

    `org` None: a place the rule cannot name (e.g. a person's former cell), never readable."""

    org: str | None
    on: date


class RuleViolation(DomainError):
    """A domain rule refused a command; nothing is stored.

    `rule` is a stable machine-readable name (part of the API contract), `message` the
    human explanation with its places and dates, `details` carries ids and dates.

    A refusal may concern a person's history in organizations the requester does not reach
    (another cell's roll, a death recorded elsewhere). Its `mentions` list those organizations
    with their days, and `public` says the same in general terms: `told` gives the message
    only to a reader who may read every organization mentioned, on its day.
    """

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        public: str | None = None,
        mentions: Iterable[Mention] = (),
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.mentions = tuple(mentions)
        self.public = public or (f"refused by the rule {rule}" if self.mentions else message)
        self.details = details

    def told(self, may_read: MayRead) -> str:
        """The message as this reader may see it: with its facts, or in general terms."""
        if all(m.org is not None and may_read(m.org, m.on) for m in self.mentions):
            return self.message
        return self.public

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
