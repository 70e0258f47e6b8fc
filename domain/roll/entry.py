"""The roll entry: one roll event as the aggregates keep it, and the effective history of entries.

Entries are kept in recording order. Corrections and retractions are entries too: they never
change the entries they point at; `effective` folds them in, up to any moment of knowledge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.roll.values import EventType


@dataclass(frozen=True, slots=True, eq=False)  # equal as mappings: to a dict of the same shape too
class Entry(Mapping[str, Any]):
    """One roll event as an aggregate keeps it: the fields every entry has, and its own details.

    The details are what the event stored beside them (decision, reason, member attributes,
    `corrects`/`changes`, `retracts`, the carry's `to`/`from`/`pair`...): they differ by kind.
    The record also reads as a mapping (`entry["org"]`, `entry.get("to")`), the shape entries
    had when they were dicts, so that projections and pages read either; `to_dict` gives that
    dict shape back, which is what member streams store and older snapshots hold.
    """

    event_id: UUID
    type: str
    org: str | None
    member_id: UUID
    effective_on: date
    recorded_at: datetime
    recorded_by: str
    details: Mapping[str, Any] = field(default_factory=dict)
    seq: int | None = None  # the position in recording order, set by `effective`

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        """The record of an entry in its dict shape (a member stream's event, an old snapshot)."""
        if isinstance(data, Entry):
            return data
        rest = {k: v for k, v in data.items() if k not in _CORE}
        return cls(
            event_id=data["event_id"],
            type=str(data["type"]),
            org=data.get("org"),
            member_id=data["member_id"],
            effective_on=data["effective_on"],
            recorded_at=data["recorded_at"],
            recorded_by=data["recorded_by"],
            details=rest,
            seq=data.get("seq"),
        )

    def at(self, seq: int) -> Entry:
        """This entry at its position in recording order (`dataclasses.replace` did the same
        through field introspection, a tenth of the time a bulk load spends checking rules)."""
        return Entry(
            self.event_id,
            self.type,
            self.org,
            self.member_id,
            self.effective_on,
            self.recorded_at,
            self.recorded_by,
            self.details,
            seq,
        )

    def to_dict(self) -> dict[str, Any]:
        """The dict shape: details first, the core fields over them (as events built it)."""
        return dict(self.items())

    @property
    def kind(self) -> EventType:
        return EventType(self.type)

    @property
    def member(self) -> dict[str, Any] | None:
        """Member attributes, carried by intakes (and corrected by corrections)."""
        return self.details.get("member")

    # -- the mapping view ------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        if key in _CORE:
            if key == "seq" and self.seq is None:
                raise KeyError(key)
            return getattr(self, key)
        return self.details[key]

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in self.details if k not in _CORE)
        yield from _FIELDS
        if self.seq is not None:
            yield "seq"

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        if key == "seq":
            return self.seq is not None
        return key in _CORE or key in self.details

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


_FIELDS = (
    "event_id",
    "type",
    "org",
    "member_id",
    "effective_on",
    "recorded_at",
    "recorded_by",
)
_CORE = frozenset({*_FIELDS, "seq"})
assert {f.name for f in fields(Entry)} == _CORE | {"details"}


def effective(entries: list[Entry], known_at: datetime | None = None) -> list[Entry]:
    """Roll events as known at `known_at`, corrections applied, retracted ones dropped, in valid-time order."""
    current: dict[UUID, Entry] = {}
    order: list[UUID] = []
    for seq, entry in enumerate(entries):
        if known_at is not None and entry.recorded_at > known_at:
            continue
        kind = entry.type
        if kind == EventType.RETRACTION:
            current.pop(entry.details["retracts"], None)
        elif kind == EventType.CORRECTION:
            target = current.get(entry.details["corrects"])
            if target is not None:
                current[entry.details["corrects"]] = apply_changes(target, entry.details["changes"])
        else:
            current[entry.event_id] = entry.at(seq)
            order.append(entry.event_id)
    live = [current[event_id] for event_id in order if event_id in current]
    return sorted(live, key=lambda e: (e.effective_on, e.seq))


def apply_changes(entry: Entry, changes: Mapping[str, Any]) -> Entry:
    """The entry as corrected; member attributes are merged, other fields replaced."""
    core: dict[str, Any] = {}
    details = dict(entry.details)
    for key, value in changes.items():
        if key == "member":
            details["member"] = {**(entry.details.get("member") or {}), **value}
        elif key in _CORE:
            core[key] = value
        else:
            details[key] = value
    return replace(entry, details=details, **core)
