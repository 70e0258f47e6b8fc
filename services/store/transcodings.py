"""Transcodings the event store needs beyond the library's defaults (dates, enums, roll entries)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.roll.history import Entry


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def enum_transcoding(enum: type[StrEnum]) -> Transcoding:
    """One transcoding per enum: without it a StrEnum silently comes back as str."""

    class EnumAsValue(Transcoding):
        type = enum
        name = f"enum_{enum.__name__}"

        def encode(self, obj: Any) -> str:
            return str(obj.value)

        def decode(self, data: str) -> Any:
            return enum(data)

    return EnumAsValue()


class EntryAsDict(Transcoding):
    """A roll entry in snapshots, in the dict shape entries always had (details and core fields)."""

    type = Entry
    name = "roll_entry"

    def encode(self, obj: Entry) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Entry:
        return Entry.from_dict(data)
