"""Transcodings the event store needs beyond the library's defaults (dates, enums, roll entries,
an organization's roll ledger)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.roll.history import Entry
from domain.roll.ledger import RollLedger, Standing


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


class EncodedEntries:
    """A snapshot's roll entries as stored: chunks of transcoded JSON text, one per snapshot
    that added entries, decoded only when a rule reads them."""

    __slots__ = ("chunks", "transcoder")

    def __init__(self, chunks: tuple[str, ...], transcoder: JSONTranscoder) -> None:
        self.chunks, self.transcoder = chunks, transcoder

    def load(self) -> list[Entry]:
        decode = self.transcoder.decode
        return [entry for chunk in self.chunks for entry in decode(chunk.encode("utf8"))]


class RollLedgerAsChunks(Transcoding):
    """An organization's roll ledger in its snapshot: the entries as text chunks (the chunks it
    was loaded with, reused as they were, and one for the entries recorded since), their count,
    and each member's standing (None when unknown).

    The entries' text is JSON inside the snapshot's JSON: reading the snapshot reads it as one
    string, and only a rule that needs the entries decodes them."""

    type = RollLedger
    name = "roll_ledger"

    def __init__(self, transcoder: JSONTranscoder) -> None:
        self.transcoder = transcoder

    def encode(self, obj: RollLedger) -> dict[str, Any]:
        sealed = obj.sealed
        if isinstance(sealed, EncodedEntries):  # the same text whichever registry read it
            chunks = list(sealed.chunks)
            new = obj.tail
        else:
            chunks, new = [], obj.entries
        if new:
            chunks.append(self.transcoder.encode(list(new)).decode("utf8"))
            # The same entries, now also as stored text: a later snapshot of this aggregate in
            # memory (a long import, a cached cell) encodes only what comes after them.
            obj.sealed_as(EncodedEntries(tuple(chunks), self.transcoder))
        standings = None
        if obj.standings is not None:
            standings = [
                [member.hex, s.effective_on.isoformat(), int(s.on_roll)]
                for member, s in obj.standings.items()
            ]
        return {"chunks": chunks, "count": obj.count, "standings": standings}

    def decode(self, data: dict[str, Any]) -> RollLedger:
        standings = None
        if data["standings"] is not None:
            standings = {
                UUID(member): Standing(date.fromisoformat(day), bool(on_roll))
                for member, day, on_roll in data["standings"]
            }
        count = data["count"]
        sealed = EncodedEntries(tuple(data["chunks"]), self.transcoder) if count else None
        return RollLedger(sealed, count, [], standings)
